import type { ProbeSample } from '../../shared/lab-types';

/** The first moment a run showed the split, and how. */
export interface Tell {
  /** ms since epoch (the probe sample's time). */
  at: number;
  /** `masters-claimed`: two data nodes answered role:master; `sentinels-moved`: most sentinels named another master. */
  kind: 'masters-claimed' | 'sentinels-moved';
  /** One sentence for the debrief, e.g. "redis-1 and redis-2 both claim master". */
  detail: string;
}

/**
 * The first tell at or after `from`: a sample where more than one data node
 * claims master, or where a strict majority of the sentinels name a master
 * other than `staleLeader`. Pure.
 */
export function findTell(
  samples: readonly ProbeSample[],
  from: number,
  staleLeader: string | undefined,
): Tell | undefined {
  for (const s of samples) {
    if (s.t < from) continue;
    if (s.mastersClaimed > 1) {
      const masters = s.nodes
        .filter((n) => n.kind === 'redis' && n.role === 'master')
        .map((n) => n.node);
      return {
        at: s.t,
        kind: 'masters-claimed',
        detail: `${masters.join(' and ') || `${s.mastersClaimed} nodes`} claim master`,
      };
    }
    if (!staleLeader) continue;
    const sentinels = s.nodes.filter((n) => n.kind === 'sentinel');
    const moved = sentinels.filter(
      (n) => n.role === 'sentinel' && n.following && n.following !== staleLeader,
    );
    if (sentinels.length > 0 && moved.length > sentinels.length / 2) {
      const names = [...new Set(moved.map((n) => n.following))].join('/');
      return {
        at: s.t,
        kind: 'sentinels-moved',
        detail: `${moved.length} of ${sentinels.length} sentinels name ${names} as master instead of ${staleLeader}`,
      };
    }
  }
  return undefined;
}

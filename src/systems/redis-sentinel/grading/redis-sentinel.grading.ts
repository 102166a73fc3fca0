import type { ProbeSample } from '../../../shared/lab-types';
import { replicationProblems } from '../../../core/grading/replication-health';
import type { SystemGrading } from '../../../core/grading/system-grading';
import { majorityOf, mastersClaimedTell } from '../../../core/grading/tell';
import { clocksFixed } from './clocks-fixed.check';

/** The master most sentinels name in a sample, when a strict majority agree. */
function sentinelChoice(s: ProbeSample): string | undefined {
  const sentinels = s.nodes.filter((n) => n.kind === 'sentinel');
  return majorityOf(sentinels.map((n) => (n.role === 'sentinel' ? n.following : undefined)));
}

/**
 * Redis Sentinel's part of grading: the sentinels' choice, its tells (two
 * masters claimed, then most sentinels naming another master than the stale
 * one), and final health (one master, replicas caught up, every sentinel
 * naming it, CKQUORUM OK). Pure.
 */
export const redisSentinelGrading: SystemGrading = {
  checks: { 'clocks-fixed': clocksFixed },
  coordinatorKinds: ['sentinel'],
  coordinatorChoice: sentinelChoice,
  tellIn(s, staleLeader, { kinds }) {
    const claimed = kinds.includes('masters-claimed') ? mastersClaimedTell(s) : undefined;
    if (claimed) return claimed;
    if (!staleLeader || !kinds.includes('sentinels-moved')) return undefined;
    const sentinels = s.nodes.filter((n) => n.kind === 'sentinel');
    const moved = sentinels.filter(
      (n) => n.role === 'sentinel' && n.following && n.following !== staleLeader,
    );
    if (sentinels.length === 0 || moved.length <= sentinels.length / 2) return undefined;
    const names = [...new Set(moved.map((n) => n.following))].join('/');
    return {
      at: s.t,
      kind: 'sentinels-moved',
      detail: `${moved.length} of ${sentinels.length} sentinels name ${names} as master instead of ${staleLeader}`,
    };
  },
  health: {
    problems(h) {
      const master = h.masters.length === 1 ? h.masters[0] : undefined;
      const problems = replicationProblems(h, master, 'all claim master');
      const views = Object.entries(h.coordinatorViews);
      const dissent = views.filter(([, v]) => v !== master);
      if (views.length === 0) problems.push('no sentinel answered');
      else if (dissent.length > 0)
        problems.push(`${dissent.map(([s, v]) => `${s} names ${v}`).join(', ')}`);
      if (!h.coordinationOk) problems.push('SENTINEL CKQUORUM fails');
      return problems;
    },
    healthy: (h) =>
      `Healthy at the end: ${h.masters[0]} the only master, ${h.replicasExpected} replicas caught up, all sentinels agree, CKQUORUM OK, nothing left fenced.`,
  },
};

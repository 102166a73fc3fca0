import { isDataNodeKind, NO_ANSWER_MS, probeRttMs, type ProbeSample } from '../../shared/lab-types';
import type { SystemGrading } from './system-grading';

/** The first moment a run showed the split, and how. */
export interface Tell {
  /** ms since epoch (the probe sample's time). */
  at: number;
  /**
   * `masters-claimed`: two data nodes were read as master; `sentinels-moved`:
   * most coordinators named another master than the stale one;
   * `lease-stalled`: the stale leader still holds its lease but has not
   * renewed it for longer than a loop (cut off or dead: a failover is coming);
   * `vip-macs`: the client saw more than one MAC answer one ARP request for
   * the shared address; `leader-slow`: the stale leader, its container
   * running, answered no probe within `SLOW_PROBE_MS` in `SLOW_PROBES_IN_A_ROW`
   * samples in a row (grey: slow, not down; any system, see findTell). Each
   * system says which of the others it can show (SystemGrading.tellIn).
   */
  kind: 'masters-claimed' | 'sentinels-moved' | 'lease-stalled' | 'vip-macs' | 'leader-slow';
  /** One sentence for the debrief, e.g. "redis-1 and redis-2 both claim master". */
  detail: string;
}

/** Options of findTell. */
export interface TellOptions {
  /** The kinds of tell that count (default: masters-claimed and sentinels-moved). */
  kinds?: readonly Tell['kind'][];
  /**
   * A lease held by the stale leader with less than this many seconds left
   * has not been renewed for over a loop (ttl - loop_wait - slack): the
   * `lease-stalled` tell. Absent for a system without leases.
   */
  leaseStallBelowSeconds?: number;
}

/** A probe answer slower than this is slow, ms (the probe gives up at 400 ms; a healthy node answers in a few). */
export const SLOW_PROBE_MS = 300;
/** Samples in a row (at a probe every 250 ms) the stale leader must be slow in for `leader-slow`. */
export const SLOW_PROBES_IN_A_ROW = 3;

/**
 * Whether `node` was slow in `s`: its container running (not paused,
 * stopped or gone: those are down, not grey), and its probe answered in
 * more than `SLOW_PROBE_MS` or not at all.
 */
export function slowIn(s: ProbeSample, node: string): boolean {
  if (!s.nodes.some((n) => n.node === node && isDataNodeKind(n.kind))) return false;
  const rtt = probeRttMs(s, node);
  return rtt !== null && (rtt >= NO_ANSWER_MS || rtt > SLOW_PROBE_MS);
}

/** The tell kinds a scenario counts when it names none. */
const DEFAULT_KINDS: readonly Tell['kind'][] = ['masters-claimed', 'sentinels-moved'];

/**
 * `masters-claimed` in one sample: more than one data node read as master
 * (only nodes read as master count, never a sample's count); `detail` says it
 * in the system's words (`claim master`, `are both in VRRP state MASTER`).
 */
export function mastersClaimedTell(
  s: ProbeSample,
  words: (masters: string[]) => string = (m) => `${m.join(' and ')} claim master`,
): Tell | undefined {
  const claimed = s.nodes.filter((n) => isDataNodeKind(n.kind) && n.role === 'master');
  if (claimed.length < 2) return undefined;
  return { at: s.t, kind: 'masters-claimed', detail: words(claimed.map((n) => n.node)) };
}

/**
 * The first tell at or after `from`, in the order and words of the
 * scenario's system (`grading.tellIn`): for example two data nodes claiming
 * master, a majority of coordinators naming another master than
 * `staleLeader`, a stalled lease, two MACs answering ARP for one address,
 * the stale leader slow to answer (`leader-slow`, judged here for every
 * system, from consecutive samples).
 * Only readings count: a node that could not be read (role `unknown`, a
 * coordinator that did not answer, a silent client) never makes a tell,
 * whatever a sample's counts say. Pure.
 */
export function findTell(
  samples: readonly ProbeSample[],
  from: number,
  staleLeader: string | undefined,
  grading: Pick<SystemGrading, 'tellIn'>,
  opts: TellOptions = {},
): Tell | undefined {
  const all = { ...opts, kinds: opts.kinds ?? DEFAULT_KINDS };
  const grey = staleLeader !== undefined && all.kinds.includes('leader-slow');
  let slowRun = 0;
  for (const s of samples) {
    if (s.t < from) continue;
    const tell = grading.tellIn(s, staleLeader, all);
    if (tell) return tell;
    slowRun = grey && slowIn(s, staleLeader) ? slowRun + 1 : 0;
    if (slowRun >= SLOW_PROBES_IN_A_ROW)
      return {
        at: s.t,
        kind: 'leader-slow',
        detail: `${staleLeader} answered no probe within ${SLOW_PROBE_MS} ms ${SLOW_PROBES_IN_A_ROW} times in a row, its container running`,
      };
  }
  return undefined;
}

/**
 * The name a strict majority of `named` agree on (one entry per
 * coordinator, undefined for one that names nobody or was not read), else
 * undefined.
 */
export function majorityOf(named: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const n of named) if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const [name, n] of counts) if (n > named.length / 2) return name;
  return undefined;
}

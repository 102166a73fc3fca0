import type { NodeObservation, NodeRole, ProbeSample } from '../../../shared/lab-types';
import { bucketRows, type OffsetRow, type RoleLane } from '../../../renderer/src/charts/chart-data';

/**
 * Patroni lab tells read from probe samples: Patroni's role next to
 * postgres's own, timelines, the etcd leader key and its lease.
 */

/** Patroni REST roles that mean "I am the primary". */
const PRIMARY_ROLES: ReadonlySet<string> = new Set(['master', 'primary', 'leader']);
/** Patroni REST roles of a node that runs in recovery. */
const STANDBY_ROLES: ReadonlySet<string> = new Set([
  'replica',
  'sync_standby',
  'standby',
  'standby_leader',
  'demoted',
]);

/**
 * Patroni's role (as its REST API reports it) on the colour scale of
 * postgres's own role: `unknown` when the REST API is silent, `absent` when
 * the probe has no Patroni reading at all.
 */
export function patroniRoleClass(patroniRole: string | undefined): NodeRole | 'absent' {
  if (patroniRole === undefined) return 'absent';
  if (PRIMARY_ROLES.has(patroniRole)) return 'master';
  if (STANDBY_ROLES.has(patroniRole)) return 'replica';
  return 'unknown';
}

/**
 * Patroni's view contradicts what postgres itself says: Patroni silent while
 * postgres answers, or one says primary and the other does not. Nothing to
 * compare while postgres itself does not answer.
 */
export function patroniDisagrees(obs: NodeObservation): boolean {
  if (obs.patroniRole === undefined || obs.role === 'unknown') return false;
  const patroni = patroniRoleClass(obs.patroniRole);
  if (patroni === 'unknown') return true;
  return (patroni === 'master') !== (obs.role === 'master');
}

/** Two swimlanes per PostgreSQL node: postgres's own role, then Patroni's. */
export function patroniRoleLanes(nodes: string[]): RoleLane[] {
  return nodes.flatMap((node) => [
    { node, label: `${node} pg`, roleOf: (o: NodeObservation) => o.role },
    {
      node,
      label: `${node} patroni`,
      roleOf: (o: NodeObservation) => patroniRoleClass(o.patroniRole),
    },
  ]);
}

/** The leader key as one etcd member reports it. */
export interface LeaderKeyView {
  member: string;
  /** False when the member did not answer. */
  answered: boolean;
  holder?: string;
  ttlSeconds?: number;
}

/** What each etcd member of the sample says of the leader key. */
export function leaderKeyViews(sample: ProbeSample | undefined): LeaderKeyView[] {
  return (sample?.nodes ?? [])
    .filter((n) => n.kind === 'etcd')
    .map((n) => ({
      member: n.node,
      answered: n.role === 'dcs',
      ...(n.leaderKey ? { holder: n.leaderKey.holder, ttlSeconds: n.leaderKey.ttlSeconds } : {}),
    }));
}

/** The leader key holder and the lease left, from the first etcd member that answered with one. */
export function leaderKeyOf(
  sample: ProbeSample | undefined,
): { holder: string; ttlSeconds: number; member: string } | undefined {
  for (const v of leaderKeyViews(sample))
    if (v.holder !== undefined && v.ttlSeconds !== undefined)
      return { holder: v.holder, ttlSeconds: v.ttlSeconds, member: v.member };
  return undefined;
}

/** PostgreSQL nodes answering as primaries (`pg_is_in_recovery()` false), with their timeline. */
export function primariesOf(
  sample: ProbeSample | undefined,
): { node: string; timeline?: number }[] {
  return (sample?.nodes ?? [])
    .filter((n) => n.kind === 'postgres' && n.role === 'master')
    .map((n) =>
      n.timeline !== undefined ? { node: n.node, timeline: n.timeline } : { node: n.node },
    );
}

/** Whether two primaries run on different timelines (diverged histories). */
export function timelinesDiverged(sample: ProbeSample | undefined): boolean {
  const timelines = new Set(
    primariesOf(sample)
      .map((p) => p.timeline)
      .filter((t) => t !== undefined),
  );
  return timelines.size > 1;
}

/** Each node's timeline over time (null when the node did not answer). */
export function timelineRows(
  samples: ProbeSample[],
  t0: number,
  nodes: string[],
  maxPoints = 240,
): OffsetRow[] {
  return bucketRows(samples, t0, nodes, maxPoints, (_, last, name) => {
    const obs = last.nodes.find((n) => n.node === name);
    return obs && obs.role !== 'unknown' && obs.timeline !== undefined ? obs.timeline : null;
  });
}

/** The leader lease left per etcd member over time (null = no key or no answer). */
export function leaseRows(
  samples: ProbeSample[],
  t0: number,
  members: string[],
  maxPoints = 240,
): OffsetRow[] {
  return bucketRows(
    samples,
    t0,
    members,
    maxPoints,
    (_, last, name) => last.nodes.find((n) => n.node === name)?.leaderKey?.ttlSeconds ?? null,
  );
}

import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';
import type { FinalHealth } from '../../../../shared/scenario-types';

type Condition = ReadinessStatus['conditions'][number];

/** A follower counts as caught up when its applied index is within this many entries of the leader's. */
export const CAUGHT_UP_ENTRIES = 50;

function describeMember(n: NodeObservation): string {
  if (!n.raft) return `${n.node}: ${n.error ?? 'no answer'}`;
  const r = n.raft;
  const leads =
    n.role === 'master'
      ? 'leads'
      : `follows ${r.leader ?? (r.leaderId ? `unknown member ${r.leaderId}` : 'no leader')}`;
  return `${n.node}: ${leads}, term ${r.term}, applied ${r.appliedIndex}`;
}

/**
 * The single leader of a sample: the one member that says it leads, with
 * every other member answering and following it in its term. Undefined
 * otherwise (none, two, a member silent or elsewhere).
 */
export function agreedLeader(sample: ProbeSample): NodeObservation | undefined {
  const members = sample.nodes.filter((n) => n.kind === 'raft');
  const leaders = members.filter((n) => n.role === 'master');
  const leader = leaders[0];
  if (leaders.length !== 1 || !leader?.raft) return undefined;
  const term = leader.raft.term;
  const all = members.every(
    (n) => n === leader || (n.raft?.leader === leader.node && n.raft.term === term),
  );
  return all ? leader : undefined;
}

/**
 * Judges readiness from one probe sample: every member answers, exactly one
 * leads and the others follow it in its term, and it is `firstLeader` (the
 * lab hands the leadership there before a run starts, so every run begins
 * with the same member leading).
 */
export function judgeRaftReadiness(
  sample: ProbeSample,
  expected: { members: readonly string[]; firstLeader: string },
): ReadinessStatus {
  const members = sample.nodes.filter((n) => n.kind === 'raft');
  const answering = members.filter((n) => n.raft !== undefined);
  const leader = agreedLeader(sample);
  const conditions: Condition[] = [
    {
      name: `${expected.members.length} members answer`,
      ok: members.length === expected.members.length && answering.length === members.length,
      detail: members.map(describeMember).join('; ') || 'no member probed yet',
    },
    {
      name: 'one leader, followed by all in its term',
      ok: leader !== undefined,
      detail: leader
        ? `${leader.node} leads term ${leader.raft?.term}`
        : members.map(describeMember).join('; '),
    },
    {
      name: `${expected.firstLeader} leads`,
      ok: leader?.node === expected.firstLeader,
      detail: leader ? `${leader.node} leads` : 'no agreed leader yet',
    },
  ];
  return { ready: conditions.every((c) => c.ok), conditions };
}

/**
 * The etcd (Raft) lab's final health from one sample (see FinalHealth.raft):
 * the members that say they lead, the followers caught up with the single
 * leader in its term, the leader each member names, and per member its term
 * and applied index. A member that did not answer is unknown, listed apart.
 * Pure.
 */
export function raftFinalHealth(
  sample: ProbeSample,
): Omit<FinalHealth, 'activeFaults' | 'activeFences'> {
  const members = sample.nodes.filter((n) => n.kind === 'raft');
  const answered = members.filter((n) => n.raft !== undefined);
  const leaders = answered.filter((n) => n.role === 'master');
  const leader = leaders.length === 1 ? leaders[0] : undefined;
  const caughtUp = leader?.raft
    ? answered
        .filter(
          (n) =>
            n !== leader &&
            n.raft?.leader === leader.node &&
            n.raft.term === leader.raft?.term &&
            Math.abs((leader.raft?.appliedIndex ?? 0) - n.raft.appliedIndex) <= CAUGHT_UP_ENTRIES,
        )
        .map((n) => n.node)
    : [];
  const unreadable = Object.fromEntries(
    members.filter((n) => n.raft === undefined).map((n) => [n.node, n.error ?? 'no answer']),
  );
  const views = Object.fromEntries(members.map((n) => [n.node, n.raft?.leader ?? '?']));
  return {
    masters: leaders.map((n) => n.node),
    replicasCaughtUp: caughtUp,
    replicasExpected: Math.max(0, members.length - 1),
    coordinatorViews: views,
    coordinationOk: agreedLeader(sample) !== undefined,
    settingsReadBack: {},
    raft: {
      terms: Object.fromEntries(answered.map((n) => [n.node, n.raft?.term ?? 0])),
      appliedIndexes: Object.fromEntries(answered.map((n) => [n.node, n.raft?.appliedIndex ?? 0])),
      ...(Object.keys(unreadable).length > 0 ? { unreadable } : {}),
    },
  };
}

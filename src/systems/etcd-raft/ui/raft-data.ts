import type { NodeObservation, NodeRole, ProbeSample } from '../../../shared/lab-types';
import type { RaftReading } from '../shared/etcd-raft.types';
import { bucketRows, type OffsetRow, type RoleLane } from '../../../renderer/src/charts/chart-data';
import { rankIn } from '../../../renderer/src/components/scenario-nodes';

/**
 * etcd (Raft) lab tells read from probe samples: each member's own Raft
 * status (`/v3/maintenance/status`, answered locally, so a member cut off
 * still says what it believes): the leader it follows, its term, its
 * applied index and the commit index it knows.
 */

/** The etcd members of a sample (kind `raft`), in the sample's order. */
export function raftMembersOf(sample: ProbeSample | undefined): NodeObservation[] {
  return (sample?.nodes ?? []).filter((n) => n.kind === 'raft');
}

/** A member's Raft status, or undefined when it did not answer (never a stale reading). */
export function raftReadingOf(obs: NodeObservation): RaftReading | undefined {
  return obs.role === 'unknown' ? undefined : obs.raft;
}

/**
 * Whom a member says leads: itself (`leads`), another member (`follows`), a
 * member id no lab member reported as its own (`stale`), nobody (`none`:
 * an election is under way or it is cut off), or `unknown` (no answer).
 */
export type RaftLeaderView =
  | { kind: 'leads' }
  | { kind: 'follows'; leader: string }
  | { kind: 'stale'; leaderId: string }
  | { kind: 'none' }
  | { kind: 'unknown' };

/** What a member says of the leader (see RaftLeaderView). */
export function raftLeaderView(obs: NodeObservation): RaftLeaderView {
  const r = raftReadingOf(obs);
  if (!r) return { kind: 'unknown' };
  if (r.leader === obs.node) return { kind: 'leads' };
  if (r.leader !== undefined) return { kind: 'follows', leader: r.leader };
  if (r.leaderId !== undefined) return { kind: 'stale', leaderId: r.leaderId };
  return { kind: 'none' };
}

/** A leader view in words: `leads`, `follows raft-2`, `knows no leader`, `unknown`... */
export function raftLeaderText(view: RaftLeaderView): string {
  switch (view.kind) {
    case 'leads':
      return 'leads';
    case 'follows':
      return `follows ${view.leader}`;
    case 'stale':
      return `follows unknown member ${view.leaderId}`;
    case 'none':
      return 'knows no leader';
    case 'unknown':
      return 'unknown';
  }
}

/** The lane classes of the Raft roles chart, in legend order. */
export const RAFT_ROLE_CLASSES = ['leader', 'follower', 'no-leader', 'unknown'] as const;
/** A member's class in the Raft roles chart (see raftRoleClass). */
export type RaftRoleClass = (typeof RAFT_ROLE_CLASSES)[number];

/**
 * A member's Raft role as a lane class: `leader` (it says it leads),
 * `follower` (it names a leader), `no-leader` (it answered and knows none:
 * campaigning or cut off), `unknown` (no answer).
 */
export function raftRoleClass(obs: NodeObservation): RaftRoleClass {
  const view = raftLeaderView(obs);
  if (view.kind === 'leads') return 'leader';
  if (view.kind === 'follows' || view.kind === 'stale') return 'follower';
  return view.kind === 'none' ? 'no-leader' : 'unknown';
}

/** One swimlane per member: its Raft role. */
export function raftRoleLanes(members: string[]): RoleLane[] {
  return members.map((node) => ({ node, label: node, roleOf: raftRoleClass }));
}

/**
 * Each member's Raft term over time (null when it did not answer: a gap).
 * At most `maxPoints` rows; a bucket of samples keeps its last reading.
 */
export function termRows(
  samples: ProbeSample[],
  t0: number,
  members: string[],
  maxPoints = 240,
): OffsetRow[] {
  return bucketRows(samples, t0, members, maxPoints, (_, last, name) => {
    const obs = last.nodes.find((n) => n.node === name);
    return (obs && raftReadingOf(obs)?.term) ?? null;
  });
}

/** The highest Raft term any member of the sample reports; undefined when none answered. */
export function maxTerm(sample: ProbeSample | undefined): number | undefined {
  let best: number | undefined;
  for (const n of raftMembersOf(sample)) {
    const term = raftReadingOf(n)?.term;
    if (term !== undefined && (best === undefined || term > best)) best = term;
  }
  return best;
}

/** A member that says it leads, with the term it says it leads in. */
export interface RaftLeaderClaim {
  node: string;
  term: number;
}

/** The members of the sample that say they lead, each with its term. */
export function raftLeaders(sample: ProbeSample | undefined): RaftLeaderClaim[] {
  return raftMembersOf(sample).flatMap((n) => {
    const r = raftReadingOf(n);
    return r && raftLeaderView(n).kind === 'leads' ? [{ node: n.node, term: r.term }] : [];
  });
}

/** Whether two members say they lead in the same term: two histories, which Raft never allows. */
export function sameTermLeaders(claims: RaftLeaderClaim[]): boolean {
  return new Set(claims.map((c) => c.term)).size < claims.length;
}

/** One member as the members table shows it; the numbers are absent when it did not answer. */
export interface RaftMemberRow {
  node: string;
  /** Its role as probed: `master` (it leads), `replica` (answered), `unknown` (no answer). */
  role: NodeRole;
  leader: RaftLeaderView;
  /** etcd's member id, hex. */
  memberId?: string;
  /** The Raft term it is in. */
  term?: number;
  /** Index of the last entry it applied to its key space. */
  appliedIndex?: number;
  /** Its Raft state (leader, follower, candidate, pre-candidate). */
  state?: RaftReading['state'];
  /** Index of the last entry it knows a majority holds. */
  commitIndex?: number;
  /**
   * Log entries its key space is behind: the highest commit index among the
   * members that answered minus its own applied index (what a serializable
   * read there misses). Absent when it did not answer: unknown, never a guess.
   */
  behind?: number;
  /** Why it could not be read, when it could not. */
  error?: string;
}

/** The members of the sample as table rows, in the lab's `order` (others after). */
export function raftMemberRows(sample: ProbeSample | undefined, order: string[]): RaftMemberRow[] {
  const members = raftMembersOf(sample).sort(
    (a, b) => rankIn(order, a.node) - rankIn(order, b.node),
  );
  const commits = members.flatMap((n) => {
    const r = raftReadingOf(n);
    return r ? [r.commitIndex] : [];
  });
  const top = commits.length > 0 ? Math.max(...commits) : undefined;
  return members.map((n) => {
    const r = raftReadingOf(n);
    const row: RaftMemberRow = { node: n.node, role: n.role, leader: raftLeaderView(n) };
    if (r) {
      row.memberId = r.memberId;
      row.term = r.term;
      row.appliedIndex = r.appliedIndex;
      row.state = r.state;
      row.commitIndex = r.commitIndex;
      if (top !== undefined) row.behind = Math.max(0, top - r.appliedIndex);
    } else if (n.error !== undefined) row.error = n.error;
    return row;
  });
}

/** The distinct terms of the members that answered, lowest first. */
export function termsOf(rows: RaftMemberRow[]): number[] {
  const terms = new Set<number>();
  for (const r of rows) if (r.term !== undefined) terms.add(r.term);
  return [...terms].sort((a, b) => a - b);
}

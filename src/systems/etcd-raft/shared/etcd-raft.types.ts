import type { SystemEventLogLine } from '../../../shared/system-traits';

/** What the etcd (Raft) lab looked like at the end of a scenario (see FinalHealth.raft). */
export interface RaftFinalHealth {
  /** The Raft term per member that answered. */
  terms: Record<string, number>;
  /** The applied index per member that answered. */
  appliedIndexes: Record<string, number>;
  /** Members that did not answer (member -> why): unknown, never counted as a problem of theirs. */
  unreadable?: Record<string, string>;
}

/**
 * What an etcd member's log line says happened in Raft: `leader` (it became
 * leader), `candidate` / `pre-candidate` (its election timer fired and it
 * campaigns; a pre-candidate asks first whether it could win), `follower`
 * (it follows, or stepped down to follower), `stepped-down` (a leader that
 * heard from no majority for an election timeout gave up), `lost-leader` (it
 * no longer knows a leader), `elected` (it learnt of a new leader).
 */
export type RaftLogEvent =
  | 'leader'
  | 'candidate'
  | 'pre-candidate'
  | 'follower'
  | 'stepped-down'
  | 'lost-leader'
  | 'elected';

/** How each Raft log event reads, in the run view's event list and the debrief's timeline. */
export const RAFT_EVENT_LABELS: Readonly<Record<RaftLogEvent, string>> = {
  leader: 'became leader',
  candidate: 'started an election',
  'pre-candidate': 'asked whether it could win an election',
  follower: 'became follower',
  'stepped-down': 'stepped down: no majority heard',
  'lost-leader': 'lost its leader',
  elected: 'learnt of a new leader',
};

/** A line of an etcd member's log that marks a Raft role or term change (see RaftLogEvent): a run event. */
export interface RaftEventBody {
  kind: 'raft-event';
  node: string;
  event: RaftLogEvent;
  term?: number;
  line: string;
}

/** etcd (Raft)'s part of a scenario's FinalHealth. */
export interface RaftFinalHealthPart {
  /**
   * etcd (Raft) lab only. The common fields of FinalHealth mean here: `masters`
   * = members that say they lead; `replicasCaughtUp` = members following the
   * single leader in its term with their applied index within a few entries
   * of its; `coordinatorViews` = the leader each member names (`?` = none or no
   * answer); `coordinationOk` = every member answered and all name the same
   * leader in the same term; `settingsReadBack` is empty.
   */
  raft?: RaftFinalHealth;
}

/** Raft log events worth a warning in the run log: a member without a leader, or campaigning. */
const RAFT_WARNINGS: ReadonlySet<string> = new Set([
  'stepped-down',
  'lost-leader',
  'candidate',
  'pre-candidate',
]);

/** How a Raft event reads in the run log. */
export function raftEventLogLine(e: RaftEventBody): SystemEventLogLine {
  return {
    level: RAFT_WARNINGS.has(e.event) ? 'warn' : 'info',
    text: `${e.node} raft: ${RAFT_EVENT_LABELS[e.event] ?? e.event}${
      e.term !== undefined ? ` (term ${e.term})` : ''
    } — ${e.line}`,
  };
}

/** One etcd member's Raft status as it reports it itself (see NodeObservation.raft). */
export interface RaftReading {
  /** The member's id, hex (etcd's `member_id`). */
  memberId: string;
  /** The Raft term the member is in now; every election it starts or hears of raises it. */
  term: number;
  /**
   * Its Raft state: `leader`; `follower`; `candidate` (campaigning: its
   * election timer fired); `pre-candidate` (with pre-vote: asking first
   * whether it could win, without raising its term).
   */
  state: 'leader' | 'follower' | 'candidate' | 'pre-candidate';
  /** The member it follows as leader (itself when it leads); absent when it knows of none. */
  leader?: string;
  /** The leader's member id, hex, when the member knows of one that is no lab member it has heard from. */
  leaderId?: string;
  /** Index of the last log entry it knows a majority holds. */
  commitIndex: number;
  /** Index of the last entry it applied to its key space (what a serializable read there is as of). */
  appliedIndex: number;
}

/** The reading fields of the etcd (Raft) lab's members: part of NodeObservation. */
export interface RaftObservation {
  /**
   * etcd (Raft) lab: the member's own Raft status (etcd's `raft.status` in
   * /debug/vars, answered locally: a member cut off still answers with what
   * it believes).
   */
  raft?: RaftReading;
}

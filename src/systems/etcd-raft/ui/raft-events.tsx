import { RAFT_EVENT_LABELS, type RaftLogEvent } from '../../../shared/scenario-types';
import type { SystemEventEntry } from '../../../renderer/src/store/scenario-state';

/** A raft-event entry of the scenario view's system events. */
type RaftEventEntry = Extract<SystemEventEntry, { kind: 'raft-event' }>;
import {
  ClusterEvents,
  type ClusterEventItem,
} from '../../../renderer/src/components/cluster-events';

/**
 * Each Raft log event's colour class in the list: a new leader like a
 * failover; a member campaigning, stepping down or losing its leader as a
 * warning (the run log's warnings); the rest as information.
 */
const RAFT_EVENT_TONES: Record<RaftLogEvent, string> = {
  leader: 'ev-failover',
  candidate: 'ev-bad',
  'pre-candidate': 'ev-bad',
  follower: 'ev-info',
  'stepped-down': 'ev-bad',
  'lost-leader': 'ev-bad',
  elected: 'ev-info',
};

function describeRaft(e: RaftEventEntry): ClusterEventItem {
  const label = RAFT_EVENT_LABELS[e.event] ?? e.event;
  return {
    seq: e.seq,
    t: e.t,
    source: e.node,
    tag: e.term !== undefined ? `${label} · term ${e.term}` : label,
    message: e.line,
    tone: RAFT_EVENT_TONES[e.event] ?? '',
    attrs: {
      'data-event': e.event,
      'data-node': e.node,
      ...(e.term !== undefined ? { 'data-term': String(e.term) } : {}),
    },
  };
}

/**
 * The members' own etcd log lines for elections (became leader, started an
 * election, stepped down, lost its leader...), newest first. A member that
 * starts an election every second or two, its term climbing, is cut off and
 * runs without pre-vote.
 */
export function RaftEvents({ events, t0 }: { events: RaftEventEntry[]; t0: number }) {
  return (
    <ClusterEvents
      title="Raft events"
      testId="raft-events"
      itemTestId="raft-event"
      className="raft-events"
      events={events}
      describe={describeRaft}
      t0={t0}
    />
  );
}

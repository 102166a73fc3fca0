import type { PatroniLogEvent } from '../../../shared/scenario-types';
import type { SystemEventEntry } from '../../../renderer/src/store/scenario-state';

/** A patroni-event entry of the scenario view's system events. */
type PatroniEventEntry = Extract<SystemEventEntry, { kind: 'patroni-event' }>;
import {
  ClusterEvents,
  type ClusterEventItem,
} from '../../../renderer/src/components/cluster-events';

/** How each Patroni log event reads, and its colour class in the list. */
export const PATRONI_EVENT_LABELS: Record<PatroniLogEvent, { label: string; tone: string }> = {
  promoted: { label: 'promoted', tone: 'ev-failover' },
  demoting: { label: 'demoting', tone: 'ev-bad' },
  'dcs-unreachable': { label: 'DCS unreachable', tone: 'ev-bad' },
  'lock-lost': { label: 'lock lost', tone: 'ev-bad' },
  rewind: { label: 'pg_rewind', tone: 'ev-info' },
  following: { label: 'following', tone: 'ev-info' },
  'no-action-paused': { label: 'paused: no action', tone: 'ev-bad' },
};

function describePatroni(e: PatroniEventEntry): ClusterEventItem {
  const look = PATRONI_EVENT_LABELS[e.event] ?? { label: e.event, tone: '' };
  return {
    seq: e.seq,
    t: e.t,
    source: e.node,
    tag: look.label,
    message: e.line,
    tone: look.tone,
    attrs: { 'data-event': e.event, 'data-node': e.node },
  };
}

/** Patroni's own log events (promoted, demoting, DCS unreachable, pg_rewind...), newest first. */
export function PatroniEvents({ events, t0 }: { events: PatroniEventEntry[]; t0: number }) {
  return (
    <ClusterEvents
      title="Patroni events"
      testId="patroni-events"
      itemTestId="patroni-event"
      className="patroni-events"
      events={events}
      describe={describePatroni}
      t0={t0}
    />
  );
}

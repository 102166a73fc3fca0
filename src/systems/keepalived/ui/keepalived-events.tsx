import { KEEPALIVED_EVENT_WORDS, type KeepalivedLogEvent } from '../../../shared/scenario-types';
import type { SystemEventEntry } from '../../../renderer/src/store/scenario-state';

/** A keepalived-event entry of the scenario view's system events. */
type KeepalivedEventEntry = Extract<SystemEventEntry, { kind: 'keepalived-event' }>;
import {
  ClusterEvents,
  type ClusterEventItem,
} from '../../../renderer/src/components/cluster-events';

/** Each keepalived log event's colour class in the list. */
const KEEPALIVED_EVENT_TONES: Record<KeepalivedLogEvent, string> = {
  'entering-master': 'ev-failover',
  'entering-backup': 'ev-info',
  'entering-fault': 'ev-bad',
  'lower-priority-advert': 'ev-bad',
  'higher-priority-advert': 'ev-info',
  'advert-send-error': 'ev-bad',
  started: 'ev-info',
  stopped: 'ev-bad',
};

function describeKeepalived(e: KeepalivedEventEntry): ClusterEventItem {
  return {
    seq: e.seq,
    t: e.t,
    source: e.node,
    tag: KEEPALIVED_EVENT_WORDS[e.event] ?? e.event,
    message: e.line,
    tone: KEEPALIVED_EVENT_TONES[e.event] ?? '',
    attrs: { 'data-event': e.event, 'data-node': e.node },
  };
}

/**
 * keepalived's own log events per router (entering MASTER, a lower-priority
 * advert forcing a new election, send errors...), newest first. A MASTER
 * logging "lower priority ... forcing new election" every second hears a
 * second MASTER that cannot hear it.
 */
export function KeepalivedEvents({ events, t0 }: { events: KeepalivedEventEntry[]; t0: number }) {
  return (
    <ClusterEvents
      title="keepalived events"
      testId="keepalived-events"
      itemTestId="keepalived-event"
      className="keepalived-events"
      events={events}
      describe={describeKeepalived}
      t0={t0}
    />
  );
}

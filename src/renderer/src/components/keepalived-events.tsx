import type { KeepalivedLogEvent } from '../../../shared/scenario-types';
import type { KeepalivedEventEntry } from '../store/scenario-state';
import { ClusterEvents, type ClusterEventItem } from './cluster-events';

/** How each keepalived log event reads, and its colour class in the list. */
export const KEEPALIVED_EVENT_LABELS: Record<KeepalivedLogEvent, { label: string; tone: string }> =
  {
    'entering-master': { label: 'entering MASTER', tone: 'ev-failover' },
    'entering-backup': { label: 'entering BACKUP', tone: 'ev-info' },
    'entering-fault': { label: 'entering FAULT', tone: 'ev-bad' },
    'lower-priority-advert': { label: 'lower-priority advert: forcing election', tone: 'ev-bad' },
    'higher-priority-advert': { label: 'higher-priority advert', tone: 'ev-info' },
    'advert-send-error': { label: 'advert send error', tone: 'ev-bad' },
    started: { label: 'started', tone: 'ev-info' },
    stopped: { label: 'stopped', tone: 'ev-bad' },
  };

function describeKeepalived(e: KeepalivedEventEntry): ClusterEventItem {
  const look = KEEPALIVED_EVENT_LABELS[e.event] ?? { label: e.event, tone: '' };
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

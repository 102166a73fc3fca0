import { memo } from 'react';
import type { PatroniLogEvent } from '../../../shared/scenario-types';
import { formatClock, formatOffset } from '../format';
import type { PatroniEventEntry } from '../store/scenario-state';

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

/** Patroni's own log events (promoted, demoting, DCS unreachable, pg_rewind...), newest first. */
export const PatroniEvents = memo(function PatroniEvents({
  events,
  t0,
}: {
  events: PatroniEventEntry[];
  t0: number;
}) {
  const shown = events.slice(-120).reverse();
  return (
    <section
      className="panel sentinel-events patroni-events"
      data-testid="patroni-events"
      data-count={events.length}
    >
      <div className="panel-title">
        <h3>Patroni events</h3>
        <span className="muted small">
          {events.length === 0 ? 'none yet' : `${events.length} · newest first`}
        </span>
      </div>
      {shown.length > 0 && (
        <ul className="event-list">
          {shown.map((e) => {
            const look = PATRONI_EVENT_LABELS[e.event] ?? { label: e.event, tone: '' };
            return (
              <li
                key={e.seq}
                data-testid="patroni-event"
                data-event={e.event}
                data-node={e.node}
                className={look.tone || undefined}
              >
                <span className="mono muted" title={formatClock(e.t)}>
                  {formatOffset(e.t, t0)}
                </span>
                <span className="mono">{e.node}</span>
                <span className="mono channel">{look.label}</span>
                <span className="mono msg">{e.line}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
});

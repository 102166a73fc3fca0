import { memo, useMemo } from 'react';
import { formatClock, formatOffset } from '../format';

/** One line of a cluster's own event stream, as the list shows it. */
export interface ClusterEventItem {
  seq: number;
  /** Wall-clock ms. */
  t: number;
  /** Who reported it (a sentinel, a PostgreSQL node, a router, an etcd member). */
  source: string;
  /** What happened, short (`+switch-master`, `promoted`, `entering MASTER`). */
  tag: string;
  /** The message or log line itself. */
  message: string;
  /** Colour class of the line (`ev-bad`, `ev-failover`, `ev-info`), if any. */
  tone?: string;
  /** `data-*` attributes of the line (for tests and styling). */
  attrs?: Record<`data-${string}`, string>;
}

/** How many of the newest events the list shows. */
const SHOWN = 120;

/**
 * A cluster's own events (Sentinel's pub/sub, a node manager's or VRRP daemon's log
 * lines that mark a role change), newest first, timed from the run's start.
 * `describe` turns an entry of the store into a line of the list.
 */
function ClusterEventsList<E>({
  title,
  testId,
  itemTestId,
  className,
  events,
  describe,
  t0,
}: {
  title: string;
  testId: string;
  /** data-testid of each line (none when absent). */
  itemTestId?: string;
  /** Extra class of the panel. */
  className?: string;
  events: E[];
  describe: (event: E) => ClusterEventItem;
  t0: number;
}) {
  const shown = useMemo(() => events.slice(-SHOWN).reverse().map(describe), [events, describe]);
  return (
    <section
      className={`panel sentinel-events${className ? ` ${className}` : ''}`}
      data-testid={testId}
      data-count={events.length}
    >
      <div className="panel-title">
        <h3>{title}</h3>
        <span className="muted small">
          {events.length === 0 ? 'none yet' : `${events.length} · newest first`}
        </span>
      </div>
      {shown.length > 0 && (
        <ul className="event-list">
          {shown.map((e) => (
            <li key={e.seq} data-testid={itemTestId} className={e.tone || undefined} {...e.attrs}>
              <span className="mono muted" title={formatClock(e.t)}>
                {formatOffset(e.t, t0)}
              </span>
              <span className="mono">{e.source}</span>
              <span className="mono channel">{e.tag}</span>
              <span className="mono msg">{e.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The generic list, memoised (its props change only when the events do). */
export const ClusterEvents = memo(ClusterEventsList) as typeof ClusterEventsList;

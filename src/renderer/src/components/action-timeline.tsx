import { memo } from 'react';
import { formatClock, formatOffset } from '../format';
import type { ActionEntry } from '../store/action-entries';

/** The trainee's actions and console command lines, newest first. */
export const ActionTimeline = memo(function ActionTimeline({
  entries,
  t0,
}: {
  entries: ActionEntry[];
  /** What the offsets count from (the scenario's start, or a plain lab's). */
  t0: number;
}) {
  const shown = entries.slice().reverse();
  return (
    <section className="panel action-timeline" data-testid="action-timeline">
      <div className="panel-title">
        <h3>What you did</h3>
        <span className="muted small">{entries.length === 0 ? 'nothing yet' : 'newest first'}</span>
      </div>
      {shown.length > 0 && (
        <ul className="event-list">
          {shown.map((e) => (
            <li
              key={e.seq}
              data-testid="timeline-action"
              data-kind={e.kind}
              data-ok={e.ok ? 'true' : 'false'}
              className={e.ok ? undefined : 'ev-bad'}
            >
              <span className="mono muted" title={formatClock(e.t)} data-testid="timeline-offset">
                {formatOffset(e.t, t0)}
              </span>
              <span className="chip small">{e.source}</span>
              <span className="mono">{e.label}</span>
              {e.detail && <span className="muted msg">{e.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});

import { formatClock } from '../format';
import type { RunLogEntry } from '../store/run-state';

const SHOWN = 60;

export function RunLog({ log }: { log: RunLogEntry[] }) {
  if (log.length === 0) return null;
  const recent = log.slice(-SHOWN).reverse();
  return (
    <section className="panel run-log" data-testid="run-log">
      <div className="panel-title">
        <h3>Events</h3>
        <span className="muted small">newest first</span>
      </div>
      <ul>
        {recent.map((e) => (
          <li key={e.seq} className={`log-${e.level}`}>
            <span className="mono muted">{formatClock(e.t)}</span> {e.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { ReadinessStatus } from '../../../shared/lab-types';

export function ReadinessChecklist({
  readiness,
  waiting,
}: {
  readiness: ReadinessStatus | undefined;
  waiting: boolean;
}) {
  const conditions = readiness?.conditions ?? [];
  const ok = conditions.filter((c) => c.ok).length;
  const ready = readiness?.ready === true;
  const list = (
    <ul className="checklist">
      {conditions.map((c) => (
        <li key={c.name} className={c.ok ? 'ok' : 'pending'} data-ok={c.ok ? 'true' : 'false'}>
          <span className="check" aria-hidden="true">
            {c.ok ? '✓' : '…'}
          </span>
          <span className="cond-name">{c.name}</span>
          <span className="cond-detail mono muted">{c.detail}</span>
        </li>
      ))}
    </ul>
  );
  return (
    <section
      className={`panel readiness ${ready ? 'is-ready' : ''}`}
      data-testid="readiness"
      data-ready={ready ? 'true' : 'false'}
    >
      <div className="panel-title">
        <h3>Readiness</h3>
        <span className="muted small">
          {conditions.length > 0
            ? `${ok}/${conditions.length} conditions hold`
            : waiting
              ? 'waiting for the first check…'
              : ''}
        </span>
      </div>
      {ready && !waiting ? (
        <details>
          <summary>All conditions held</summary>
          {list}
        </details>
      ) : (
        list
      )}
    </section>
  );
}

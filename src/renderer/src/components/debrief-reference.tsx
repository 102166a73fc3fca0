import type { Debrief } from '../../../shared/debrief-types';
import type { Scenario } from '../../../shared/scenario-schema';
import { sinceText } from '../../../shared/scenario-pace';
import { actionLabel } from '../store/scenario-state';

/** The reference response's steps with their reasons (already naming this run's nodes). */
export function ReferenceSteps({ debrief: d }: { debrief: Debrief }) {
  const refSettings = d.scenario.lab.referenceSettings;
  return (
    <section className="panel reference-steps" data-testid="reference-steps">
      <div className="panel-title">
        <h3>What the reference response does</h3>
        {d.scenario.referenceLost !== undefined && (
          <span className="muted small">a scripted bot: its loss is a best case</span>
        )}
      </div>
      {refSettings && Object.keys(refSettings).length > 0 && (
        <p className="small">
          Before the start it sets{' '}
          <span className="mono">
            {Object.entries(refSettings)
              .map(([k, v]) => `${k}=${v}`)
              .join(' · ')}
          </span>
          .
        </p>
      )}
      <ol>
        {d.reference.map((s, i) => (
          <li key={i} data-testid={`reference-step-${i}`}>
            <span className="mono muted small">{sinceText(s)}</span>{' '}
            <span className="mono step-action">{actionLabel(s.do)}</span>
            {s.why && <div className="why">{s.why}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The pattern's teaching card: shape, how it shows, the tell, misdiagnoses, the fix, a story. */
export function TeachingCard({ debrief: d }: { debrief: Debrief }) {
  return <TeachingCardBody pattern={d.scenario.pattern} teaching={d.scenario.teaching} />;
}

/** The teaching card of a pattern, as the debrief shows it (the studio previews it too). */
export function TeachingCardBody({
  pattern,
  teaching: t,
}: {
  pattern: Scenario['pattern'];
  teaching: Scenario['teaching'];
}) {
  return (
    <section className="panel teaching-card" data-testid="teaching-card">
      <div className="panel-title">
        <h3>
          The pattern: {pattern.id} {pattern.name}
        </h3>
      </div>
      <dl className="teaching">
        <dt>Shape</dt>
        <dd>{t.shape}</dd>
        <dt>How it shows here</dt>
        <dd>{t.howItShows}</dd>
        <dt>The tell</dt>
        <dd>{t.tell}</dd>
      </dl>
      <h4>Misdiagnoses</h4>
      <table className="table misdiagnoses" data-testid="misdiagnoses">
        <thead>
          <tr>
            <th>Looks like</th>
            <th>But actually</th>
            <th>How to tell</th>
          </tr>
        </thead>
        <tbody>
          {t.misdiagnoses.map((m, i) => (
            <tr key={i}>
              <td>{m.looksLike}</td>
              <td>{m.butActually}</td>
              <td>{m.howToTell}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>The fix</h4>
      <dl className="teaching fix" data-testid="teaching-fix">
        <dt>Immediate</dt>
        <dd>{t.fix.immediate}</dd>
        <dt>Short term</dt>
        <dd>{t.fix.shortTerm}</dd>
        <dt>Long term</dt>
        <dd>{t.fix.longTerm}</dd>
      </dl>
      <h4>A story</h4>
      <p className="story">{t.story}</p>
    </section>
  );
}

/** Every timeline entry as a list, folded by default. */
export function TimelineList({ debrief: d }: { debrief: Debrief }) {
  return (
    <details className="panel timeline-list" data-testid="debrief-timeline-list">
      <summary>
        <h3 className="inline">Every timeline entry ({d.timeline.length})</h3>
      </summary>
      <ul className="event-list">
        {d.timeline.map((e, i) => (
          <li key={i} data-kind={e.kind}>
            <span className="mono muted">+{(e.at / 1000).toFixed(1)} s</span>
            <span className="chip small">{e.kind}</span>
            <span>
              {e.label}
              {e.node && <span className="mono muted"> ({e.node})</span>}
            </span>
            {e.detail && <span className="muted msg">{e.detail}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}

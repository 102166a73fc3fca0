import type { ScenarioCheck } from '../../../../shared/scenario-schema';
import { TeachingCardBody } from '../debrief-reference';
import { DryRunPanel } from './dry-run-panel';
import type { EditorMarker } from './editor-types';
import type { StudioDraft } from './studio-draft';

interface Props {
  draft: StudioDraft;
  /** The engine's check of the current text; null while the text is being checked. */
  check: ScenarioCheck | null;
  /** What the editor marks now. */
  markers: EditorMarker[];
  onReveal: (line: number) => void;
}

/** Beside the editor: its markers as a list, the trainee's view of the scenario, the dry run. */
export function StudioSidePanel({ draft, check, markers, onReveal }: Props) {
  const summary = check?.summary;
  return (
    <aside className="studio-side">
      <section className="panel" data-testid="studio-problems">
        <div className="panel-title">
          <h3>Problems</h3>
          <span
            className="muted small"
            data-testid="studio-check-state"
            data-state={check ? (check.problems.length ? 'problems' : 'valid') : 'checking'}
          >
            {check
              ? check.problems.length
                ? `${check.problems.length} in ${check.file}`
                : `${check.file}: valid`
              : 'checking…'}
          </span>
        </div>
        {markers.length === 0 ? (
          <p className="muted small">No marker in the editor.</p>
        ) : (
          <ul className="problem-list" data-testid="studio-markers">
            {markers.map((m, i) => (
              <li key={`${m.line}:${i}`} className="mono" data-line={m.line} data-source={m.source}>
                <button type="button" className="link" onClick={() => onReveal(m.line)}>
                  line {m.line}
                </button>{' '}
                — {m.message}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel studio-preview" data-testid="studio-preview">
        <div className="panel-title">
          <h3>What the trainee sees</h3>
        </div>
        {summary && check?.teaching ? (
          <>
            <article className="lab-card scenario-card" data-testid="studio-preview-card">
              <div className="scenario-card-head">
                <h3>{summary.title}</h3>
                <span className={`badge difficulty difficulty-${summary.difficulty}`}>
                  {summary.difficulty}
                </span>
              </div>
              <div className="scenario-meta">
                <span className="mono pattern">{summary.pattern.id}</span>
                <span>{summary.pattern.name}</span>
                <span className="muted">· {summary.minutes} min</span>
              </div>
              <p className="lab-desc briefing-text">{summary.briefing}</p>
              {summary.traineeSettings.length > 0 && (
                <p className="muted small">
                  The trainee may set:{' '}
                  {summary.traineeSettings.map((t) => `${t.name}=${String(t.value)}`).join(', ')}
                </p>
              )}
            </article>
            <p className="muted small">In the debrief, the teaching card:</p>
            <TeachingCardBody pattern={summary.pattern} teaching={check.teaching} />
          </>
        ) : (
          <p className="muted small">The preview shows once the scenario is valid.</p>
        )}
      </section>
      <DryRunPanel draft={draft} />
    </aside>
  );
}

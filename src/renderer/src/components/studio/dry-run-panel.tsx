import { useEffect, useState } from 'react';
import type { DryRun } from '../../../../shared/dry-run-types';
import { hrefFor } from '../../route';
import { useStore } from '../../store/react';
import type { StudioDraft } from './studio-draft';

/** How often a dry run in flight is asked for its progress, ms. */
const POLL_MS = 2000;

/**
 * The dry run: the scenario's self-test on the real engine, headless (its
 * reference must pass, doing nothing must fail, each wrong response must fail
 * for the checks its header names), run by the same code as
 * `npm run scenario -- selftest`. It runs the scenario as the catalog holds it.
 */
export function DryRunPanel({ draft }: { draft: StudioDraft }) {
  const studio = useStore().studio;
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const origin = draft.origin;
  const scenarioId = origin.kind === 'new' ? null : origin.id;
  const unsaved = draft.saved !== undefined && draft.saved !== draft.text;

  useEffect(() => {
    if (!dryRun || dryRun.state !== 'running') return;
    const timer = setTimeout(() => {
      studio.getDryRun({ dryRunId: dryRun.id }).then(
        (next) => next && setDryRun(next),
        (e: unknown) => setError((e as Error).message),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [dryRun, studio]);

  const start = () => {
    if (!scenarioId) return;
    setError(null);
    studio
      .startDryRun({ scenarioId, pace: 'fast' })
      .then(({ dryRunId }) => studio.getDryRun({ dryRunId }))
      .then(
        (d) => setDryRun(d),
        (e: unknown) => setError((e as Error).message),
      );
  };

  const running = dryRun?.state === 'running';
  return (
    <section
      className="panel dry-run"
      data-testid="dry-run"
      data-state={dryRun ? dryRun.state : 'idle'}
      {...(dryRun?.state === 'done' ? { 'data-ok': dryRun.ok ? 'true' : 'false' } : {})}
    >
      <div className="panel-title">
        <h3>Dry run</h3>
        <span className="muted small">
          reference, &ldquo;none&rdquo; and the wrong responses, on the real engine
        </span>
      </div>
      {!scenarioId && (
        <p className="muted small">Save the scenario to your library to dry-run it.</p>
      )}
      {unsaved && (
        <p className="muted small" data-testid="dry-run-unsaved">
          The dry run plays the saved file, not your unsaved changes.
        </p>
      )}
      <button
        type="button"
        className="btn"
        data-testid="dry-run-start"
        disabled={!scenarioId || running}
        onClick={start}
      >
        {running ? 'Running…' : 'Dry run'}
      </button>
      {error && (
        <p className="error-box" role="alert" data-testid="dry-run-error">
          {error}
        </p>
      )}
      {dryRun && (
        <>
          {dryRun.problems.map((p, i) => (
            <p key={i} className="field-error small">
              {p}
            </p>
          ))}
          <table className="table dry-run-table">
            <thead>
              <tr>
                <th>Response</th>
                <th>Grade</th>
                <th>Self-test</th>
              </tr>
            </thead>
            <tbody>
              {dryRun.entries.map((e) => (
                <tr
                  key={e.response}
                  data-testid={`dry-run-entry-${e.response}`}
                  data-state={e.state}
                  {...(e.ok !== undefined ? { 'data-ok': e.ok ? 'true' : 'false' } : {})}
                >
                  <td className="mono">
                    {e.response}
                    {e.mistake && <div className="muted small">{e.mistake}</div>}
                  </td>
                  <td>
                    {e.state === 'graded' && e.runId ? (
                      <a href={hrefFor({ name: 'debrief', runId: e.runId })}>
                        {e.passed ? 'passed' : 'not passed'} {e.score}/100
                      </a>
                    ) : (
                      <span className="muted">{e.state.replace('-', ' ')}</span>
                    )}
                  </td>
                  <td>
                    {e.ok === undefined ? '' : e.ok ? '✓ as expected' : '✗ wrong'}
                    {e.why && <div className="muted small">{e.why}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

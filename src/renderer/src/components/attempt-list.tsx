import type { AttemptSummary } from '../../../shared/debrief-types';
import { formatDateTime } from '../format';
import { hrefFor, navigate } from '../route';
import { useAppState } from '../store/react';

/** How many attempts the home screen shows; the rest are in the history view. */
export const RECENT_ATTEMPTS = 5;

/** Stored attempts as rows, in the order given; each row opens its debrief. */
export function AttemptTable({ attempts }: { attempts: readonly AttemptSummary[] }) {
  return (
    <table className="table attempt-table">
      <thead>
        <tr>
          <th>When</th>
          <th>Scenario</th>
          <th>Played by</th>
          <th>Response</th>
          <th>Score</th>
          <th>Result</th>
          <th>Acked writes lost</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <tr
            key={a.attemptId}
            className="clickable"
            data-testid={`attempt-row-${a.attemptId}`}
            data-passed={a.passed ? 'true' : 'false'}
            data-score={a.score}
            data-player={a.player ?? ''}
            onClick={() => navigate({ name: 'debrief', runId: a.attemptId })}
          >
            <td className="mono">{formatDateTime(a.startedAt)}</td>
            <td>{a.title}</td>
            <td data-testid={`attempt-player-${a.attemptId}`}>
              {a.player ?? <span className="muted">—</span>}
            </td>
            <td className="muted">
              {a.responseName ?? 'trainee'}
              {a.pace === 'fast' && (
                <span className="chip small" title="the self-test's fast timings">
                  fast
                </span>
              )}
            </td>
            <td className="mono">{Math.round(a.score)}</td>
            <td>
              <span className={`verdict verdict-${a.passed ? 'pass' : 'fail'}`}>
                {a.passed ? 'passed' : 'not passed'}
              </span>
            </td>
            <td className="mono">{a.ackedLost}</td>
            <td>
              <a
                className="link"
                href={hrefFor({ name: 'debrief', runId: a.attemptId })}
                data-testid={`open-attempt-${a.attemptId}`}
                onClick={(e) => e.stopPropagation()}
              >
                Debrief ›
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The load state of the attempts: an error, loading, or nothing stored yet; null once there are some. */
export function AttemptsStatus() {
  const attempts = useAppState((s) => s.attempts);
  const error = useAppState((s) => s.attemptsError);
  if (error) return <p className="error-box">Could not load the attempts: {error}</p>;
  if (!attempts) return <p className="muted">Loading attempts…</p>;
  if (attempts.length === 0)
    return <p className="muted">No graded attempts yet: finish a scenario to see it here.</p>;
  return null;
}

/** The home screen's latest few attempts, with a link to the whole history. */
export function RecentAttempts() {
  const attempts = useAppState((s) => s.attempts);
  const recent = attempts?.slice(0, RECENT_ATTEMPTS) ?? [];
  return (
    <section className="attempts" data-testid="attempt-history">
      <div className="section-head">
        <h2 className="section-title">Latest attempts</h2>
        {attempts && attempts.length > 0 && (
          <a className="link" href={hrefFor({ name: 'history' })} data-testid="open-history">
            {attempts.length > recent.length
              ? `All ${attempts.length} attempts ›`
              : 'History and filters ›'}
          </a>
        )}
      </div>
      <AttemptsStatus />
      {recent.length > 0 && <AttemptTable attempts={recent} />}
    </section>
  );
}

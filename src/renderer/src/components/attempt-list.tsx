import type { AttemptSummary } from '../../../shared/debrief-types';
import { formatDateTime } from '../format';
import { hrefFor, navigate } from '../route';
import { useAppState } from '../store/react';

/** How many attempts the home screen shows; the rest are in the history view. */
export const RECENT_ATTEMPTS = 5;

/** The Response cell: the scripted response's name, or `trainee`, and the fast pace's chip. */
function ResponseCell({ a }: { a: AttemptSummary }) {
  return (
    <td className="muted">
      {a.responseName ?? 'trainee'}
      {a.pace === 'fast' && (
        <span className="chip small" title="the self-test's fast timings">
          fast
        </span>
      )}
    </td>
  );
}

/** A graded attempt: score, verdict, loss; the row opens its debrief. */
function GradedRow({ a }: { a: AttemptSummary }) {
  return (
    <tr
      className="clickable"
      data-testid={`attempt-row-${a.attemptId}`}
      data-verdict={a.passed ? 'passed' : 'not-passed'}
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
      <ResponseCell a={a} />
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
  );
}

/**
 * An attempt that ended without a grade: marked `not graded` with the
 * reason, no score, verdict or loss (nothing was graded or counted), and no
 * debrief (there is none). While the engine still holds the run, the row
 * opens its run view (the log says what happened); after a restart it is
 * not a link.
 */
function NotGradedRow({
  a,
  reason,
  runKnown,
}: {
  a: AttemptSummary;
  reason: string;
  runKnown: boolean;
}) {
  const open = runKnown ? () => navigate({ name: 'run', runId: a.attemptId }) : undefined;
  return (
    <tr
      className={runKnown ? 'clickable not-graded' : 'not-graded'}
      data-testid={`attempt-row-${a.attemptId}`}
      data-verdict="not-graded"
      data-passed=""
      data-score=""
      data-player={a.player ?? ''}
      onClick={open}
    >
      <td className="mono">{formatDateTime(a.startedAt)}</td>
      <td>{a.title}</td>
      <td data-testid={`attempt-player-${a.attemptId}`}>
        {a.player ?? <span className="muted">—</span>}
      </td>
      <ResponseCell a={a} />
      <td className="mono muted">—</td>
      <td>
        <span className="verdict verdict-none" title="the run ended without a grade">
          not graded
        </span>
        <span className="attempt-reason muted small" data-testid={`attempt-reason-${a.attemptId}`}>
          {reason}
        </span>
      </td>
      <td className="mono muted">—</td>
      <td>
        {runKnown && (
          <a
            className="link"
            href={hrefFor({ name: 'run', runId: a.attemptId })}
            data-testid={`open-attempt-run-${a.attemptId}`}
            onClick={(e) => e.stopPropagation()}
          >
            Run ›
          </a>
        )}
      </td>
    </tr>
  );
}

/**
 * Stored attempts as rows, in the order given: a graded one opens its
 * debrief; one that ended without a grade is marked so, with its reason
 * (see NotGradedRow).
 */
export function AttemptTable({ attempts }: { attempts: readonly AttemptSummary[] }) {
  const runs = useAppState((s) => s.runs);
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
        {attempts.map((a) =>
          a.notGraded ? (
            <NotGradedRow
              key={a.attemptId}
              a={a}
              reason={a.notGraded.reason}
              runKnown={runs[a.attemptId] !== undefined}
            />
          ) : (
            <GradedRow key={a.attemptId} a={a} />
          ),
        )}
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
    return <p className="muted">No attempts yet: play a scenario to see it here.</p>;
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

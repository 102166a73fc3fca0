import { memo, useState } from 'react';
import { formatClock, formatOffset } from '../format';
import { useStore } from '../store/react';
import type { HintEntry } from '../store/scenario-state';

/** "2 of 4 hints shown, 1 asked for" (the total once the scenario is loaded). */
export function hintsSummary(shown: number, asked: number, total: number | undefined): string {
  const of = total === undefined ? '' : ` of ${total}`;
  const noun = (total ?? shown) === 1 ? 'hint' : 'hints';
  return `${shown}${of} ${noun} shown, ${asked} asked for`;
}

/**
 * The scenario's hints: those shown so far (on time, or asked for, marked
 * so), how many of the scenario's hints that is, and a button that asks the
 * engine for the next one. The button says why when it cannot be used.
 */
export const HintsPanel = memo(function HintsPanel({
  runId,
  hints,
  total,
  t0,
  running,
}: {
  runId: string;
  hints: HintEntry[];
  /** How many hints the scenario has (its detail's `hints.length`); undefined until loaded. */
  total: number | undefined;
  /** The scenario's start: what the hints' times count from. */
  t0: number;
  /** The scenario runs (not before, not once it is grading or graded). */
  running: boolean;
}) {
  const store = useStore();
  const [asking, setAsking] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; detail: string } | null>(null);
  const asked = hints.filter((h) => h.requested).length;
  const allShown = total !== undefined && hints.length >= total;
  const reason = !running
    ? 'Hints can be asked for while the scenario runs'
    : total === 0
      ? 'This scenario has no hints'
      : allShown
        ? `All ${total} hints are shown`
        : undefined;

  const ask = async () => {
    setAsking(true);
    const result = await store.requestHint(runId);
    setAsking(false);
    setAnswer(result);
  };

  return (
    <section
      className="panel hints"
      data-testid="hints"
      data-shown={hints.length}
      data-asked={asked}
      data-total={total ?? ''}
    >
      <div className="panel-title">
        <h3>Hints</h3>
        <span className="muted small" data-testid="hints-count">
          {hintsSummary(hints.length, asked, total)}
        </span>
        <span className="spacer" />
        {reason && (
          <span className="muted small" data-testid="request-hint-reason">
            {reason}
          </span>
        )}
        <button
          type="button"
          className="btn btn-small"
          data-testid="request-hint"
          disabled={reason !== undefined || asking}
          title={reason ?? 'Show the next hint (the debrief counts the hints you asked for)'}
          onClick={() => void ask()}
        >
          {asking ? 'Asking…' : 'Show a hint'}
        </button>
      </div>
      {answer && !answer.ok && (
        <p className="action-result bad" data-testid="request-hint-answer" role="status">
          {answer.detail || 'No hint was shown'}
        </p>
      )}
      {hints.length > 0 && (
        <ol aria-live="polite">
          {hints.map((h) => (
            <li
              key={h.index}
              data-testid={`hint-${h.index}`}
              data-requested={h.requested ? 'true' : 'false'}
            >
              <span className="mono muted small" title={formatClock(h.t)}>
                {formatOffset(h.t, t0)}
              </span>{' '}
              {h.requested && <span className="badge hint-asked">asked for</span>} {h.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
});

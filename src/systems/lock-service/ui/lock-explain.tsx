import { useState } from 'react';
import type { ExplainState, ExplainStep } from '../shared/lock-explain-steps';

/** Seconds since the scenario started, as a step shows it: `+12.3 s`. */
function atText(ms: number): string {
  return `+${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** The steps' tone: a stale write that got in is bad, one refused or the check turned on is good. */
const TONES: Partial<Record<ExplainStep['kind'], string>> = {
  'zombie-accepted': 'bad',
  'zombie-refused': 'ok',
  'check-on': 'ok',
  'check-off': 'bad',
};

/**
 * Explain mode (seed 004's "see it work"): how the fencing token played out
 * in this run, one step at a time from its recorded history (the steps
 * its debrief derived): each
 * acquisition and its token, the freeze and the wake, the workers' lost
 * leases, the runs of writes, each zombie write (accepted or refused) and
 * storage's fencing check. Previous and Next step through; a strip shows
 * the state after the step: the lock in etcd, each worker's belief, and
 * storage's highest token and check.
 */
export function LockExplain({ steps }: { steps: readonly ExplainStep[] }) {
  const [index, setIndex] = useState(0);
  const i = Math.min(index, Math.max(0, steps.length - 1));
  const step = steps[i];
  return (
    <div className="lock-explain" data-testid="lock-explain" data-steps={steps.length}>
      <div className="panel-title">
        <h3>Explain: how the fencing token works in this run</h3>
        <span className="muted small">from this run&apos;s recorded history</span>
      </div>
      {!step ? (
        <p className="muted" data-testid="explain-empty">
          The history holds no lock events and no writes with a token: nothing to explain.
        </p>
      ) : (
        <>
          <div className="explain-nav">
            <button
              type="button"
              className="btn btn-small"
              data-testid="explain-prev"
              disabled={i === 0}
              onClick={() => setIndex(i - 1)}
            >
              ‹ Previous
            </button>
            <span
              className="mono small"
              data-testid="explain-position"
              data-index={i + 1}
              data-count={steps.length}
            >
              Step {i + 1} of {steps.length}
            </span>
            <button
              type="button"
              className="btn btn-small"
              data-testid="explain-next"
              disabled={i === steps.length - 1}
              onClick={() => setIndex(i + 1)}
            >
              Next ›
            </button>
          </div>
          <p
            className={`action-result ${TONES[step.kind] ?? ''}`}
            data-testid="explain-step"
            data-kind={step.kind}
            data-node={step.node ?? ''}
            data-token={step.token ?? ''}
            data-count={step.count ?? ''}
            aria-live="polite"
          >
            <span className="mono muted">{atText(step.at)}</span> {step.text}
          </p>
          <StateStrip state={step.state} />
        </>
      )}
    </div>
  );
}

/** The state after a step: the lock in etcd, each worker's belief, storage's highest token and check. */
function StateStrip({ state }: { state: ExplainState }) {
  return (
    <table className="table compact explain-state" data-testid="explain-state">
      <tbody>
        <tr
          data-testid="explain-lock"
          data-holder={state.holder ?? ''}
          data-token={state.token ?? ''}
        >
          <th scope="row">lock in etcd</th>
          <td className="mono">
            {state.holder
              ? `held by ${state.holder}${state.token !== undefined ? ` · token ${state.token}` : ''}`
              : 'free'}
          </td>
        </tr>
        {state.workers.map((w) => {
          const zombie = w.holding && state.holder !== w.worker;
          return (
            <tr
              key={w.worker}
              data-testid={`explain-worker-${w.worker}`}
              data-holding={w.holding ? 'true' : 'false'}
              data-token={w.token ?? ''}
              data-frozen={w.frozen ? 'true' : 'false'}
              className={zombie ? 'bad' : undefined}
            >
              <th scope="row" className="mono">
                {w.worker}
              </th>
              <td>
                {w.holding
                  ? `believes it holds the lock${w.token !== undefined ? ` · token ${w.token}` : ''}`
                  : 'holds no lock'}
                {w.frozen ? ' · frozen' : ''}
                {zombie ? ' · a zombie: etcd gave the lock away' : ''}
              </td>
            </tr>
          );
        })}
        <tr
          data-testid="explain-storage"
          data-highest={state.storage.highest}
          data-check={state.storage.checkOn ? 'on' : 'off'}
        >
          <th scope="row" className="mono">
            storage
          </th>
          <td>
            highest token accepted {state.storage.highest || 'none yet'} · fencing check{' '}
            {state.storage.checkOn ? 'on' : 'off'}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

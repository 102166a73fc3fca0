import { formatClock, parseDuration } from '../format';
import { hrefFor } from '../route';
import { useAppState, useStore } from '../store/react';
import type { RunState } from '../store/run-state';
import { PhaseBadge } from './phase-stepper';
import { ScenarioClock } from './scenario-clock';

/**
 * The workspace's top bar, always in view: which run and its phase, a
 * scenario's clock (and last-minute warning), and Stop lab. The phase
 * stepper sits with the bring-up details (see RunStatusLine).
 */
export function RunHead({
  run,
  title,
  readOnly = false,
}: {
  run: RunState;
  title: string;
  /** A facilitator watching: no stop button. */
  readOnly?: boolean;
}) {
  const store = useStore();
  const runId = run.runId;
  const stopping = useAppState((s) => s.stopping[runId] === true);
  const live = run.scenario;
  const detail = useAppState((s) =>
    live?.scenarioId ? s.scenarioDetails[live.scenarioId] : undefined,
  );
  const isScenario = live !== undefined;
  const stopDisabled = stopping || run.phase === 'stopping' || run.phase === 'stopped';
  const cardLimitMs = detail
    ? (parseDuration(detail.timeLimit) ?? detail.minutes * 60_000)
    : undefined;
  return (
    <div className="run-top">
      <div className="run-head">
        <a className="link" href={hrefFor({ name: 'home' })}>
          ‹ {isScenario ? 'Home' : 'Labs'}
        </a>
        <h2 className="run-title" title={title}>
          {title}
        </h2>
        <PhaseBadge phase={run.phase} />
        <span className="mono muted small" title={`started ${formatClock(run.startedAt)}`}>
          {runId}
        </span>
        <span className="spacer" />
        {live && (
          <ScenarioClock
            live={live}
            running={run.phase === 'running' && live.grade === undefined}
            {...(cardLimitMs !== undefined ? { fallbackLimitMs: cardLimitMs } : {})}
          />
        )}
        {!readOnly && (
          <button
            type="button"
            className="btn btn-danger"
            data-testid="stop-lab"
            disabled={stopDisabled}
            onClick={() => void store.stopLab(runId)}
          >
            {stopping || run.phase === 'stopping'
              ? 'Stopping…'
              : run.phase === 'stopped'
                ? 'Stopped'
                : 'Stop lab'}
          </button>
        )}
      </div>
    </div>
  );
}

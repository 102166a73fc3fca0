import { hrefFor, navigate } from '../route';
import type { AppState } from '../store/app-store';
import { useAppState } from '../store/react';
import { isActive, type RunState } from '../store/run-state';

/** The newest active run that `matches` and the engine still lists, or null. */
export function newestActiveRunId(
  state: AppState,
  matches: (run: RunState) => boolean,
): string | null {
  let best: { id: string; at: number } | null = null;
  for (const run of Object.values(state.runs)) {
    if (
      matches(run) &&
      isActive(run.phase) &&
      !state.missingRuns[run.runId] &&
      (!best || run.startedAt > best.at)
    )
      best = { id: run.runId, at: run.startedAt };
  }
  return best?.id ?? null;
}

/**
 * The foot of a lab or scenario card: the last start error, the start button
 * (disabled without an engine, while starting, while a run of it is active, or
 * while `invalid`), and a link to the active run or why the button is disabled.
 */
export function StartActions({
  what,
  starting,
  startError,
  activeRunId,
  invalid = false,
  start,
  testIds,
}: {
  what: 'lab' | 'scenario';
  starting: boolean;
  startError: string | undefined;
  activeRunId: string | null;
  /** The card's inputs do not validate. */
  invalid?: boolean;
  /** Starts a run; resolves to its id (null when the start failed). */
  start: () => Promise<string | null>;
  testIds: { error: string; start: string; open: string };
}) {
  const reachable = useAppState((s) => s.engineStatus?.reachable === true);
  const disabled = !reachable || starting || activeRunId !== null || invalid;
  const reason = !reachable
    ? 'Docker engine not reachable'
    : activeRunId
      ? `A run of this ${what} is active`
      : invalid
        ? 'Fix the settings first'
        : undefined;

  const onStart = async () => {
    const runId = await start();
    if (runId) navigate({ name: 'run', runId });
  };

  return (
    <>
      {startError && (
        <p className="error-box" data-testid={testIds.error}>
          {startError}
        </p>
      )}
      <div className="card-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid={testIds.start}
          disabled={disabled}
          title={reason}
          onClick={() => void onStart()}
        >
          {starting ? 'Starting…' : `Start ${what}`}
        </button>
        {activeRunId && (
          <a
            className="link"
            href={hrefFor({ name: 'run', runId: activeRunId })}
            data-testid={testIds.open}
          >
            Open active run ›
          </a>
        )}
        {reason && !activeRunId && <span className="muted small">{reason}</span>}
      </div>
    </>
  );
}

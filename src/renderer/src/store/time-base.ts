import type { RunState } from './run-state';
import type { ScenarioLive } from './scenario-state';

/**
 * The moment every time on a run's screen counts from (charts' x axis, the
 * first split, hints, the moves, fault bands): a scenario's start (its
 * `scenario` event, the base the debrief counts from too), else the lab's
 * start. Until a scenario's `scenario` event arrives, the lab's start.
 */
export function runTimeBase(run: Pick<RunState, 'startedAt' | 'scenario' | 'samples'>): number {
  return run.scenario?.startedAt ?? (run.startedAt || run.samples[0]?.t || 0);
}

/**
 * How long a scenario still runs before it ends by itself, ms at `now`:
 * from its `scenario` event's time limit (`fallbackLimitMs`, e.g. the
 * card's, for histories without one). Undefined until the scenario started
 * or when no limit is known. Never negative.
 */
export function scenarioTimeLeft(
  live: Pick<ScenarioLive, 'startedAt' | 'timeLimitMs'>,
  now: number,
  fallbackLimitMs?: number,
): number | undefined {
  const limit = live.timeLimitMs ?? fallbackLimitMs;
  if (live.startedAt === undefined || limit === undefined) return undefined;
  return Math.max(0, live.startedAt + limit - now);
}

/** The clock warns this long before a scenario ends by itself. */
export const TIME_WARNING_MS = 60_000;

import { durationMs, type Pace, type ResponseStep, type Scenario } from './scenario-schema';

/** When a timed fault fires in the fast profile if the scenario does not say. */
export const DEFAULT_FAST_FAULT_AT = '5s';

/**
 * A scenario's time limit, ms: its `timeLimit` (on a `pacedScenario`, the
 * limit of that pace), else the card's minutes.
 */
export function timeLimitMs(scenario: Pick<Scenario, 'timeLimit' | 'minutes'>): number {
  return scenario.timeLimit ? durationMs(scenario.timeLimit) : scenario.minutes * 60_000;
}

/**
 * The scenario as played at a pace. `human` keeps the file's timings (random
 * fault windows, the card's minutes as the time limit); `fast` (the headless
 * self-test) fires each timed fault at its `fast.faults` offset (default 5 s)
 * with its fast `duration` if given, and ends at `fast.timeLimit` (default:
 * the human limit). Nothing else
 * differs: topology, workload, faults' targets and durations, hints,
 * grading, teaching and the reference are the same object values. Pure.
 */
export function pacedScenario(scenario: Scenario, pace: Pace): Scenario {
  const timeLimit = scenario.timeLimit ?? `${scenario.minutes}m`;
  if (pace === 'human') return { ...scenario, timeLimit };
  const fast = scenario.fast;
  return {
    ...scenario,
    timeLimit: fast?.timeLimit ?? timeLimit,
    faults: scenario.faults.map((f) => {
      const own = fast?.faults[f.id];
      const at =
        'trigger' in f.at || 'with' in f.at ? f.at : { after: own?.at ?? DEFAULT_FAST_FAULT_AT };
      const duration = own?.duration ?? f.duration;
      return { ...f, at, ...(duration !== undefined ? { duration } : {}) };
    }),
  };
}

/** What a step or hint counts from (see the schema's `since`). */
export type Since =
  | { from: 'start' }
  | { from: 'tell' }
  /** The step before it (in the file) finished: for scripted steps only. */
  | { from: 'previous' }
  | { from: 'injected'; faultId: string }
  | { from: 'healed'; faultId: string };

/** The `since` words that are not fault ids: no fault may be named so. */
export const RESERVED_SINCE = ['start', 'tell', 'previous'] as const;

/** Reads a `since` value: `start`, `tell`, `previous`, `<fault id>` or `<fault id>:healed`. */
export function parseSince(since: string): Since {
  if (since === 'start') return { from: 'start' };
  if (since === 'tell') return { from: 'tell' };
  if (since === 'previous') return { from: 'previous' };
  if (since.endsWith(':healed')) return { from: 'healed', faultId: since.slice(0, -7) };
  return { from: 'injected', faultId: since };
}

/**
 * When a `since` moment falls, ms after the start, in a scenario whose faults
 * fire at fixed offsets and heal by their `duration` (as paced; `undefined`
 * when it depends on a random window, an instructor, a move or, for `tell`,
 * on what the run shows, for `previous`, on when the step before finished).
 */
export function sinceOffsetMs(scenario: Scenario, since: string): number | undefined {
  const s = parseSince(since);
  if (s.from === 'start') return 0;
  if (s.from === 'tell' || s.from === 'previous') return undefined;
  const fault = scenario.faults.find((f) => f.id === s.faultId);
  const withId = fault && 'with' in fault.at ? fault.at.with : undefined;
  const leader = withId ? scenario.faults.find((f) => f.id === withId) : fault;
  if (!fault || !leader || !('after' in leader.at)) return undefined;
  const at = durationMs(leader.at.after);
  if (s.from === 'injected') return at;
  return fault.duration !== undefined ? at + durationMs(fault.duration) : undefined;
}

/** The earliest fixed moment a fault fires, ms after the start (`undefined` when none is fixed). */
export function firstFaultOffsetMs(scenario: Scenario): number | undefined {
  const at = scenario.faults
    .map((f) => sinceOffsetMs(scenario, f.id))
    .filter((x): x is number => x !== undefined);
  return at.length > 0 ? Math.min(...at) : undefined;
}

/**
 * When step `i` of a scripted response is due, ms after the start, on a plan
 * where every step is carried out at once and the first tell shows
 * `tellAfterFaultMs` after the earliest fixed fault. The one model of "when a
 * step falls": the loader's fast-limit check passes 0 (a lower bound: a tell
 * cannot show before its fault), the scenario tests a budget for a busy
 * machine, a system's synthetic story the moment its split shows. `exact` is true
 * only for fixed offsets (the start, a fault's firing or timed heal); a
 * step that counts from a tell, from the step before or from a heal one of
 * `steps` makes is an estimate. `undefined` when it hangs on something unknown
 * (a random window, an instructor, a heal nobody schedules).
 */
export function plannedStepMs(
  scenario: Scenario,
  steps: readonly ResponseStep[],
  i: number,
  tellAfterFaultMs: number,
  seen: ReadonlySet<number> = new Set(),
): { ms: number; exact: boolean } | undefined {
  const step = steps[i];
  if (!step || seen.has(i)) return undefined;
  const inner = new Set([...seen, i]);
  const after = durationMs(step.after);
  const since = parseSince(step.since);
  const estimate = (base: { ms: number } | undefined) =>
    base && { ms: base.ms + after, exact: false };
  if (since.from === 'previous')
    return estimate(plannedStepMs(scenario, steps, i - 1, tellAfterFaultMs, inner));
  if (since.from === 'tell') {
    const first = firstFaultOffsetMs(scenario);
    return first === undefined ? undefined : { ms: first + tellAfterFaultMs + after, exact: false };
  }
  const base = sinceOffsetMs(scenario, step.since);
  if (base !== undefined) return { ms: base + after, exact: true };
  if (since.from !== 'healed') return undefined;
  // Healed by one of the steps (a heal of that fault, or of every fault).
  const healer = steps.findIndex(
    (x, j) => j !== i && x.do.kind === 'heal' && (x.do.fault ?? since.faultId) === since.faultId,
  );
  return healer < 0
    ? undefined
    : estimate(plannedStepMs(scenario, steps, healer, tellAfterFaultMs, inner));
}

/**
 * When a step or hint is due, in words: `8s after the start`, `8s after the
 * first tell showed`, `8s after the step before it finished`, `8s after
 * kill-manager fired`, `8s after kill-manager was healed`.
 */
export function sinceText(step: { since?: string; after: string }): string {
  const s = parseSince(step.since ?? 'start');
  if (s.from === 'start') return `${step.after} after the start`;
  if (s.from === 'tell') return `${step.after} after the first tell showed`;
  if (s.from === 'previous') return `${step.after} after the step before it finished`;
  if (s.from === 'healed') return `${step.after} after ${s.faultId} was healed`;
  return `${step.after} after ${s.faultId} fired`;
}

/**
 * Full- and partial-credit bounds of a time-based check, seconds after the
 * first tell, when the scenario does not set them: full within 30 s (a
 * person who looks before acting), partial within a quarter of the card's
 * minutes, between 1 and 3 minutes.
 */
export function defaultTimeBands(minutes: number): [number, number] {
  return [30, Math.max(60, Math.min(180, minutes * 15))];
}

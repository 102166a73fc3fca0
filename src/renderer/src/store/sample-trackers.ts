import type { ProbeSample } from '../../../shared/lab-types';

/**
 * A state a system's views derive from every probe sample of a run, kept for
 * the whole run (the run's samples are only a window: SAMPLE_WINDOW). A
 * system registers its trackers in its views (SystemViews.sampleTrackers);
 * the run keeps their states in `RunState.tracked`, under each tracker's key.
 * Methods, not function properties: a tracker of any state type is a
 * `SampleTracker<unknown>` in the registry.
 */
export interface SampleTracker<T> {
  /** Its key in `RunState.tracked`, unique across systems. */
  readonly key: string;
  /**
   * Takes one sample into account (a late one, older than the newest seen,
   * too: the tracker decides). Returns the same state when nothing changed,
   * undefined while there is nothing to track (a lab without what it tracks).
   */
  track(state: T | undefined, sample: ProbeSample): T | undefined;
  /**
   * After a snapshot: what to keep of the live state and the one rebuilt from
   * the run's merged samples (they may hold what this window missed).
   */
  merge(live: T | undefined, rebuilt: T | undefined): T | undefined;
}

/** The trackers' states of a run, by tracker key (absent: nothing tracked yet). */
export type TrackedStates = Readonly<Record<string, unknown>>;

/** `tracker`'s state in `tracked`, if it has one. */
export function trackedBy<T>(
  tracked: TrackedStates | undefined,
  tracker: SampleTracker<T>,
): T | undefined {
  return tracked?.[tracker.key] as T | undefined;
}

/**
 * The states with `sample` taken into account: the same object when no
 * tracker's state changed, undefined while none has one.
 */
export function trackSample(
  tracked: TrackedStates | undefined,
  sample: ProbeSample,
  trackers: readonly SampleTracker<unknown>[],
): TrackedStates | undefined {
  let next = tracked;
  for (const t of trackers) {
    const before = tracked?.[t.key];
    const after = t.track(before, sample);
    if (after !== before) next = { ...next, [t.key]: after };
  }
  return next;
}

/** The states after a snapshot: each tracker's merge of its live state and the one rebuilt from `samples` (oldest first). */
export function mergeTracked(
  tracked: TrackedStates | undefined,
  samples: readonly ProbeSample[],
  trackers: readonly SampleTracker<unknown>[],
): TrackedStates | undefined {
  let next = tracked;
  for (const t of trackers) {
    let rebuilt: unknown;
    for (const s of samples) rebuilt = t.track(rebuilt, s);
    const before = tracked?.[t.key];
    const after = t.merge(before, rebuilt);
    if (after !== before) next = { ...next, [t.key]: after };
  }
  return next;
}

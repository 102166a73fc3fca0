import type { Scenario } from '../../shared/scenario-schema';
import { deriveRunFacts } from '../grading/run-facts';
import type { RunHistory } from './run-history';

/** Whether a scripted response or the scenario's hints count from `tell`. */
export function countsFromTell(
  scenario: Pick<Scenario, 'hints'>,
  steps: readonly { since: string }[] = [],
): boolean {
  return steps.some((s) => s.since === 'tell') || scenario.hints.some((h) => h.since === 'tell');
}

/**
 * Waits, live, for the first tell of the split on the trainee's screen: the
 * very tell the time-based checks count from (`deriveRunFacts`' `tell` and
 * `tellShownAt`, read from the history as it stands after each probe
 * sample), so that what counts from `tell` reacts to what a person could
 * see, however long the system took to show it. Calls `onShown` once, with
 * the moment the tell reached the screen (ms since epoch). The returned
 * function stops the watch (called at the run's end; harmless after the tell).
 */
export function watchForTell(
  scenario: Scenario,
  history: RunHistory,
  onShown: (shownAt: number) => void,
): () => void {
  let done = false;
  const stop = history.onAppend((event) => {
    if (done || event.kind !== 'sample') return;
    const shownAt = deriveRunFacts(scenario, history.all()).tellShownAt;
    if (shownAt === undefined) return;
    done = true;
    stop();
    onShown(shownAt);
  });
  return () => {
    done = true;
    stop();
  };
}

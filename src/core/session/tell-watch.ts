import type { Scenario } from '../../shared/scenario-schema';
import { deriveRunFacts } from '../grading/run-facts';
import type { Tell } from '../grading/tell';
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
 * the moment the tell reached the screen (ms since epoch) and the tell. The returned
 * function stops the watch (called at the run's end; harmless after the tell).
 */
export function watchForTell(
  scenario: Scenario,
  history: RunHistory,
  onShown: (shownAt: number, tell: Tell) => void,
): () => void {
  let done = false;
  const stop = history.onAppend((event) => {
    if (done || event.kind !== 'sample') return;
    const { tell, tellShownAt } = deriveRunFacts(scenario, history.all());
    if (!tell || tellShownAt === undefined) return;
    done = true;
    stop();
    onShown(tellShownAt, tell);
  });
  return () => {
    done = true;
    stop();
  };
}

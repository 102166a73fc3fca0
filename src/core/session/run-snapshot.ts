import type { BuildProgress, RunSnapshot } from '../../shared/lab-types';
import type { RunEvent } from '../../shared/run-events';
import { SCENARIO_EVENT_KINDS } from '../../shared/scenario-types';

/**
 * Folds a run's history into the compact snapshot a client redraws from.
 * Pure: the same events always give the same snapshot.
 *
 * @param maxSamples how many of the latest probe samples to include.
 */
export function snapshotOf(
  runId: string,
  labId: string,
  events: readonly RunEvent[],
  maxSamples = 480,
): RunSnapshot {
  const first = events[0];
  const snapshot: RunSnapshot = {
    runId,
    labId,
    phase: 'preparing',
    startedAt: first?.t ?? 0,
    build: [],
    samples: [],
  };
  const build = new Map<string, BuildProgress>();
  const samples: RunSnapshot['samples'] = [];
  for (const e of events) {
    switch (e.kind) {
      case 'phase':
        snapshot.phase = e.phase;
        if (e.phase === 'running' && snapshot.readyAfterMs === undefined)
          snapshot.readyAfterMs = e.t - snapshot.startedAt;
        if (e.phase === 'failed') snapshot.error = e.detail;
        break;
      case 'build':
        build.set(e.progress.image, e.progress);
        break;
      case 'readiness':
        snapshot.readiness = e.status;
        break;
      case 'sample':
        samples.push(e.sample);
        break;
      default:
        break;
    }
  }
  const scenarioEvents = events.filter((e) => SCENARIO_EVENT_KINDS.has(e.kind));
  if (scenarioEvents.length > 0) snapshot.scenarioEvents = scenarioEvents;
  snapshot.build = [...build.values()];
  snapshot.samples = samples.slice(-maxSamples);
  return snapshot;
}

import type { ProbeSample } from '../../../shared/lab-types';
import type { ScenarioSystem, TellId } from '../../../shared/scenario-schema';
import { systemOfLab } from '../../../shared/system-traits';
import type { FaultBand } from '../charts/fault-band-data';
import type { ScenarioLive, WriteBucket } from '../store/scenario-state';
import type { TrackedStates } from '../store/sample-trackers';

/**
 * The system a run is on: from the scenario when it is known, else from the
 * lab id or the kinds of the probed nodes (SYSTEM_TRAITS: each system's
 * labs and own node kinds). Plain lab runs pass no scenario. Undefined
 * while the run's lab is not known yet (no lab id, no probed kinds); throws
 * for a lab no system claims (a system missing from the registry).
 */
export function scenarioSystem(
  declared: ScenarioSystem | undefined,
  labId: string,
  kindsKey: string,
): ScenarioSystem | undefined {
  if (declared) return declared;
  const kinds = kindsKey ? kindsKey.split(',').map((pair) => pair.split(':')[1] ?? '') : [];
  const system = systemOfLab(labId, kinds);
  // The run's lab is not known yet (a scenario run before its first snapshot): nothing to show.
  if (!system && labId === '') return undefined;
  if (!system)
    throw new Error(
      `no system runs lab "${labId}"${kinds.length ? ` (node kinds ${[...new Set(kinds)].join(', ')})` : ''}: add it to SYSTEM_TRAITS`,
    );
  return system;
}

/** What the per-system tell sections of the run view read. */
export interface TellsProps {
  /** Whether the scenario charts this tell. */
  shows: (tell: TellId) => boolean;
  live: ScenarioLive;
  latest: ProbeSample | undefined;
  /** Deferred samples (charts render in the background). */
  chartSamples: ProbeSample[];
  t0: number;
  labOrder: string[];
  dataNodes: string[];
  faults: FaultBand[];
  writes: WriteBucket[];
  writeNodes: string[];
  domain: [number, number];
  /** What the systems' trackers derived from the whole run (RunState.tracked; read one with `trackedBy`). */
  tracked?: TrackedStates;
}

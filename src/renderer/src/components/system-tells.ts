import type { ProbeSample } from '../../../shared/lab-types';
import type { ScenarioSystem, TellId } from '../../../shared/scenario-schema';
import type { FaultBand } from '../charts/chart-data';
import type { ScenarioLive, WriteBucket } from '../store/scenario-state';

/** The tells each system charts when the scenario has not said (its details not loaded yet). */
export const DEFAULT_TELLS: Record<ScenarioSystem, readonly TellId[]> = {
  'redis-sentinel': [
    'masters-claimed',
    'roles',
    'offsets',
    'replids',
    'sentinel-events',
    'epochs',
    'writes-per-node',
    'ledger',
    'reachability',
  ],
  patroni: [
    'masters-claimed',
    'roles',
    'patroni-roles',
    'timelines',
    'lsn',
    'leader-key',
    'patroni-events',
    'writes-per-node',
    'ledger',
    'reachability',
  ],
};

/**
 * The system a scenario run is on: from the scenario when it is known, else
 * from the lab id or the kinds of the probed nodes (`postgres`/`etcd` =
 * Patroni).
 */
export function scenarioSystem(
  declared: ScenarioSystem | undefined,
  labId: string,
  kindsKey: string,
): ScenarioSystem {
  if (declared) return declared;
  if (labId === 'patroni' || /:(postgres|etcd)(,|$)/.test(kindsKey)) return 'patroni';
  return 'redis-sentinel';
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
}

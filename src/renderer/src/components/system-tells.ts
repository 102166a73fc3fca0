import type { ProbeSample } from '../../../shared/lab-types';
import type { ScenarioSystem, TellId } from '../../../shared/scenario-schema';
import type { FaultBand } from '../charts/fault-band-data';
import type { ScenarioLive, WriteBucket } from '../store/scenario-state';
import type { NeighbourFlips } from '../store/vip-neighbour';

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
  keepalived: [
    'masters-claimed',
    'vrrp-states',
    'vip-holders',
    'arp-macs',
    'http-responders',
    'adverts',
    'keepalived-events',
    'writes-per-node',
    'ledger',
  ],
};

/**
 * The system a run is on: from the scenario when it is known, else from the
 * lab id or the kinds of the probed nodes (`postgres`/`etcd` = Patroni,
 * `router`/`vip-client` = keepalived). Plain lab runs pass no scenario.
 */
export function scenarioSystem(
  declared: ScenarioSystem | undefined,
  labId: string,
  kindsKey: string,
): ScenarioSystem {
  if (declared) return declared;
  if (labId === 'patroni' || /:(postgres|etcd)(,|$)/.test(kindsKey)) return 'patroni';
  if (labId === 'keepalived' || /:(router|vip-client)(,|$)/.test(kindsKey)) return 'keepalived';
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
  /** keepalived lab: how often the client's ARP entry for the VIP moved (see RunState.vipNeighbour). */
  neighbourFlips?: NeighbourFlips;
}

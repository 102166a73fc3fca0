import type { ComponentType } from 'react';
import type { ProbeSample } from '../../../shared/lab-types';
import type { ScenarioSystem } from '../../../shared/scenario-schema';
import { VrrpStatesChart } from '../../../systems/keepalived/ui/keepalived-lane-charts';
import { OffsetsChart } from '../charts/offsets-chart';
import { RolesChart } from '../charts/roles-chart';
import { maxEpoch } from '../../../systems/redis-sentinel/ui/sentinel-data';
import { VipCountsChart } from '../../../systems/keepalived/ui/vip-counts-chart';
import type { RunState } from '../store/run-state';
import { ArpMacsReadout } from '../../../systems/keepalived/ui/arp-readout';
import { KeepalivedTells } from '../../../systems/keepalived/ui/keepalived-tells';
import { LeaderKeyChip } from '../../../systems/patroni/ui/leader-key-panel';
import { PatroniTells } from '../../../systems/patroni/ui/patroni-tells';
import { RedisTells } from '../../../systems/redis-sentinel/ui/redis-tells';
import type { TellsProps } from './system-tells';
import type { HeadlineWords } from './masters-readout';
import type { SystemPalette } from './palette-kit';
import { keepalivedPalette } from '../../../systems/keepalived/ui/keepalived-palette';
import { patroniPalette } from '../../../systems/patroni/ui/patroni-palette';
import { redisSentinelPalette } from '../../../systems/redis-sentinel/ui/redis-palette';
import { NeighbourChip } from '../../../systems/keepalived/ui/vip-neighbour-panel';
import { neighbourTracker } from '../../../systems/keepalived/ui/vip-neighbour';
import { keepalivedNodeCard } from '../../../systems/keepalived/ui/keepalived-node-card';
import { patroniNodeCard } from '../../../systems/patroni/ui/patroni-node-card';
import { redisNodeCard } from '../../../systems/redis-sentinel/ui/redis-node-card';
import { raftNodeCard } from '../../../systems/etcd-raft/ui/raft-node-card';
import type { NodeCardPart } from './node-card-kit';
import { trackedBy, type SampleTracker } from '../store/sample-trackers';
import type { FinalHealth } from '../../../shared/scenario-types';
import type { SystemExplainStep } from '../../../shared/system-traits';
import type { HealthRow } from './final-health-kit';
import { redisFinalHealthRows } from '../../../systems/redis-sentinel/ui/redis-final-health';
import { patroniFinalHealthRows } from '../../../systems/patroni/ui/patroni-final-health';
import { keepalivedFinalHealthRows } from '../../../systems/keepalived/ui/keepalived-final-health';
import { EtcdRaftTells } from '../../../systems/etcd-raft/ui/etcd-raft-tells';
import { RaftTermChip } from '../../../systems/etcd-raft/ui/raft-term-chip';
import { RaftLabCharts } from '../../../systems/etcd-raft/ui/raft-lab-charts';
import { etcdRaftPalette } from '../../../systems/etcd-raft/ui/etcd-raft-palette';
import { etcdRaftFinalHealthRows } from '../../../systems/etcd-raft/ui/etcd-raft-final-health';
import { LockServiceTells } from '../../../systems/lock-service/ui/lock-service-tells';
import { LockChip } from '../../../systems/lock-service/ui/lock-holder-panel';
import { LockLabCharts } from '../../../systems/lock-service/ui/lock-lab-charts';
import { lockServicePalette } from '../../../systems/lock-service/ui/lock-service-palette';
import { lockServiceFinalHealthRows } from '../../../systems/lock-service/ui/lock-service-final-health';
import { lockNodeCard } from '../../../systems/lock-service/ui/lock-node-card';
import { LockExplain } from '../../../systems/lock-service/ui/lock-explain';

/** What a plain lab's charts under its topology read. */
export interface LabChartsProps {
  samples: ProbeSample[];
  t0: number;
  dataNodes: string[];
  /** The routers' names (a lab whose data nodes are VRRP routers). */
  routers: string[];
}

/** What a system's explain mode reads: the run's recorded history, oldest first. */
export interface ExplainProps {
  /** The run's explain steps, from its debrief (Debrief.explain). */
  steps: readonly SystemExplainStep[];
}

/**
 * What the renderer shows of one system: its tells section in a scenario
 * run, its own chip in the tell strip, a plain lab's charts, its readouts
 * beside the headline's masters count, what its nodes' cards add, and what
 * it tracks over a whole run. `SYSTEM_VIEWS` is the
 * renderer's one registry of systems (a missing system is a compile error).
 */
export interface SystemViews {
  /** The system's tells section of a scenario run (charts and panels). */
  Tells: ComponentType<TellsProps>;
  /** The system's own chip in the run's tell strip (Sentinel epoch, leader key, the VIP's neighbour, Raft term). */
  StatusChip: ComponentType<{ run: RunState; latest: ProbeSample | undefined }>;
  /** A plain lab's charts under its topology. */
  LabCharts: ComponentType<LabChartsProps>;
  /** More readouts beside the headline's masters readout (not shown once the lab has ended). */
  Readouts?: ComponentType<{ sample: ProbeSample | undefined }>;
  /** The headline's words: nodes claiming master, routers in MASTER, members that lead. */
  headline: HeadlineWords;
  /** The action palette's moves for the system's nodes. */
  palette: SystemPalette;
  /** The debrief's final-health rows, in the system's words. */
  finalHealthRows: (health: FinalHealth) => HealthRow[];
  /**
   * What its nodes' cards in the topology add: their own facts, a badge
   * beside the role, the label of whom a node follows (see node-card-kit).
   */
  nodeCard: NodeCardPart;
  /**
   * What its views derive from every probe sample of a run, not only the
   * window the run keeps (RunState.tracked; read one with `trackedBy`): e.g.
   * how often the client's ARP entry for the VIP moved.
   */
  sampleTrackers?: readonly SampleTracker<unknown>[];
  /**
   * The debrief's explain mode, when the system has one: how its mechanism
   * played out in this run, step by step from the recorded history (its
   * own heading included).
   */
  Explain?: ComponentType<ExplainProps>;
}

/** Redis Sentinel's chip: the highest config epoch any sentinel reports. */
function SentinelEpochChip({ latest }: { latest: ProbeSample | undefined }) {
  const epoch = maxEpoch(latest);
  return (
    <span
      className="tell-chip"
      data-testid="sentinel-epoch"
      data-value={epoch ?? ''}
      title="Highest config epoch any sentinel reports: each failover bumps it"
    >
      Sentinel epoch <strong className="mono">{epoch ?? '–'}</strong>
    </span>
  );
}

/** Roles and replication positions of the data nodes (Redis offsets, PostgreSQL WAL positions). */
function replicationCharts(field?: 'lsn') {
  return function ReplicationCharts({ samples, t0, dataNodes }: LabChartsProps) {
    return (
      <div className="chart-row">
        <RolesChart samples={samples} t0={t0} nodes={dataNodes} />
        <OffsetsChart samples={samples} t0={t0} nodes={dataNodes} {...(field ? { field } : {})} />
      </div>
    );
  };
}

/** The routers' VRRP states and how many hold the VIP. */
function VrrpCharts({ samples, t0, routers }: LabChartsProps) {
  return (
    <div className="chart-row">
      <VrrpStatesChart samples={samples} t0={t0} routers={routers} />
      <VipCountsChart samples={samples} t0={t0} />
    </div>
  );
}

/** Every system's views, by id. */
export const SYSTEM_VIEWS: Readonly<Record<ScenarioSystem, SystemViews>> = {
  'redis-sentinel': {
    Tells: RedisTells,
    StatusChip: SentinelEpochChip,
    LabCharts: replicationCharts(),
    headline: 'nodes',
    palette: redisSentinelPalette,
    finalHealthRows: redisFinalHealthRows,
    nodeCard: redisNodeCard,
  },
  patroni: {
    Tells: PatroniTells,
    StatusChip: ({ latest }) => <LeaderKeyChip sample={latest} />,
    LabCharts: replicationCharts('lsn'),
    headline: 'nodes',
    palette: patroniPalette,
    finalHealthRows: patroniFinalHealthRows,
    nodeCard: patroniNodeCard,
  },
  keepalived: {
    Tells: KeepalivedTells,
    StatusChip: ({ run, latest }) => (
      <NeighbourChip sample={latest} flips={trackedBy(run.tracked, neighbourTracker)} />
    ),
    LabCharts: VrrpCharts,
    Readouts: ArpMacsReadout,
    headline: 'routers',
    palette: keepalivedPalette,
    finalHealthRows: keepalivedFinalHealthRows,
    nodeCard: keepalivedNodeCard,
    sampleTrackers: [neighbourTracker],
  },
  'etcd-raft': {
    Tells: EtcdRaftTells,
    StatusChip: ({ latest }) => <RaftTermChip sample={latest} />,
    LabCharts: RaftLabCharts,
    headline: 'members',
    palette: etcdRaftPalette,
    finalHealthRows: etcdRaftFinalHealthRows,
    nodeCard: raftNodeCard,
  },
  'lock-service': {
    Tells: LockServiceTells,
    StatusChip: ({ latest }) => <LockChip sample={latest} />,
    LabCharts: LockLabCharts,
    headline: 'holders',
    palette: lockServicePalette,
    finalHealthRows: lockServiceFinalHealthRows,
    nodeCard: lockNodeCard,
    Explain: LockExplain,
  },
};

import {
  DECLARE,
  PAUSE_RESUME,
  RESTART_CONTAINER,
  STOP_START,
  replayMoves,
  type CandidateMove,
  type ClusterMoves,
  type NodeMove,
  type SystemPalette,
} from '../../../renderer/src/components/palette-kit';

/** PostgreSQL nodes under Patroni: fences, process moves, restart, reinit, dump, declare, replay. */
const POSTGRES_MOVES: NodeMove[][] = [
  [
    {
      kind: 'isolate-clients',
      label: 'Isolate from clients',
      title: 'Reject port 5432 for the workload clients (a network fence)',
      tone: 'fence',
    },
    {
      kind: 'unisolate-clients',
      label: 'Lift isolation',
      title: 'Let the workload clients reach port 5432 again',
      tone: 'safe',
    },
  ],
  [
    {
      kind: 'stop-postgres',
      label: 'Stop postgres',
      title: 'pg_ctl stop -m fast: postgres stops, the container and Patroni stay (a fence)',
      tone: 'fence',
    },
  ],
  PAUSE_RESUME,
  [
    ...STOP_START,
    {
      ...RESTART_CONTAINER,
      title: 'Stop then start the container: Patroni rejoins it (pg_rewind if needed)',
    },
  ],
  [
    {
      kind: 'reinit',
      label: 'Reinit',
      title: 'patronictl reinit: rebuild it from the leader, wiping what only it had',
      tone: 'danger',
    },
    {
      kind: 'export-keys',
      label: 'Dump rows',
      title:
        'Save the workload rows this node holds, and count those the leader lacks (before a rewind or reinit wipes them)',
    },
    DECLARE,
  ],
  replayMoves('the leader'),
];

/** Cluster-wide moves, offered when the lab has a node of `whenKind`, under `title`. */
const CLUSTER_MOVES: readonly ClusterMoves[] = [
  {
    whenKind: 'postgres',
    title: 'Patroni cluster',
    moves: [
      {
        kind: 'maintenance-on',
        label: 'Maintenance on',
        title: 'patronictl pause: Patroni stops acting on the cluster (no failover, no demotion)',
      },
      {
        kind: 'maintenance-off',
        label: 'Maintenance off',
        title: 'patronictl resume: Patroni acts on the cluster again',
        tone: 'safe',
      },
    ],
  },
];

const POSTGRES_CANDIDATE_MOVES: readonly CandidateMove[] = [
  {
    kind: 'switchover',
    label: (n) => `Switchover to ${n}`,
    title: (n) => `Planned switchover of the leader role to ${n} (needs a healthy leader)`,
  },
  {
    kind: 'failover',
    label: (n) => `Failover to ${n}`,
    title: (n) => `Failover to ${n} (works without a healthy leader)`,
    tone: 'danger',
  },
];

/** Patroni's palette: PostgreSQL nodes' moves, maintenance mode for the cluster, switchover and failover to a node; etcd members take the process moves. */
export const patroniPalette: SystemPalette = {
  nodeMoves: { postgres: POSTGRES_MOVES },
  cluster: CLUSTER_MOVES,
  candidates: { postgres: POSTGRES_CANDIDATE_MOVES },
};

import type { NodeKind } from '../../../shared/lab-types';
import type { Action } from '../../../shared/scenario-schema';

type NodeActionKind = Extract<Action, { node: string }>['kind'];

/** One per-node move of the palette. */
export interface NodeMove {
  kind: Exclude<NodeActionKind, 'console'>;
  label: string;
  title: string;
  tone?: 'fence' | 'danger' | 'safe';
}

const PAUSE_RESUME: NodeMove[] = [
  {
    kind: 'pause',
    label: 'Pause',
    title: 'Freeze its processes (docker pause) — not a fence: it wakes up as a zombie',
  },
  { kind: 'resume', label: 'Resume', title: 'Unfreeze its processes', tone: 'safe' },
];

const STOP_START: NodeMove[] = [
  { kind: 'stop', label: 'Stop', title: 'Stop the container (a fence)', tone: 'danger' },
  { kind: 'start', label: 'Start', title: 'Start the container again', tone: 'safe' },
];

const DECLARE: NodeMove = {
  kind: 'declare-authoritative',
  label: 'Declare authoritative',
  title: 'Declare this node holds the truth (graded)',
};

const RESTART_CONTAINER: NodeMove = {
  kind: 'restart',
  label: 'Restart',
  title: 'Stop then start the container',
};

/** Coordinators (sentinels, etcd members) take process moves only. */
const PROCESS_MOVES: NodeMove[][] = [PAUSE_RESUME, STOP_START];

/** Redis data nodes: fences, process moves, demote, export, declare. */
const REDIS_MOVES: NodeMove[][] = [
  [
    {
      kind: 'isolate-clients',
      label: 'Isolate from clients',
      title: "Reject the node's client port for the workload clients (a network fence)",
      tone: 'fence',
    },
    {
      kind: 'unisolate-clients',
      label: 'Lift isolation',
      title: 'Let the workload clients reach the node again',
      tone: 'safe',
    },
  ],
  PAUSE_RESUME,
  STOP_START,
  [
    {
      kind: 'demote',
      label: 'Demote',
      title:
        'REPLICAOF the master the sentinels agree on: rejoins the node and wipes what it alone had',
      tone: 'danger',
    },
    {
      kind: 'export-keys',
      label: 'Export keys',
      title: 'Save the workload keys this node holds (before a rejoin wipes them)',
    },
    DECLARE,
  ],
];

/** PostgreSQL nodes under Patroni: fences, process moves, restart, reinit, dump, declare. */
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
];

/**
 * keepalived routers: keepalived itself (a clean stop is a fence: a
 * priority-0 advert and the VIP removed), the gratuitous ARP that moves
 * neighbours to this router, process moves, declare. No client isolation,
 * demote or export: a router holds no data.
 */
const ROUTER_MOVES: NodeMove[][] = [
  [
    {
      kind: 'stop-keepalived',
      label: 'Stop keepalived',
      title:
        'SIGTERM to keepalived: a priority-0 advert goes out and the VIP is removed; the router and its services stay (a fence)',
      tone: 'fence',
    },
    {
      kind: 'start-keepalived',
      label: 'Start keepalived',
      title: 'Start keepalived again: it starts in BACKUP and the election decides',
      tone: 'safe',
    },
    {
      kind: 'restart-keepalived',
      label: 'Restart keepalived',
      title: 'Stop then start keepalived (it comes back in BACKUP and the election decides)',
    },
  ],
  [
    {
      kind: 'announce-vip',
      label: 'Announce VIP',
      title:
        'Gratuitous ARP from this router: neighbours move their ARP entry for the VIP to it (refused if it does not hold the VIP)',
    },
  ],
  PAUSE_RESUME,
  [...STOP_START, RESTART_CONTAINER],
  [
    {
      ...DECLARE,
      title: 'Declare this router the one that must stay MASTER (graded)',
    },
  ],
];

/** The keepalived lab's client: process moves only (it watches the VIP; it is no fence). */
const VIP_CLIENT_MOVES: NodeMove[][] = [PAUSE_RESUME, [...STOP_START, RESTART_CONTAINER]];

/** The per-node moves for a node of this kind, grouped (a move and its undo side by side). */
export function movesFor(kind: NodeKind): NodeMove[][] {
  switch (kind) {
    case 'redis':
      return REDIS_MOVES;
    case 'postgres':
      return POSTGRES_MOVES;
    case 'router':
      return ROUTER_MOVES;
    case 'vip-client':
      return VIP_CLIENT_MOVES;
    default:
      return PROCESS_MOVES;
  }
}

/** A move of the whole cluster (it names no node). */
export interface ClusterMove {
  kind: Extract<Action, { kind: 'maintenance-on' | 'maintenance-off' }>['kind'];
  label: string;
  title: string;
  tone?: 'safe';
}

/** Cluster-wide moves, offered when the lab has a node of `whenKind`, under `title`. */
export const CLUSTER_MOVES: readonly {
  whenKind: NodeKind;
  title: string;
  moves: readonly ClusterMove[];
}[] = [
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

/** A move that names a node as the candidate for the leader role. */
export interface CandidateMove {
  kind: Extract<Action, { candidate: string }>['kind'];
  label: (node: string) => string;
  title: (node: string) => string;
  tone?: 'danger';
}

/** The candidate moves for a node of this kind (Patroni's switchover and failover to a PostgreSQL node). */
export function candidateMovesFor(kind: NodeKind): readonly CandidateMove[] {
  return kind === 'postgres' ? POSTGRES_CANDIDATE_MOVES : [];
}

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

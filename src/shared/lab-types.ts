import type { RunEvent } from './run-events';
import type { SystemObservationParts } from './system-traits';

/**
 * Data shapes shared by the engine, both hosts and the renderer.
 * Pure TypeScript: no node:, no DOM, no electron.
 */

/** A lab the catalog offers (a topology of real software the engine can start). */
export interface LabSummary {
  /** Stable id (the catalog's lab id; a system's lab has the system's id). */
  id: string;
  /** Human title: the system and its shape, e.g. "... — 1 master, 2 replicas, 3 sentinels". */
  title: string;
  /** One or two sentences on what runs and what it is for. */
  description: string;
  /** Software in the lab, e.g. `['redis 7.0', 'sentinel']`. */
  systems: string[];
  /** Node names in start order, e.g. `['redis-1', ..., 'sentinel-3']`. */
  nodes: string[];
}

/**
 * What a node claims to be, as read from the node itself.
 * `unknown` means the probe got no answer (paused, partitioned, dead): it is
 * never reported as `replica` or `master` without an answer.
 * `client` is a VIP's client node (it claims nothing; it
 * watches who answers for the VIP) when its probe agent answered.
 */
export type NodeRole = 'master' | 'replica' | 'sentinel' | 'dcs' | 'client' | 'unknown';

/**
 * What a node is: `redis` and `postgres` are data nodes (candidates for
 * master); `sentinel` and `etcd` are coordinators (`etcd` answers with role `dcs`).
 * `router` is a VRRP router (the candidate
 * for master: role `master` in VRRP state MASTER, `replica` in any other
 * state its VRRP daemon reports: BACKUP, FAULT, INIT) and `vip-client` the client
 * node on the same LAN that reaches the VIP ("the switch's view": ARP, its
 * neighbour entry, which router answers HTTP), role `client`. `raft` is an
 * etcd member whose data is the workload's keys. The lock service's `lock`
 * is the etcd member that keeps the lock (role `dcs`) and `storage` the
 * PostgreSQL that takes the workers' writes (its only data node, role `master`).
 */
export const NODE_KINDS = [
  'redis',
  'sentinel',
  'postgres',
  'etcd',
  'router',
  'vip-client',
  'raft',
  'lock',
  'storage',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Whether nodes of this kind hold data (or, for `router`, the VIP) and can claim master. */
export function isDataNodeKind(kind: NodeKind): boolean {
  return (
    kind === 'redis' ||
    kind === 'postgres' ||
    kind === 'router' ||
    kind === 'raft' ||
    kind === 'storage'
  );
}

/**
 * The container's state as the engine sees it. `unreachable` = the container
 * runs but its probe timed out or was refused.
 */
export type NodeState = 'creating' | 'running' | 'paused' | 'unreachable' | 'stopped' | 'missing';

/**
 * One node's reading in a probe tick: the common fields, and the fields of
 * the system's own node kinds (SystemObservationParts). Optional fields are
 * absent when unknown.
 */
export interface NodeObservation extends SystemObservationParts {
  node: string;
  /**
   * `redis` / `postgres` for data nodes, `sentinel` for Sentinel processes,
   * `etcd` for DCS members, `router` / `vip-client` for a VRRP pair and
   * its client node, `raft` for a Raft cluster's members.
   */
  kind: NodeKind;
  /**
   * For a data node, the role the server itself claims (Redis `role`; for
   * PostgreSQL `master` when `pg_is_in_recovery()` is false, `replica` when
   * true); `dcs` for an etcd member that answered; for a VRRP router
   * `master` in VRRP state MASTER, `replica` in any other state its daemon
   * reports (see `vrrpState`); `client` for a VIP's client node
   * that answered; `unknown` without an answer.
   */
  role: NodeRole;
  state: NodeState;
  /** Redis `master_repl_offset` in bytes of replication stream. */
  replOffset?: number;
  /** Redis `master_replid`: two masters with different ids = diverged histories. */
  replId?: string;
  /** For a replica: the master host:port it follows. For a sentinel: the master it believes in. */
  following?: string;
  /** For a replica: whether its link to the master is up (`master_link_status:up`). */
  linkUp?: boolean;
  /** For a master: replicas in state=online. */
  onlineReplicas?: number;
  /** For a sentinel: the monitored master's config epoch (bumps with every failover). */
  epoch?: number;
  /** For a sentinel: what it knows of the master it monitors. */
  sentinel?: {
    /** Flags Sentinel holds on the master, e.g. `['master']`, `['s_down', 'master']`. */
    masterFlags: string[];
    /** Replicas this sentinel knows of. */
    knownReplicas: number;
    /** Other sentinels this sentinel has heard from. */
    knownSentinels: number;
    quorum: number;
    /**
     * In TILT: the sentinel saw its clock jump (2 s or more between two ticks, or backwards)
     * and, for 30 s after the last jump, watches but takes no part in failovers.
     */
    tilt?: boolean;
  };
  /**
   * Nodes that read themselves (a VIP's client, a router's agent): age of the node's own reading when probed, ms (the client reads every
   * ~250 ms, a router's agent every 200 ms): the reading was taken `readingAgeMs` before the probe.
   */
  readingAgeMs?: number;
  /**
   * The node's wall clock minus the host's, ms, read with the probe (the node's time against
   * the host's at the read's midpoint, so within half `rttMs`). Absent where the lab does not
   * read clocks or the node did not answer.
   */
  clockOffsetMs?: number;
  /** Round-trip time of the probe command, ms. */
  rttMs?: number;
  /** Why the reading is unknown (timeout, refused, paused...). */
  error?: string;
}

/** One probe tick across all nodes, with the tells derived from it. */
export interface ProbeSample {
  /** Wall-clock time of the tick, ms since epoch. */
  t: number;
  /**
   * When the reading was complete and handed to the clients (the trainee's
   * screen), ms since epoch; later than `t` by the read's duration. Absent in
   * older histories (then `t`).
   */
  shownAt?: number;
  nodes: NodeObservation[];
  /**
   * Number of data nodes answering `role:master` right now (the headline tell;
   * healthy = 1). For VRRP routers: routers in state MASTER.
   */
  mastersClaimed: number;
  /** Data nodes whose role could not be read this tick. */
  unknownNodes: number;
}

/**
 * Whether a node's reading is unknown because it could not be read: role
 * `unknown` with no answer (timeout, refused, paused, stopped). For a data
 * node every `unknown` role is unreadable; a router whose agent answered
 * without its VRRP daemon running (state `running`) is a reading, not unreadable.
 * An unreadable node is never a negative: not "no master", not "not running".
 */
export function isUnreadable(n: NodeObservation): boolean {
  return n.role === 'unknown' && (n.kind !== 'router' || n.state !== 'running');
}

/** The data nodes (routers, for a VRRP pair) of a sample that could not be read. */
export function unreadableDataNodes(s: ProbeSample): string[] {
  return s.nodes.filter((n) => isDataNodeKind(n.kind) && isUnreadable(n)).map((n) => n.node);
}

/** Phases of a run, in order. `failed` and `stopped` are terminal. */
export type RunPhase =
  | 'preparing'
  | 'building'
  | 'starting'
  | 'waiting-ready'
  | 'running'
  /** A scenario ended: final health, ledger read-back and grading (the lab still runs). */
  | 'grading'
  | 'stopping'
  | 'stopped'
  | 'failed';

/** Progress of one image build (base image, then each lab image). */
export interface BuildProgress {
  /** Image name, e.g. `base` or `redis`. */
  image: string;
  /** 0..1 across the Dockerfile's steps; 1 when done or reused. */
  fraction: number;
  /** Last line of the build output worth showing, e.g. `Step 3/5 : RUN apt-get ...`. */
  message: string;
  /** True when an image with the same context hash existed and nothing was built. */
  cached?: boolean;
}

/** A readiness check's verdict at one moment. */
export interface ReadinessStatus {
  ready: boolean;
  /** Each condition with whether it holds, e.g. `{ name: 'all sentinels agree', ok: false, detail: '...' }`. */
  conditions: { name: string; ok: boolean; detail: string }[];
}

/** A compact view of a run, enough to redraw the UI after a reconnect. */
export interface RunSnapshot {
  runId: string;
  labId: string;
  phase: RunPhase;
  /** ms since epoch. */
  startedAt: number;
  /** ms from start request to ready, once ready. */
  readyAfterMs?: number;
  /** Error text when phase is `failed`. */
  error?: string;
  build: BuildProgress[];
  readiness?: ReadinessStatus;
  /** The most recent probe samples, oldest first (bounded; the full history is in the run log). */
  samples: ProbeSample[];
  /**
   * For a scenario run: every scenario event so far (faults, actions, writes,
   * sentinel events, ledger, grade...), oldest first, so a client that
   * reloads or reconnects can rebuild the scenario's tells.
   */
  scenarioEvents?: RunEvent[];
}

/** How the engine reaches (or fails to reach) a Docker engine. */
export interface EngineStatus {
  reachable: boolean;
  /** Where the engine looked, e.g. `unix:///var/run/docker.sock (DOCKER_HOST)`. */
  endpoint: string;
  /** Server version and API version when reachable. */
  version?: string;
  apiVersion?: string;
  os?: string;
  /** Why it is not reachable, in one sentence. */
  error?: string;
  /** Ways to start an engine for this platform, shown when unreachable. */
  howToStart: string[];
}

/** A probe round trip when the node gave no answer, ms: the probe's own budget (it gives up at 400 ms). */
export const NO_ANSWER_MS = 400;

/**
 * A node's probe round trip in one sample, ms: its `rttMs`; `NO_ANSWER_MS`
 * when it did not answer while its container ran (slow, not down: the grey
 * failure's tell); null when the container is paused, stopped or gone, or
 * the node was not probed (down is not slow). The one rule behind the
 * `leader-slow` tell and the probe round-trip chart.
 */
export function probeRttMs(s: ProbeSample, node: string): number | null {
  const obs = s.nodes.find((n) => n.node === node);
  if (!obs || obs.state === 'paused' || obs.state === 'stopped' || obs.state === 'missing')
    return null;
  if (obs.role === 'unknown') return NO_ANSWER_MS;
  return obs.rttMs ?? null;
}

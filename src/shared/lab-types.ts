import type { RunEvent } from './run-events';

/**
 * Data shapes shared by the engine, both hosts and the renderer.
 * Pure TypeScript: no node:, no DOM, no electron.
 */

/** A lab the catalog offers (a topology of real software the engine can start). */
export interface LabSummary {
  /** Stable id, e.g. `redis-sentinel`. */
  id: string;
  /** Human title, e.g. "Redis Sentinel — 1 master, 2 replicas, 3 sentinels". */
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
 * `client` is the keepalived lab's client node (it claims nothing; it
 * watches who answers for the VIP) when its probe agent answered.
 */
export type NodeRole = 'master' | 'replica' | 'sentinel' | 'dcs' | 'client' | 'unknown';

/**
 * What a node is: `redis` and `postgres` are data nodes (candidates for
 * master); `sentinel` and `etcd` are coordinators (`etcd` answers with role `dcs`).
 * In the keepalived lab, `router` is a keepalived VRRP router (the candidate
 * for master: role `master` in VRRP state MASTER, `replica` in any other
 * state keepalived reports: BACKUP, FAULT, INIT) and `vip-client` the client
 * node on the same LAN that reaches the VIP ("the switch's view": ARP, its
 * neighbour entry, which router answers HTTP), role `client`.
 */
export type NodeKind =
  'redis' | 'sentinel' | 'postgres' | 'etcd' | 'router' | 'vip-client' | 'raft';

/** Whether nodes of this kind hold data (or, for `router`, the VIP) and can claim master. */
export function isDataNodeKind(kind: NodeKind): boolean {
  return kind === 'redis' || kind === 'postgres' || kind === 'router' || kind === 'raft';
}

/**
 * The container's state as the engine sees it. `unreachable` = the container
 * runs but its probe timed out or was refused.
 */
export type NodeState = 'creating' | 'running' | 'paused' | 'unreachable' | 'stopped' | 'missing';

/** One node's reading in a probe tick. Optional fields are absent when unknown. */
export interface NodeObservation {
  node: string;
  /**
   * `redis` / `postgres` for data nodes, `sentinel` for Sentinel processes,
   * `etcd` for the Patroni lab's DCS members, `router` / `vip-client` for
   * the keepalived lab.
   */
  kind: NodeKind;
  /**
   * For a data node, the role the server itself claims (Redis `role`; for
   * PostgreSQL `master` when `pg_is_in_recovery()` is false, `replica` when
   * true); `dcs` for an etcd member that answered; for a keepalived router
   * `master` in VRRP state MASTER, `replica` in any other state keepalived
   * reports (see `vrrpState`); `client` for the keepalived lab's client node
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
   * Patroni lab: the role Patroni's REST API reports (GET /patroni `role`:
   * `master`, `replica`, `standby_leader`...), or `unknown` when the REST API
   * is silent (Patroni dead, paused, cut off). It lags postgres by up to a
   * loop and may disagree with `role` in exactly the interesting moments.
   */
  patroniRole?: string;
  /** Patroni lab: Patroni's `state` for its postgres (`running`, `starting`, `stopped`...). */
  patroniState?: string;
  /** Patroni lab: Patroni's maintenance mode (`patronictl pause`) as this node reports it. */
  maintenance?: boolean;
  /** PostgreSQL timeline as postgres reports it (a promotion starts a new one). */
  timeline?: number;
  /**
   * PostgreSQL WAL position in bytes: `pg_current_wal_lsn()` on a primary,
   * `pg_last_wal_replay_lsn()` on a replica.
   */
  lsn?: number;
  /** For a PostgreSQL primary: the standby it replicates to synchronously (`sync_state = sync`). */
  syncStandby?: string;
  /**
   * For an etcd member that answered: the Patroni leader key
   * (`/service/<scope>/leader`) holder and its remaining lease, seconds.
   * Absent when the key does not exist (no leader) or the member did not answer.
   */
  leaderKey?: { holder: string; ttlSeconds: number };
  /**
   * keepalived lab, router: the VRRP state keepalived reports for the
   * instance (`MASTER`, `BACKUP`, `FAULT`, `INIT`), from its JSON dump
   * (SIGRTMIN+2), or from the notify script when the dump did not come.
   */
  vrrpState?: string;
  /** keepalived lab, router: the last state keepalived passed to the notify script. */
  notifyState?: string;
  /** keepalived lab, router: whether the VIP is configured on its interface (`ip addr`). */
  vipHeld?: boolean;
  /** keepalived lab, router: the MAC address of its lab interface (what it answers ARP with). */
  mac?: string;
  /** keepalived lab, router: effective VRRP priority (1-255). */
  vrrpPriority?: number;
  /** keepalived lab, router: VRRP adverts received since keepalived started (counter). */
  advertsReceived?: number;
  /** keepalived lab, router: VRRP adverts sent since keepalived started (counter). */
  advertsSent?: number;
  /**
   * keepalived lab, client: the distinct MAC addresses that answered one ARP
   * request for the VIP (`arping`), sorted. One = healthy; two = two routers
   * hold the VIP (dual master); none = nobody holds it.
   */
  vipArpMacs?: string[];
  /** keepalived lab, client: the routers owning `vipArpMacs`, same order (the MAC itself when it is no router's). */
  vipArpNodes?: string[];
  /**
   * keepalived lab, client: its neighbour (ARP cache) entry for the VIP
   * (`ip neigh`): the MAC, the router owning it, and the kernel's state
   * (`REACHABLE`, `STALE`, `FAILED`...). Absent when there is no entry.
   */
  vipNeighbour?: { mac?: string; node?: string; state: string };
  /** keepalived lab, client: the router that answered its latest HTTP GET of the VIP (absent: no answer). */
  vipHttpResponder?: string;
  /**
   * keepalived lab: age of the node's own reading when probed, ms (the client reads every
   * ~250 ms, a router's agent every 200 ms): the reading was taken `readingAgeMs` before the probe.
   */
  readingAgeMs?: number;
  /**
   * The node's wall clock minus the host's, ms, read with the probe (the node's time against
   * the host's at the read's midpoint, so within half `rttMs`). Absent where the lab does not
   * read clocks or the node did not answer.
   */
  clockOffsetMs?: number;
  /**
   * etcd (Raft) lab: the member's own Raft status (etcd's `raft.status` in
   * /debug/vars, answered locally: a member cut off still answers with what
   * it believes).
   */
  raft?: RaftReading;
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
   * healthy = 1). In the keepalived lab: routers in VRRP state MASTER.
   */
  mastersClaimed: number;
  /** Data nodes whose role could not be read this tick. */
  unknownNodes: number;
}

/**
 * Whether a node's reading is unknown because it could not be read: role
 * `unknown` with no answer (timeout, refused, paused, stopped). For a data
 * node every `unknown` role is unreadable; a keepalived router whose agent
 * answered without keepalived (state `running`) is a reading, not unreadable.
 * An unreadable node is never a negative: not "no master", not "not running".
 */
export function isUnreadable(n: NodeObservation): boolean {
  return n.role === 'unknown' && (n.kind !== 'router' || n.state !== 'running');
}

/** The data nodes (routers in the keepalived lab) of a sample that could not be read. */
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

/** One etcd member's Raft status as it reports it itself (see NodeObservation.raft). */
export interface RaftReading {
  /** The member's id, hex (etcd's `member_id`). */
  memberId: string;
  /** The Raft term the member is in now; every election it starts or hears of raises it. */
  term: number;
  /**
   * Its Raft state: `leader`; `follower`; `candidate` (campaigning: its
   * election timer fired); `pre-candidate` (with pre-vote: asking first
   * whether it could win, without raising its term).
   */
  state: 'leader' | 'follower' | 'candidate' | 'pre-candidate';
  /** The member it follows as leader (itself when it leads); absent when it knows of none. */
  leader?: string;
  /** The leader's member id, hex, when the member knows of one that is no lab member it has heard from. */
  leaderId?: string;
  /** Index of the last log entry it knows a majority holds. */
  commitIndex: number;
  /** Index of the last entry it applied to its key space (what a serializable read there is as of). */
  appliedIndex: number;
}

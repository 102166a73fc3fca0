/**
 * The configuration a workload client reads from the JSON file named by
 * argv[2] (the engine writes it to /etc/dojo/workload.json). Shared, as a
 * type, with the engine side (core/workload/workload-clients.ts).
 */

export interface SentinelAddress {
  name: string;
  ip: string;
  port: number;
}

/** The Redis client's config, master found through the sentinels (the original one: `system` absent means redis). */
export interface WorkloadClientConfig {
  system?: 'redis';
  /** Client name; part of every key it writes. */
  client: string;
  /**
   * `sentinel`: finds the master through the sentinels and re-resolves on a
   * connection error, on READONLY, or after 2 consecutive timeouts.
   * `pinned`: resolves once at start, then always writes to that address.
   */
  mode: 'sentinel' | 'pinned';
  /** Write attempts per second, scheduled at a fixed rate. */
  rate: number;
  /** A write with no reply within this many ms is recorded as `timeout` (indeterminate). */
  timeoutMs: number;
  masterName: string;
  /** Asked in this order. */
  sentinels: SentinelAddress[];
  /** Node name by IP, to name the node a write went to. */
  nodes: Record<string, string>;
  /**
   * Shared keys: each write also updates `dojo:s:<n>` (n = (seq - 1) mod
   * sharedKeys), last-write-wins by the applying node's clock (see WriteLoop).
   * Absent: every write is a key of its own only.
   */
  sharedKeys?: number;
}

/** Validates a parsed config; throws with the offending field. */
export function parseWorkloadConfig(raw: unknown): WorkloadClientConfig {
  const o = raw as Partial<WorkloadClientConfig> | null;
  const fail = (field: string): never => {
    throw new Error(`workload config: invalid ${field}`);
  };
  if (!o || typeof o !== 'object') return fail('document');
  if (typeof o.client !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o.client)) fail('client');
  if (o.system !== undefined && o.system !== 'redis') fail('system');
  if (o.mode !== 'sentinel' && o.mode !== 'pinned') fail('mode');
  if (typeof o.rate !== 'number' || !(o.rate > 0) || o.rate > 10_000) fail('rate');
  if (typeof o.timeoutMs !== 'number' || !(o.timeoutMs > 0)) fail('timeoutMs');
  if (typeof o.masterName !== 'string' || o.masterName === '') fail('masterName');
  if (
    !Array.isArray(o.sentinels) ||
    o.sentinels.length === 0 ||
    !o.sentinels.every(
      (s) => typeof s?.name === 'string' && typeof s.ip === 'string' && Number.isInteger(s.port),
    )
  ) {
    fail('sentinels');
  }
  if (!o.nodes || typeof o.nodes !== 'object') fail('nodes');
  if (
    o.sharedKeys !== undefined &&
    !(Number.isInteger(o.sharedKeys) && o.sharedKeys >= 1 && o.sharedKeys <= 1000)
  )
    fail('sharedKeys');
  return o as WorkloadClientConfig;
}

/** A PostgreSQL server a Postgres client may write to. */
export interface PostgresHostAddress {
  /** Node name, as written in each WriteRecord. */
  name: string;
  ip: string;
  port: number;
}

/** The PostgreSQL client's config. */
export interface PostgresWorkloadClientConfig {
  system: 'postgres';
  /** Client name; part of every key (and row) it writes. */
  client: string;
  /**
   * `multi-host`: like libpq with target_session_attrs=read-write: on start
   * and after an error reply, a timeout or a lost connection, tries the hosts
   * in order and writes to the first that is neither in recovery nor
   * read-only. `pinned`: finds the primary among the hosts once at start,
   * then always writes to that address (reconnecting to it when it drops).
   */
  mode: 'pinned' | 'multi-host';
  /** Write attempts per second, scheduled at a fixed rate. */
  rate: number;
  /** A write with no reply within this many ms is recorded as `timeout` (indeterminate). */
  timeoutMs: number;
  /** Tried in this order. */
  hosts: PostgresHostAddress[];
  database: string;
  user: string;
  /** For md5 / SCRAM-SHA-256 / cleartext; omitted with trust. */
  password?: string;
}

/** A router that may hold the VIP (VRRP), as the HTTP client names who answered. */
export interface HttpRouterAddress {
  /** Node name, the body its HTTP server answers with. */
  name: string;
  ip: string;
}

/** The HTTP client's config: GETs of a virtual IP. */
export interface HttpWorkloadClientConfig {
  system: 'http';
  /** Client name; part of every key it sends. */
  client: string;
  /**
   * `http-session`: one keep-alive connection, reused; a reset, a timeout or
   * the server closing it ends it and the next request opens a new one.
   * `http-oneshot`: `Connection: close`, a new connection per request.
   */
  mode: 'http-session' | 'http-oneshot';
  /** Requests per second, scheduled at a fixed rate. */
  rate: number;
  /** A request with no complete answer within this many ms is recorded as `timeout`. */
  timeoutMs: number;
  /** The virtual IP requested (`http://<vip>:<port>/?k=<key>`). */
  vip: string;
  /** TCP port, 80 in the lab. */
  port: number;
  /** The routers that may answer (for the status lines; the answer names the router itself). */
  routers: HttpRouterAddress[];
}

/** An etcd member a client may write through. */
export interface EtcdMemberAddress {
  /** Node name, as written in each WriteRecord. */
  name: string;
  ip: string;
  /** etcd's client port, 2379 in the lab. */
  port: number;
}

/** The etcd client's config: puts through etcd's v3 JSON gateway. */
export interface EtcdWorkloadClientConfig {
  system: 'etcd';
  /** Client name; part of every key it writes. */
  client: string;
  /**
   * `pinned`: always writes through the first host. `multi-host`: writes
   * through one host and moves to the next (in order, round) after an error
   * or a timeout, as etcd's own client does.
   */
  mode: 'pinned' | 'multi-host';
  /** Write attempts per second, scheduled at a fixed rate. */
  rate: number;
  /** A write with no reply within this many ms is recorded as `timeout` (indeterminate). */
  timeoutMs: number;
  /** Tried in this order. */
  hosts: EtcdMemberAddress[];
}

/**
 * A lock worker's config (a lock service with fencing tokens): it takes a
 * lock in etcd under a lease and, while it believes it holds it, writes to
 * storage with the lock's fencing token (see LockWorker).
 */
export interface LockWorkerConfig {
  system: 'lock';
  /** The only mode of a lock worker. */
  mode: 'lock-worker';
  /** The worker's name, as written in each record and in the lock's value. */
  client: string;
  /** The etcd member that holds the lock (one member; its client port). */
  etcd: { name: string; ip: string; port: number };
  /** The storage node (PostgreSQL) the worker writes to with its token. */
  storage: {
    name: string;
    ip: string;
    port: number;
    user: string;
    database: string;
    password?: string;
  };
  /** The lock's key in etcd. */
  lockKey: string;
  /** The lease's TTL, s: a worker that does not renew within it loses the lock. */
  leaseTtlSeconds: number;
  /** While holding: one write every this many ms (and a renewal every TTL / 3). */
  writeEveryMs: number;
  /** While not holding: one try to take the lock every this many ms. */
  acquireEveryMs: number;
  /** A request with no answer within this many ms times out. */
  timeoutMs: number;
  /** Its first try to take the lock waits this many ms (the second worker lets the first take it); default 0. */
  firstTryAfterMs?: number;
  /**
   * Where it posts what it believes (holding, token) in etcd on every change,
   * as `<beliefPrefix><client>`: the lab's status board, which keeps a frozen
   * worker's last word. Absent: it posts nothing.
   */
  beliefPrefix?: string;
}

/** Validates a parsed lock worker config; throws with the offending field. */
export function parseLockWorkerConfig(raw: unknown): LockWorkerConfig {
  const o = raw as Partial<LockWorkerConfig> | null;
  const fail = (field: string): never => {
    throw new Error(`workload config: invalid ${field}`);
  };
  if (!o || typeof o !== 'object') return fail('document');
  if (o.system !== 'lock') fail('system');
  if (o.mode !== 'lock-worker') fail('mode');
  if (typeof o.client !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o.client)) fail('client');
  if (!isHostList([o.etcd])) fail('etcd');
  if (!isHostList([o.storage])) fail('storage');
  if (typeof o.storage?.user !== 'string' || typeof o.storage.database !== 'string')
    fail('storage');
  if (typeof o.lockKey !== 'string' || o.lockKey === '') fail('lockKey');
  for (const f of ['leaseTtlSeconds', 'writeEveryMs', 'acquireEveryMs', 'timeoutMs'] as const)
    if (typeof o[f] !== 'number' || !(o[f] > 0)) fail(f);
  if (
    o.firstTryAfterMs !== undefined &&
    !(typeof o.firstTryAfterMs === 'number' && o.firstTryAfterMs >= 0)
  )
    fail('firstTryAfterMs');
  if (o.beliefPrefix !== undefined && (typeof o.beliefPrefix !== 'string' || o.beliefPrefix === ''))
    fail('beliefPrefix');
  return o as LockWorkerConfig;
}

/** Any client's config. */
export type AnyWorkloadClientConfig =
  | WorkloadClientConfig
  | PostgresWorkloadClientConfig
  | HttpWorkloadClientConfig
  | EtcdWorkloadClientConfig;

/** Validates a parsed etcd config; throws with the offending field. */
export function parseEtcdWorkloadConfig(raw: unknown): EtcdWorkloadClientConfig {
  const o = raw as Partial<EtcdWorkloadClientConfig> | null;
  const fail = (field: string): never => {
    throw new Error(`workload config: invalid ${field}`);
  };
  if (!o || typeof o !== 'object') return fail('document');
  if (o.system !== 'etcd') fail('system');
  if (typeof o.client !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o.client)) fail('client');
  if (o.mode !== 'pinned' && o.mode !== 'multi-host') fail('mode');
  if (typeof o.rate !== 'number' || !(o.rate > 0) || o.rate > 10_000) fail('rate');
  if (typeof o.timeoutMs !== 'number' || !(o.timeoutMs > 0)) fail('timeoutMs');
  if (!isHostList(o.hosts)) fail('hosts');
  return o as EtcdWorkloadClientConfig;
}

/** Validates a parsed HTTP config; throws with the offending field. */
export function parseHttpWorkloadConfig(raw: unknown): HttpWorkloadClientConfig {
  const o = raw as Partial<HttpWorkloadClientConfig> | null;
  const fail = (field: string): never => {
    throw new Error(`workload config: invalid ${field}`);
  };
  if (!o || typeof o !== 'object') return fail('document');
  if (o.system !== 'http') fail('system');
  if (typeof o.client !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o.client)) fail('client');
  if (o.mode !== 'http-session' && o.mode !== 'http-oneshot') fail('mode');
  if (typeof o.rate !== 'number' || !(o.rate > 0) || o.rate > 10_000) fail('rate');
  if (typeof o.timeoutMs !== 'number' || !(o.timeoutMs > 0)) fail('timeoutMs');
  if (typeof o.vip !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(o.vip)) fail('vip');
  if (!Number.isInteger(o.port) || (o.port as number) <= 0 || (o.port as number) > 65535)
    fail('port');
  if (
    !Array.isArray(o.routers) ||
    !o.routers.every((r) => typeof r?.name === 'string' && typeof r.ip === 'string')
  ) {
    fail('routers');
  }
  return o as HttpWorkloadClientConfig;
}

/** A non-empty list of `{ name, ip, port }` (the hosts of a Postgres or etcd client). */
function isHostList(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every(
      (h: { name?: unknown; ip?: unknown; port?: unknown } | null) =>
        typeof h?.name === 'string' && typeof h.ip === 'string' && Number.isInteger(h.port),
    )
  );
}

/** Validates a parsed Postgres config; throws with the offending field. */
export function parsePostgresWorkloadConfig(raw: unknown): PostgresWorkloadClientConfig {
  const o = raw as Partial<PostgresWorkloadClientConfig> | null;
  const fail = (field: string): never => {
    throw new Error(`workload config: invalid ${field}`);
  };
  if (!o || typeof o !== 'object') return fail('document');
  if (o.system !== 'postgres') fail('system');
  if (typeof o.client !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o.client)) fail('client');
  if (o.mode !== 'pinned' && o.mode !== 'multi-host') fail('mode');
  if (typeof o.rate !== 'number' || !(o.rate > 0) || o.rate > 10_000) fail('rate');
  if (typeof o.timeoutMs !== 'number' || !(o.timeoutMs > 0)) fail('timeoutMs');
  if (!isHostList(o.hosts)) fail('hosts');
  if (typeof o.database !== 'string' || o.database === '') fail('database');
  if (typeof o.user !== 'string' || o.user === '') fail('user');
  if (o.password !== undefined && typeof o.password !== 'string') fail('password');
  return o as PostgresWorkloadClientConfig;
}

/** Validates any config, by its `system` (absent: redis). */
export function parseAnyWorkloadConfig(raw: unknown): AnyWorkloadClientConfig {
  const system = (raw as { system?: unknown } | null)?.system;
  if (system === 'postgres') return parsePostgresWorkloadConfig(raw);
  if (system === 'http') return parseHttpWorkloadConfig(raw);
  if (system === 'etcd') return parseEtcdWorkloadConfig(raw);
  return parseWorkloadConfig(raw);
}

/**
 * Parsers for what the Patroni lab's probes read: Patroni's REST status
 * (GET /patroni), etcd's v2 answer for the leader key, and the row of the
 * PostgreSQL probe query. Pure; unit-tested.
 */

/** What Patroni says about its own node (GET /patroni). */
export interface PatroniStatus {
  /** `master`, `replica`, `standby_leader`... (Patroni 3.0 says `master`, /cluster says `leader`). */
  role: string;
  /** Patroni's view of postgres: `running`, `starting`, `stopped`, `restarting`... */
  state: string;
  timeline?: number;
  /** WAL location, bytes: `xlog.location` on a primary, `xlog.replayed_location` on a replica. */
  xlogLocation?: number;
  /** Maintenance mode (`patronictl pause`). */
  paused: boolean;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Parses GET /patroni. Patroni answers 200 on the primary and 503 on a
 * replica with the same JSON body, so the status code is not looked at.
 */
export function parsePatroniStatus(body: string): PatroniStatus {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`/patroni: not JSON: ${body.slice(0, 80)}`);
  }
  const o = asRecord(json);
  if (!o || typeof o.role !== 'string') throw new Error('/patroni: no role in the answer');
  const xlog = asRecord(o.xlog);
  return {
    role: o.role,
    state: typeof o.state === 'string' ? o.state : 'unknown',
    timeline: asNumber(o.timeline),
    xlogLocation: asNumber(xlog?.location) ?? asNumber(xlog?.replayed_location),
    paused: o.pause === true,
  };
}

/** The Patroni leader key as an etcd member reports it; `null` when the key does not exist. */
export interface EtcdLeaderKey {
  holder: string;
  ttlSeconds: number;
}

/**
 * Parses etcd's v2 answer to GET /v2/keys/service/<scope>/leader: 200 with
 * `node.value` (the holder) and `node.ttl` (seconds left), or 404 with
 * errorCode 100 (key not found: no leader).
 */
export function parseEtcdLeaderKey(status: number, body: string): EtcdLeaderKey | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`etcd: HTTP ${status}, not JSON: ${body.slice(0, 80)}`);
  }
  const o = asRecord(json);
  if (status === 404 && o?.errorCode === 100) return null;
  const node = asRecord(o?.node);
  if (status !== 200 || !node || typeof node.value !== 'string') {
    throw new Error(`etcd: HTTP ${status}: ${body.slice(0, 120)}`);
  }
  return { holder: node.value, ttlSeconds: asNumber(node.ttl) ?? 0 };
}

/**
 * The probe's one query per PostgreSQL node: postgres's own view of itself
 * (recovery, timeline, WAL position, its upstream and its downstreams).
 */
export const PG_STATE_QUERY = `
SELECT pg_is_in_recovery() AS in_recovery,
  (CASE WHEN pg_is_in_recovery()
        THEN pg_wal_lsn_diff(coalesce(pg_last_wal_replay_lsn(), '0/0'), '0/0')
        ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') END)::text AS lsn,
  (CASE WHEN pg_is_in_recovery()
        THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver LIMIT 1),
                      (SELECT timeline_id FROM pg_control_checkpoint()))
        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int
   END) AS timeline,
  (SELECT sender_host FROM pg_stat_wal_receiver LIMIT 1) AS sender_host,
  (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver_status,
  (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming')::int AS streaming,
  (SELECT string_agg(application_name, ',' ORDER BY application_name)
     FROM pg_stat_replication WHERE sync_state = 'sync') AS sync_standbys
`;

/** A row of PG_STATE_QUERY as node-postgres returns it. */
export interface PgStateRow {
  in_recovery: boolean;
  lsn: string | null;
  timeline: number | string | null;
  sender_host: string | null;
  receiver_status: string | null;
  streaming: number | string | null;
  sync_standbys: string | null;
}

/** Postgres's own view of one node. */
export interface PgState {
  inRecovery: boolean;
  lsn?: number;
  timeline?: number;
  /** Replica: the host (IP) its WAL receiver streams from. */
  senderHost?: string;
  /** Replica: whether its WAL receiver is streaming. */
  streaming: boolean;
  /** Primary: downstreams in state `streaming` in pg_stat_replication. */
  streamingReplicas: number;
  /** Primary: application names of synchronous standbys. */
  syncStandbys: string[];
}

function toInt(v: number | string | null | undefined): number | undefined {
  if (v === null || v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function parsePgState(row: PgStateRow | undefined): PgState {
  if (!row || typeof row.in_recovery !== 'boolean') throw new Error('postgres: empty state row');
  return {
    inRecovery: row.in_recovery,
    lsn: toInt(row.lsn),
    timeline: toInt(row.timeline),
    senderHost: row.sender_host ?? undefined,
    streaming: row.receiver_status === 'streaming',
    streamingReplicas: toInt(row.streaming) ?? 0,
    syncStandbys: row.sync_standbys ? row.sync_standbys.split(',').filter(Boolean) : [],
  };
}

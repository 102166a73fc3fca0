/**
 * Parsers for what Redis and Sentinel answer. Pure functions: the probes feed
 * them raw replies, the tests feed them recorded ones.
 */

/** Parsed `INFO replication` of a Redis server. */
export interface ReplicationInfo {
  role: 'master' | 'slave';
  /** Bytes of replication stream this node has produced (master) or processed (replica). */
  masterReplOffset: number;
  /** Replication history id; differs between nodes whose histories have diverged. */
  masterReplId: string;
  /** Master only: replicas as the master sees them. */
  replicas: { ip: string; port: number; state: string; offset: number; lag: number }[];
  /** Replica only: the master it follows. */
  masterHost?: string;
  masterPort?: number;
  /** Replica only: `master_link_status:up`. */
  linkUp?: boolean;
}

/** Splits an INFO reply into key/value pairs, ignoring section headers and blank lines. */
export function parseInfoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

function toInt(value: string | undefined, fallback = 0): number {
  const n = value === undefined ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : fallback;
}

/** `ip=10.0.0.3,port=6379,state=online,offset=123,lag=0` -> record. */
function parseReplicaLine(value: string): ReplicationInfo['replicas'][number] {
  const kv = new Map(
    value.split(',').map((part) => {
      const eq = part.indexOf('=');
      return [part.slice(0, eq), part.slice(eq + 1)] as const;
    }),
  );
  return {
    ip: kv.get('ip') ?? '',
    port: toInt(kv.get('port')),
    state: kv.get('state') ?? 'unknown',
    offset: toInt(kv.get('offset')),
    lag: toInt(kv.get('lag')),
  };
}

/** Parses `INFO replication`. Throws when the reply has no role (not a Redis INFO). */
export function parseReplicationInfo(text: string): ReplicationInfo {
  const f = parseInfoFields(text);
  const role = f.get('role');
  if (role !== 'master' && role !== 'slave') {
    throw new Error(`INFO replication has no role field (got ${JSON.stringify(role)})`);
  }
  const info: ReplicationInfo = {
    role,
    masterReplOffset: toInt(f.get('master_repl_offset')),
    masterReplId: f.get('master_replid') ?? '',
    replicas: [],
  };
  if (role === 'master') {
    const count = toInt(f.get('connected_slaves'));
    for (let i = 0; i < count; i++) {
      const line = f.get(`slave${i}`);
      if (line) info.replicas.push(parseReplicaLine(line));
    }
  } else {
    info.masterHost = f.get('master_host');
    info.masterPort = toInt(f.get('master_port'));
    info.linkUp = f.get('master_link_status') === 'up';
  }
  return info;
}

/** Parsed `SENTINEL MASTER <name>`: the sentinel's view of the monitored master. */
export interface SentinelMasterView {
  ip: string;
  port: number;
  /** e.g. `master`, `s_down,master`, `o_down,master`. */
  flags: string[];
  numReplicas: number;
  numOtherSentinels: number;
  quorum: number;
  /** Configuration epoch of the master: bumps with every failover. */
  configEpoch: number;
}

/** Parses the flat field/value array `SENTINEL MASTER` returns. */
export function parseSentinelMaster(reply: unknown): SentinelMasterView {
  if (!Array.isArray(reply) || reply.length % 2 !== 0) {
    throw new Error('SENTINEL MASTER reply is not a field/value array');
  }
  const f = new Map<string, string>();
  for (let i = 0; i < reply.length; i += 2) f.set(String(reply[i]), String(reply[i + 1]));
  return {
    ip: f.get('ip') ?? '',
    port: toInt(f.get('port')),
    flags: (f.get('flags') ?? '').split(',').filter(Boolean),
    numReplicas: toInt(f.get('num-slaves')),
    numOtherSentinels: toInt(f.get('num-other-sentinels')),
    quorum: toInt(f.get('quorum')),
    configEpoch: toInt(f.get('config-epoch')),
  };
}

/** A node's wall clock in ms since epoch from `TIME`'s reply (`[seconds, microseconds]`); undefined when malformed. */
export function parseRedisTime(reply: unknown): number | undefined {
  if (!Array.isArray(reply) || reply.length < 2) return undefined;
  const [s, us] = reply.map((x) => Number(String(x)));
  return Number.isFinite(s) && Number.isFinite(us) ? s! * 1000 + us! / 1000 : undefined;
}

/** A node's wall clock in ms since epoch from `INFO server`'s `server_time_usec`; undefined without it. */
export function parseServerTimeUs(text: string): number | undefined {
  const us = Number(parseInfoFields(text).get('server_time_usec'));
  return Number.isFinite(us) && us > 0 ? us / 1000 : undefined;
}

/** `INFO sentinel`'s `sentinel_tilt`: true in TILT, undefined without the field. */
export function parseSentinelTilt(text: string): boolean | undefined {
  const v = parseInfoFields(text).get('sentinel_tilt');
  return v === undefined ? undefined : v === '1';
}

/**
 * The node's clock minus the host's, ms (whole), from a node time read between the host
 * times `sentAt` and `answeredAt`: measured against their midpoint, so within half the
 * round trip. Undefined without a node time.
 */
export function clockOffset(
  nodeMs: number | undefined,
  sentAt: number,
  answeredAt: number,
): number | undefined {
  return nodeMs === undefined ? undefined : Math.round(nodeMs - (sentAt + answeredAt) / 2);
}

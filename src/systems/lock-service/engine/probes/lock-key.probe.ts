import type { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';
import type { LockReading } from '../../shared/lock-service.types';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The body of etcd's v3 `/v3/kv/range` for one key. */
export const rangeBody = (key: string): string => JSON.stringify({ key: b64(key) });

/** The lock key as etcd answers a range of it: holder, token (its create revision), lease id. */
export interface LockKeyState {
  holder?: string;
  token?: number;
  /** The lease id, decimal, as the gateway writes it. */
  lease?: string;
}

/**
 * Reads etcd's answer to a range of the lock key: the worker's name (the
 * value), the revision that created the key (the holder's fencing token),
 * its lease. Empty when nobody holds the lock. Throws on another answer.
 */
export function parseLockRange(body: string): LockKeyState {
  const doc = JSON.parse(body) as {
    header?: unknown;
    kvs?: { value?: string; create_revision?: string; lease?: string }[];
  };
  if (!doc || typeof doc !== 'object' || !doc.header) throw new Error('not a range answer');
  const kv = doc.kvs?.[0];
  if (!kv) return {};
  const token = Number(kv.create_revision);
  return {
    holder: Buffer.from(kv.value ?? '', 'base64').toString('utf8'),
    ...(Number.isSafeInteger(token) && token > 0 ? { token } : {}),
    ...(kv.lease && kv.lease !== '0' ? { lease: kv.lease } : {}),
  };
}

/** Seconds left on a lease, from etcd's `/v3/lease/timetolive` answer (undefined when it is gone). */
export function parseLeaseTtl(body: string): number | undefined {
  const doc = JSON.parse(body) as { TTL?: string };
  const ttl = Number(doc.TTL);
  return Number.isFinite(ttl) && ttl >= 0 ? ttl : undefined;
}

/** The body of a range over every key under `prefix`. */
export function prefixBody(prefix: string): string {
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return JSON.stringify({ key: b64(prefix), range_end: b64(end) });
}

/** The workers' posts on the status board, by worker (a post that does not parse is left out). */
export function parseBeliefs(body: string, prefix: string): NonNullable<LockReading['beliefs']> {
  const doc = JSON.parse(body) as { header?: unknown; kvs?: { key?: string; value?: string }[] };
  if (!doc || typeof doc !== 'object' || !doc.header) throw new Error('not a range answer');
  const out: NonNullable<LockReading['beliefs']> = {};
  for (const kv of doc.kvs ?? []) {
    const key = Buffer.from(kv.key ?? '', 'base64').toString('utf8');
    if (!key.startsWith(prefix)) continue;
    try {
      const v = JSON.parse(Buffer.from(kv.value ?? '', 'base64').toString('utf8')) as {
        holding?: unknown;
        token?: unknown;
      };
      if (typeof v.holding !== 'boolean') continue;
      out[key.slice(prefix.length)] = {
        holding: v.holding,
        ...(typeof v.token === 'number' ? { token: v.token } : {}),
      };
    } catch {
      // not a worker's post
    }
  }
  return out;
}

/**
 * Reads the lock from etcd-1: the key (holder, token), the seconds left on
 * its lease when held, and the workers' beliefs on the status board under
 * `beliefsPrefix`. Throws when etcd does not answer.
 */
export async function readLockKey(
  conn: HttpProbeConnection,
  key: string,
  beliefsPrefix: string,
  timeoutMs: number,
): Promise<Omit<LockReading, 'previousHolder' | 'previousToken'>> {
  const r = await conn.post(timeoutMs, '/v3/kv/range', rangeBody(key));
  if (r.status !== 200) throw new Error(`etcd range: HTTP ${r.status}`);
  const state = parseLockRange(r.body);
  const b = await conn.post(timeoutMs, '/v3/kv/range', prefixBody(beliefsPrefix));
  if (b.status !== 200) throw new Error(`etcd range: HTTP ${b.status}`);
  const beliefs = parseBeliefs(b.body, beliefsPrefix);
  const board = Object.keys(beliefs).length > 0 ? { beliefs } : {};
  if (!state.holder) return board;
  let leaseTtlSeconds: number | undefined;
  if (state.lease) {
    const t = await conn
      .post(timeoutMs, '/v3/lease/timetolive', JSON.stringify({ ID: state.lease }))
      .catch(() => undefined);
    if (t?.status === 200) leaseTtlSeconds = parseLeaseTtl(t.body);
  }
  return {
    holder: state.holder,
    ...(state.token !== undefined ? { token: state.token } : {}),
    ...(leaseTtlSeconds !== undefined ? { leaseTtlSeconds } : {}),
    ...board,
  };
}

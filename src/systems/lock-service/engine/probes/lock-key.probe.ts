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

/**
 * Reads the lock from etcd-1: the key (holder, token) and, when held, the
 * seconds left on its lease. Throws when etcd does not answer.
 */
export async function readLockKey(
  conn: HttpProbeConnection,
  key: string,
  timeoutMs: number,
): Promise<Omit<LockReading, 'previousHolder' | 'previousToken'>> {
  const r = await conn.post(timeoutMs, '/v3/kv/range', rangeBody(key));
  if (r.status !== 200) throw new Error(`etcd range: HTTP ${r.status}`);
  const state = parseLockRange(r.body);
  if (!state.holder) return {};
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
  };
}

import { describe, expect, it } from 'vitest';
import type {
  HttpProbeConnection,
  HttpProbeReply,
} from '../../../../core/probes/http-probe-connection';
import {
  parseBeliefs,
  parseLeaseTtl,
  parseLockRange,
  prefixBody,
  rangeBody,
  readLockKey,
} from './lock-key.probe';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

const HEADER = { cluster_id: '14841639068965178418', member_id: '10276657743932975437' };

/** etcd's v3 gateway answer to a range of the lock key held by `holder`. */
function heldRange(holder: string, createRevision: string, lease: string): string {
  return JSON.stringify({
    header: { ...HEADER, revision: '9', raft_term: '2' },
    kvs: [
      {
        key: b64('dojo/lock'),
        create_revision: createRevision,
        mod_revision: createRevision,
        version: '1',
        value: b64(holder),
        lease,
      },
    ],
    count: '1',
  });
}

/** A range answer over the status board holding these posts (key -> value text). */
function boardRange(posts: Record<string, string>): string {
  const kvs = Object.entries(posts).map(([key, value]) => ({
    key: b64(key),
    create_revision: '3',
    mod_revision: '8',
    version: '2',
    value: b64(value),
  }));
  return JSON.stringify({
    header: { ...HEADER, revision: '9', raft_term: '2' },
    ...(kvs.length > 0 ? { kvs, count: String(kvs.length) } : {}),
  });
}

const EMPTY_RANGE = JSON.stringify({ header: { ...HEADER, revision: '9', raft_term: '2' } });

describe('parseLockRange', () => {
  it('reads the holder (the value), its token (create revision) and its lease', () => {
    expect(parseLockRange(heldRange('worker-1', '7', '694d7b0c1a2b3c4d'))).toEqual({
      holder: 'worker-1',
      token: 7,
      lease: '694d7b0c1a2b3c4d',
    });
  });

  it('leaves out a lease of 0 (a key put without a lease)', () => {
    expect(parseLockRange(heldRange('worker-2', '12', '0'))).toEqual({
      holder: 'worker-2',
      token: 12,
    });
  });

  it('is empty when nobody holds the lock (an answer without kvs)', () => {
    expect(parseLockRange(EMPTY_RANGE)).toEqual({});
  });

  it('throws on an answer that is not a range answer', () => {
    expect(() => parseLockRange('{"error":"etcdserver: request timed out","code":14}')).toThrow(
      'not a range answer',
    );
    expect(() => parseLockRange('null')).toThrow('not a range answer');
    expect(() => parseLockRange('<html>')).toThrow();
  });
});

describe('parseLeaseTtl', () => {
  it("reads the seconds left on a lease from etcd's timetolive answer", () => {
    expect(parseLeaseTtl('{"TTL":"3"}')).toBe(3);
    expect(parseLeaseTtl('{"header":{},"ID":"7587","TTL":"0","grantedTTL":"5"}')).toBe(0);
  });

  it('is undefined for a lease that is gone (TTL -1) or an answer without a TTL', () => {
    expect(parseLeaseTtl('{"header":{},"ID":"7587","TTL":"-1"}')).toBeUndefined();
    expect(parseLeaseTtl('{"header":{}}')).toBeUndefined();
  });
});

describe('range bodies', () => {
  it('ranges over one key, base64', () => {
    expect(JSON.parse(rangeBody('dojo/lock'))).toEqual({ key: b64('dojo/lock') });
  });

  it('ranges over a prefix: range_end is the prefix with its last character + 1', () => {
    const body = JSON.parse(prefixBody('dojo/beliefs/')) as { key: string; range_end: string };
    expect(unb64(body.key)).toBe('dojo/beliefs/');
    expect(unb64(body.range_end)).toBe('dojo/beliefs0');
    expect(body).toEqual({ key: b64('dojo/beliefs/'), range_end: b64('dojo/beliefs0') });
  });
});

describe('parseBeliefs', () => {
  it("reads each worker's post under the prefix, by worker", () => {
    const body = boardRange({
      'dojo/beliefs/worker-1': JSON.stringify({ holding: true, token: 7, at: 1000 }),
      'dojo/beliefs/worker-2': JSON.stringify({ holding: false, at: 1200 }),
    });
    expect(parseBeliefs(body, 'dojo/beliefs/')).toEqual({
      'worker-1': { holding: true, token: 7 },
      'worker-2': { holding: false },
    });
  });

  it('leaves out a key outside the prefix, a value that is not JSON, and one without holding', () => {
    const body = boardRange({
      'dojo/lock': JSON.stringify({ holding: true, token: 99 }),
      'dojo/beliefs/worker-1': JSON.stringify({ holding: true, token: 7, at: 1000 }),
      'dojo/beliefs/worker-2': 'worker-2',
      'dojo/beliefs/worker-3': JSON.stringify({ token: 4, at: 1000 }),
      'dojo/beliefs/worker-4': JSON.stringify({ holding: 'yes', token: 5 }),
    });
    expect(parseBeliefs(body, 'dojo/beliefs/')).toEqual({
      'worker-1': { holding: true, token: 7 },
    });
  });

  it('is empty for an empty board, and throws on an answer that is not a range answer', () => {
    expect(parseBeliefs(EMPTY_RANGE, 'dojo/beliefs/')).toEqual({});
    expect(() => parseBeliefs('{"error":"no leader"}', 'dojo/beliefs/')).toThrow(
      'not a range answer',
    );
  });
});

/** A stand-in for the probe's HTTP connection: answers by path and records each call. */
function fakeConnection(
  answer: (path: string, body: Record<string, unknown>) => HttpProbeReply | Error,
) {
  const calls: { timeoutMs: number; path: string; body: Record<string, unknown> }[] = [];
  const conn = {
    post(timeoutMs: number, path: string, body: string): Promise<HttpProbeReply> {
      const doc = JSON.parse(body) as Record<string, unknown>;
      calls.push({ timeoutMs, path, body: doc });
      const r = answer(path, doc);
      return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
    },
  };
  return { conn: conn as unknown as HttpProbeConnection, calls };
}

const BOARD = boardRange({
  'dojo/beliefs/worker-1': JSON.stringify({ holding: true, token: 7, at: 1000 }),
  'dojo/beliefs/worker-2': JSON.stringify({ holding: false, at: 1100 }),
});

/** An etcd holding the lock for worker-1 (token 7, lease 694d7b0c1a2b3c4d), `ttl` seconds left. */
function etcdHolding(ttl: HttpProbeReply | Error = { status: 200, body: '{"TTL":"3"}' }) {
  return fakeConnection((path, body) => {
    if (path === '/v3/lease/timetolive') return ttl;
    if (path === '/v3/kv/range' && body.range_end !== undefined)
      return { status: 200, body: BOARD };
    if (path === '/v3/kv/range')
      return { status: 200, body: heldRange('worker-1', '7', '694d7b0c1a2b3c4d') };
    return { status: 404, body: '{}' };
  });
}

describe('readLockKey', () => {
  it("reads a held lock: holder, token, the seconds left on its lease, and the workers' beliefs", async () => {
    const { conn, calls } = etcdHolding();
    const reading = await readLockKey(conn, 'dojo/lock', 'dojo/beliefs/', 800);
    expect(reading).toEqual({
      holder: 'worker-1',
      token: 7,
      leaseTtlSeconds: 3,
      beliefs: { 'worker-1': { holding: true, token: 7 }, 'worker-2': { holding: false } },
    });
    // The lock key, the status board, then the holder's lease, each within the probe's timeout.
    expect(calls.map((c) => c.path)).toEqual([
      '/v3/kv/range',
      '/v3/kv/range',
      '/v3/lease/timetolive',
    ]);
    expect(calls[0]!.body).toEqual({ key: b64('dojo/lock') });
    expect(calls[1]!.body).toEqual({
      key: b64('dojo/beliefs/'),
      range_end: b64('dojo/beliefs0'),
    });
    expect(calls[2]!.body).toEqual({ ID: '694d7b0c1a2b3c4d' });
    expect(calls.every((c) => c.timeoutMs === 800)).toBe(true);
  });

  it("still names the holder when its lease's TTL cannot be read (gone, or no answer)", async () => {
    const gone = etcdHolding({ status: 200, body: '{"TTL":"-1"}' });
    expect(await readLockKey(gone.conn, 'dojo/lock', 'dojo/beliefs/', 800)).toEqual({
      holder: 'worker-1',
      token: 7,
      beliefs: { 'worker-1': { holding: true, token: 7 }, 'worker-2': { holding: false } },
    });
    const silent = etcdHolding(new Error('no answer within 800 ms'));
    const reading = await readLockKey(silent.conn, 'dojo/lock', 'dojo/beliefs/', 800);
    expect(reading.holder).toBe('worker-1');
    expect(reading).not.toHaveProperty('leaseTtlSeconds');
  });

  it('reads a free lock: only the beliefs, without asking for a lease', async () => {
    const { conn, calls } = fakeConnection((_path, body) => ({
      status: 200,
      body: body.range_end !== undefined ? BOARD : EMPTY_RANGE,
    }));
    expect(await readLockKey(conn, 'dojo/lock', 'dojo/beliefs/', 800)).toEqual({
      beliefs: { 'worker-1': { holding: true, token: 7 }, 'worker-2': { holding: false } },
    });
    expect(calls.map((c) => c.path)).not.toContain('/v3/lease/timetolive');
  });

  it('reads a free lock with an empty board as nothing at all', async () => {
    const { conn } = fakeConnection(() => ({ status: 200, body: EMPTY_RANGE }));
    expect(await readLockKey(conn, 'dojo/lock', 'dojo/beliefs/', 800)).toEqual({});
  });

  it('throws when etcd answers with an HTTP error', async () => {
    const { conn } = fakeConnection(() => ({ status: 503, body: 'unavailable' }));
    await expect(readLockKey(conn, 'dojo/lock', 'dojo/beliefs/', 800)).rejects.toThrow(
      'etcd range: HTTP 503',
    );
    const board503 = fakeConnection((_path, body) =>
      body.range_end !== undefined
        ? { status: 503, body: 'unavailable' }
        : { status: 200, body: EMPTY_RANGE },
    );
    await expect(readLockKey(board503.conn, 'dojo/lock', 'dojo/beliefs/', 800)).rejects.toThrow(
      'etcd range: HTTP 503',
    );
  });
});

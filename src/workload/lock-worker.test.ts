import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireBody,
  acquireOutcome,
  keepaliveTtl,
  LockWorker,
  type LockWorkerStatus,
} from './lock-worker';
import { FakePostgres } from './test-fake-postgres';
import type { WriteRecord } from '../shared/scenario-types';
import { parseLockWorkerConfig, type LockWorkerConfig } from './workload-config';

/**
 * A stand-in for etcd's v3 gateway, the three calls a lock worker makes:
 * lease grant, lease keepalive, and the acquire txn. Every change raises the
 * revision, as etcd's does. `expire` ends a lease (its key goes, the
 * revision rises); `holdKeepalives` leaves a lease's renewals unanswered (the
 * worker cut off from etcd, still reaching storage).
 */
class FakeEtcd {
  revision = 1;
  private nextLease = 100;
  readonly leases = new Set<string>();
  /** The lock: key -> holder and lease. */
  readonly keys = new Map<string, { value: string; lease: string }>();
  readonly held = new Set<string>();
  /** Every /v3/kv/put, in order (base64 key and value, as sent). */
  readonly puts: { key: string; value: string }[] = [];
  private server: http.Server | undefined;
  port = 0;

  async listen(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => this.answer(req.url ?? '', JSON.parse(body || '{}'), res));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  expire(lease: string): void {
    this.leases.delete(lease);
    for (const [k, v] of this.keys)
      if (v.lease === lease) {
        this.keys.delete(k);
        this.revision++;
      }
  }

  private answer(url: string, doc: Record<string, unknown>, res: http.ServerResponse): void {
    const header = { revision: String(this.revision) };
    const send = (o: object): void => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(o));
    };
    if (url === '/v3/lease/grant') {
      const id = String(this.nextLease++);
      this.leases.add(id);
      return send({ header, ID: id, TTL: String(doc.TTL) });
    }
    if (url === '/v3/lease/keepalive') {
      const id = String(doc.ID);
      if (this.held.has(id)) return; // never answered: the client times out
      return send({ result: { header, ID: id, ...(this.leases.has(id) ? { TTL: '1' } : {}) } });
    }
    if (url === '/v3/kv/txn') {
      const compare = (doc.compare as { key: string }[])[0]!;
      const put = (doc.success as { request_put: { value: string; lease: string } }[])[0]!
        .request_put;
      const held = this.keys.get(compare.key);
      if (held) {
        return send({
          header,
          responses: [{ response_range: { kvs: [{ value: held.value }] } }],
        });
      }
      this.revision++;
      this.keys.set(compare.key, { value: put.value, lease: put.lease });
      return send({ header: { revision: String(this.revision) }, succeeded: true });
    }
    if (url === '/v3/kv/put') {
      this.puts.push({ key: String(doc.key), value: String(doc.value) });
      this.revision++;
      return send({ header: { revision: String(this.revision) } });
    }
    res.statusCode = 404;
    send({ error: 'not found' });
  }
}

/** Resolves once `cond` holds (checked every 10 ms), or fails after `ms`. */
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('lock worker bodies', () => {
  it('takes the lock only where the key was never created, under the lease', () => {
    const body = JSON.parse(acquireBody('dojo-lock', 'worker-1', '42')) as {
      compare: { target: string; create_revision: string }[];
      success: { request_put: { value: string; lease: string } }[];
    };
    expect(body.compare[0]).toMatchObject({ target: 'CREATE', create_revision: '0' });
    expect(body.success[0]!.request_put.lease).toBe('42');
    expect(Buffer.from(body.success[0]!.request_put.value, 'base64').toString()).toBe('worker-1');
  });

  it("reads the token from the txn's revision, the holder when it failed, and a lease gone", () => {
    // Answers as etcd 3.4's gateway gave them here (2026-12-06).
    expect(
      acquireOutcome({
        status: 200,
        body: '{"header":{"revision":"2"},"succeeded":true,"responses":[{"response_put":{"header":{"revision":"2"}}}]}',
      }),
    ).toEqual({ taken: true, token: 2 });
    expect(
      acquireOutcome({
        status: 200,
        body: '{"header":{"revision":"2"},"responses":[{"response_range":{"kvs":[{"value":"d29ya2VyLTE="}]}}]}',
      }),
    ).toEqual({ taken: false, holder: 'worker-1' });
    expect(keepaliveTtl({ status: 200, body: '{"result":{"ID":"7","TTL":"3"}}' })).toBe(3);
    expect(keepaliveTtl({ status: 200, body: '{"result":{"header":{},"ID":"7"}}' })).toBe(0);
  });
});

describe('lock worker config', () => {
  const good: LockWorkerConfig = {
    system: 'lock',
    mode: 'lock-worker',
    client: 'worker-1',
    etcd: { name: 'etcd-1', ip: '10.0.0.2', port: 2379 },
    storage: { name: 'storage', ip: '10.0.0.3', port: 5432, user: 'dojo', database: 'dojo' },
    lockKey: 'dojo-lock',
    leaseTtlSeconds: 5,
    writeEveryMs: 250,
    acquireEveryMs: 200,
    timeoutMs: 1000,
  };
  it('takes a whole config and refuses one naming the field that is wrong', () => {
    expect(parseLockWorkerConfig(good)).toEqual(good);
    expect(() => parseLockWorkerConfig({ ...good, client: 'a b' })).toThrow('invalid client');
    expect(() => parseLockWorkerConfig({ ...good, etcd: { name: 'e' } })).toThrow('invalid etcd');
    expect(() =>
      parseLockWorkerConfig({ ...good, storage: { ...good.storage, user: undefined } }),
    ).toThrow('invalid storage');
    expect(() => parseLockWorkerConfig({ ...good, lockKey: '' })).toThrow('invalid lockKey');
    expect(() => parseLockWorkerConfig({ ...good, mode: 'pinned' })).toThrow('invalid mode');
    expect(() => parseLockWorkerConfig({ ...good, beliefPrefix: 7 })).toThrow(
      'invalid beliefPrefix',
    );
    expect(() => parseLockWorkerConfig({ ...good, firstTryAfterMs: -1 })).toThrow(
      'invalid firstTryAfterMs',
    );
    expect(() => parseLockWorkerConfig({ ...good, leaseTtlSeconds: 0 })).toThrow(
      'invalid leaseTtlSeconds',
    );
  });
});

describe('LockWorker', () => {
  let etcd: FakeEtcd;
  let pg: FakePostgres;
  const workers: LockWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await etcd.close();
    await pg.close();
  });

  const start = (name: string, more: Partial<LockWorkerConfig> = {}) => {
    const writes: (WriteRecord & { token: number })[] = [];
    const statuses: LockWorkerStatus[] = [];
    const cfg: LockWorkerConfig = {
      system: 'lock',
      mode: 'lock-worker',
      client: name,
      etcd: { name: 'etcd-1', ip: '127.0.0.1', port: etcd.port },
      storage: { name: 'storage', ip: '127.0.0.1', port: pg.port, user: 'dojo', database: 'dojo' },
      lockKey: 'dojo-lock',
      leaseTtlSeconds: 1,
      writeEveryMs: 20,
      acquireEveryMs: 20,
      timeoutMs: 200,
      ...more,
    };
    const w = new LockWorker(cfg, {
      onWrite: (r) => writes.push(r),
      onStatus: (s) => statuses.push(s),
    });
    workers.push(w);
    w.start();
    return { writes, statuses };
  };

  it('posts what it believes on the status board on every change, each status line with its time', async () => {
    etcd = await new FakeEtcd().listen();
    pg = await new FakePostgres().listen();
    const before = Date.now();
    const w1 = start('worker-1', { beliefPrefix: 'dojo/beliefs/' });
    await until(() => w1.statuses.some((s) => s.holding));
    const took = w1.statuses.find((s) => s.holding)!;
    // Its lease ends: it learns so on its next renewal and posts that it no longer holds the lock.
    etcd.expire([...etcd.keys.values()][0]!.lease);
    await until(() => w1.statuses.some((s) => !s.holding));
    const lost = w1.statuses.find((s) => !s.holding)!;
    await until(() => etcd.puts.length >= 2);
    const posts = etcd.puts.slice(0, 2).map((p) => ({
      key: Buffer.from(p.key, 'base64').toString('utf8'),
      belief: JSON.parse(Buffer.from(p.value, 'base64').toString('utf8')) as unknown,
    }));
    expect(posts).toEqual([
      {
        key: 'dojo/beliefs/worker-1',
        belief: { holding: true, token: took.token, at: took.at },
      },
      { key: 'dojo/beliefs/worker-1', belief: { holding: false, at: lost.at } },
    ]);
    expect(took.token).toEqual(expect.any(Number));
    for (const s of w1.statuses) {
      expect(s.at).toEqual(expect.any(Number));
      expect(s.at).toBeGreaterThanOrEqual(before);
      expect(s.at).toBeLessThanOrEqual(Date.now());
    }
    expect(lost.at).toBeGreaterThanOrEqual(took.at);
  });

  /** The zombie: worker-1, cut off from etcd, keeps writing with its token after worker-2 took the lock. */
  async function zombie(check: boolean) {
    etcd = await new FakeEtcd().listen();
    pg = await new FakePostgres().listen();
    pg.fencing.check = check;
    const w1 = start('worker-1');
    await until(() => w1.statuses.some((s) => s.holding));
    const t1 = w1.statuses.find((s) => s.holding)!.token!;
    const w2 = start('worker-2');
    await until(() => w1.writes.length >= 3);
    expect(w2.writes).toEqual([]);
    // worker-1's renewals go unanswered; its lease ends; worker-2 takes the lock.
    const lease1 = [...etcd.keys.values()][0]!.lease;
    etcd.held.add(lease1);
    etcd.expire(lease1);
    await until(() => w2.statuses.some((s) => s.holding));
    const t2 = w2.statuses.find((s) => s.holding)!.token!;
    expect(t2).toBeGreaterThan(t1);
    await until(() => w2.writes.some((r) => r.outcome === 'ack'));
    await until(() => w1.writes.some((r) => r.sentAt > w2.writes[0]!.doneAt));
    const stale = w1.writes.filter((r) => r.sentAt > w2.writes[0]!.doneAt);
    // Within the lease's TTL without a renewal it gives up the lock itself.
    await until(() => w1.statuses.some((s) => !s.holding && /gave up the lock/.test(s.detail)));
    return { t1, t2, stale };
  }

  it("without the storage check, the zombie's writes with the older token land after the newer one's", async () => {
    const { t1, stale } = await zombie(false);
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.every((r) => r.token === t1 && r.outcome === 'ack')).toBe(true);
    expect(pg.fencing.taken.some((t) => t.startsWith('worker-1:') && t.endsWith(`:${t1}`))).toBe(
      true,
    );
  });

  it('frozen while a write is in flight, it wakes inside its critical section and writes again with its old token before it renews', async () => {
    etcd = await new FakeEtcd().listen();
    pg = await new FakePostgres().listen();
    pg.fencing.check = true;
    const w1 = start('worker-1', { timeoutMs: 5000 });
    await until(() => w1.writes.length >= 2);
    const t1 = w1.statuses.find((s) => s.holding)!.token!;
    // Storage stops answering (the write in flight waits, as in a freeze) past worker-1's
    // lease; worker-2 takes the lock meanwhile.
    pg.freeze();
    const lease1 = [...etcd.keys.values()][0]!.lease;
    etcd.expire(lease1);
    const w2 = start('worker-2');
    await until(() => w2.statuses.some((s) => s.holding));
    const t2 = w2.statuses.find((s) => s.holding)!.token!;
    await new Promise((r) => setTimeout(r, 1100));
    const frozenAt = Date.now();
    pg.thaw();
    await until(() => w1.statuses.some((s) => !s.holding));
    const after = w1.writes.filter((r) => r.sentAt >= frozenAt);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after[0]).toMatchObject({
      token: t1,
      outcome: 'fail',
      error: `stale fencing token ${t1} (highest seen ${t2})`,
    });
  });

  it('frozen while a renewal is in flight, it wakes and writes with its old token before it reads the answer', async () => {
    etcd = await new FakeEtcd().listen();
    pg = await new FakePostgres().listen();
    pg.fencing.check = true;
    const w1 = start('worker-1', { timeoutMs: 2500 });
    await until(() => w1.writes.length >= 2);
    const t1 = w1.statuses.find((s) => s.holding)!.token!;
    // Its renewals go unanswered (the worker asleep inside one) past its lease; worker-2 takes the lock.
    const lease1 = [...etcd.keys.values()][0]!.lease;
    etcd.held.add(lease1);
    const heldAt = Date.now();
    etcd.expire(lease1);
    const w2 = start('worker-2');
    await until(() => w2.writes.some((r) => r.outcome === 'ack'));
    const t2 = w2.statuses.find((s) => s.holding)!.token!;
    await until(() => w1.statuses.some((s) => !s.holding), 8000);
    const lostAt = w1.statuses.find((s) => !s.holding)!.at;
    // The write sent after the renewal that outlasted the lease, before the worker gave up.
    const zombie = w1.writes.filter(
      (r) => r.sentAt >= heldAt + 1000 && r.sentAt <= lostAt && r.token === t1,
    );
    expect(zombie.length).toBeGreaterThanOrEqual(1);
    expect(zombie.at(-1)).toMatchObject({
      outcome: 'fail',
      error: `stale fencing token ${t1} (highest seen ${t2})`,
    });
  });

  it('with the storage check, every write with the lower token is refused', async () => {
    const { t1, t2, stale } = await zombie(true);
    expect(stale.length).toBeGreaterThan(0);
    for (const r of stale) {
      expect(r.outcome).toBe('fail');
      expect(r.error).toBe(`stale fencing token ${t1} (highest seen ${t2})`);
    }
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WriteRecord } from '../shared/scenario-types';
import { advance, settle, until, useFakeClock } from './test-clock';
import { FakeRedis } from './test-fake-redis';
import { WriteLoop, keyOf, type WorkloadStatus } from './write-loop';
import type { WorkloadClientConfig } from './workload-config';

/**
 * The write loop against in-process fake servers: redis-a on 127.0.0.1,
 * redis-b on 127.0.0.2 (both loopback on Linux), a sentinel naming one of them.
 * Time is the fake clock of test-clock.ts: the sockets are real, the rate and
 * the timeouts are counted in fake milliseconds.
 */
interface Lab {
  a: FakeRedis;
  b: FakeRedis;
  sentinel: FakeRedis;
  cfg(
    mode: WorkloadClientConfig['mode'],
    extra?: Partial<WorkloadClientConfig>,
  ): WorkloadClientConfig;
}

const cleanups: (() => Promise<void>)[] = [];
beforeEach(useFakeClock);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await settle(c());
  vi.useRealTimers();
});

async function lab(): Promise<Lab> {
  const a = await new FakeRedis('127.0.0.1').listen();
  const b = await new FakeRedis('127.0.0.2').listen();
  const sentinel = await new FakeRedis('127.0.0.1').listen();
  sentinel.sentinelMaster = [a.host, a.port];
  b.role = 'replica';
  cleanups.push(async () => {
    await Promise.all([a.close(), b.close(), sentinel.close()]);
  });
  return {
    a,
    b,
    sentinel,
    cfg: (mode, extra = {}) => ({
      client: `app-${mode}`,
      mode,
      rate: 50,
      timeoutMs: 200,
      masterName: 'mymaster',
      sentinels: [
        { name: 'sentinel-dead', ip: '127.0.0.1', port: 1 },
        { name: 'sentinel-1', ip: sentinel.host, port: sentinel.port },
      ],
      nodes: { '127.0.0.1': 'redis-a', '127.0.0.2': 'redis-b' },
      ...extra,
    }),
  };
}

function run(cfg: WorkloadClientConfig): {
  loop: WriteLoop;
  records: WriteRecord[];
  statuses: WorkloadStatus[];
} {
  const records: WriteRecord[] = [];
  const statuses: WorkloadStatus[] = [];
  const loop = new WriteLoop(cfg, {
    onWrite: (r) => records.push(r),
    onStatus: (s) => statuses.push(s),
  });
  loop.start();
  cleanups.push(() => loop.stop());
  return { loop, records, statuses };
}

describe('WriteLoop', () => {
  it('sentinel mode: finds the master through the sentinels (skipping a dead one) and writes at the rate', async () => {
    const l = await lab();
    const { loop, records, statuses } = run(l.cfg('sentinel'));
    await advance(1000);
    await settle(loop.stop());
    // 50/s for ~1 s (the clock starts at the first connection)
    expect(records.length).toBeGreaterThanOrEqual(40);
    expect(records.length).toBeLessThanOrEqual(53);
    expect(records.every((r) => r.outcome === 'ack' && r.node === 'redis-a')).toBe(true);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    const r = records[4] as WriteRecord;
    expect(r.key).toBe('dojo:w:app-sentinel:000005');
    expect(keyOf('x', 1234567)).toBe('dojo:w:x:1234567');
    expect(l.a.data.get(r.key)).toBe(`app-sentinel:5:${r.sentAt}`);
    expect(r.doneAt).toBeGreaterThanOrEqual(r.sentAt);
    expect(l.a.data.size).toBe(records.length);
    expect(statuses[0]).toMatchObject({
      client: 'app-sentinel',
      mode: 'sentinel',
      connectedTo: 'redis-a',
      via: 'sentinel-1',
      ip: '127.0.0.1',
    });
    // sent at a fixed rate: ~20 ms apart
    const gaps = records.slice(1).map((x, i) => x.sentAt - (records[i] as WriteRecord).sentAt);
    expect(gaps.reduce((s, g) => s + g, 0) / gaps.length).toBeGreaterThan(17);
    expect(gaps.reduce((s, g) => s + g, 0) / gaps.length).toBeLessThan(23);
  });

  it('sentinel mode follows a failover on READONLY; pinned mode keeps writing to its first node', async () => {
    const l = await lab();
    const s = run(l.cfg('sentinel'));
    const p = run(l.cfg('pinned'));
    await until('both writing', () => s.records.length > 5 && p.records.length > 5);
    // failover: a is demoted, b promoted, the sentinel names b
    l.a.role = 'replica';
    l.b.role = 'master';
    l.sentinel.sentinelMaster = [l.b.host, l.b.port];
    const switchedAt = Date.now();
    await advance(600);
    await settle(Promise.all([s.loop.stop(), p.loop.stop()]));

    const after = (rs: WriteRecord[]): WriteRecord[] =>
      rs.filter((r) => r.sentAt > switchedAt + 100);
    // the sentinel client got READONLY once or so, re-resolved, and now acks on redis-b
    const readonly = s.records.filter((r) => r.error?.startsWith('READONLY'));
    expect(readonly.length).toBeGreaterThanOrEqual(1);
    expect(readonly.every((r) => r.outcome === 'fail' && r.node === 'redis-a')).toBe(true);
    expect(after(s.records).length).toBeGreaterThan(10);
    expect(after(s.records).every((r) => r.outcome === 'ack' && r.node === 'redis-b')).toBe(true);
    expect(s.statuses.map((x) => x.connectedTo)).toEqual(['redis-a', null, 'redis-b']);
    expect(s.statuses[1]?.reason).toBe('READONLY');

    // the pinned client never re-resolves: every write after the switch fails READONLY on redis-a
    expect(after(p.records).length).toBeGreaterThan(10);
    expect(
      after(p.records).every(
        (r) => r.outcome === 'fail' && r.node === 'redis-a' && r.error?.startsWith('READONLY'),
      ),
    ).toBe(true);
    expect(p.statuses.map((x) => x.connectedTo)).toEqual(['redis-a']);
  });

  it('pinned mode reconnects to the same address after the connection drops, even when the sentinels moved on', async () => {
    const l = await lab();
    const p = run(l.cfg('pinned'));
    await until('writing', () => p.records.length > 3);
    l.b.role = 'master';
    l.sentinel.sentinelMaster = [l.b.host, l.b.port];
    l.a.dropConnections();
    await until(
      'reconnected',
      () => p.statuses.filter((x) => x.connectedTo === 'redis-a').length >= 2,
    );
    const n = p.records.length;
    await until('more writes', () => p.records.length > n + 5);
    await settle(p.loop.stop());
    expect(p.statuses.map((x) => x.connectedTo)).toEqual(['redis-a', null, 'redis-a']);
    expect(p.records.every((r) => r.node !== 'redis-b')).toBe(true);
    expect(l.b.data.size).toBe(0);
  });

  it('timeouts are indeterminate; after 2 in a row a sentinel client re-resolves; the frozen node runs them on the thaw (ghost writes)', async () => {
    const l = await lab();
    l.b.role = 'master';
    const s = run(l.cfg('sentinel'));
    await until('writing', () => s.records.length > 3);
    l.a.freeze();
    l.sentinel.sentinelMaster = [l.b.host, l.b.port];
    await until('moved to redis-b', () =>
      s.records.some((r) => r.node === 'redis-b' && r.outcome === 'ack'),
    );
    await settle(s.loop.stop());
    const timeouts = s.records.filter((r) => r.outcome === 'timeout');
    expect(timeouts.length).toBeGreaterThanOrEqual(2);
    expect(
      timeouts.every((r) => r.node === 'redis-a' && /no reply within 200 ms/.test(r.error ?? '')),
    ).toBe(true);
    expect(timeouts.every((r) => r.doneAt - r.sentAt >= 195)).toBe(true);
    expect(s.statuses.find((x) => x.connectedTo === null)?.reason).toBe('2 consecutive timeouts');
    // the frozen node executes what it had queued when it wakes: the timed-out keys appear
    for (const r of timeouts) expect(l.a.data.has(r.key)).toBe(false);
    l.a.thaw();
    await advance(50);
    for (const r of timeouts) expect(l.a.data.has(r.key)).toBe(true);
  });

  it('with no server to connect to, writes fail at once with node "none" and the reason', async () => {
    const l = await lab();
    const p = run(l.cfg('pinned'));
    await until('writing', () => p.records.length > 3);
    await l.a.close();
    await until('failures', () => p.records.filter((r) => r.node === 'none').length >= 5);
    await settle(p.loop.stop());
    const none = p.records.filter((r) => r.node === 'none');
    expect(none.every((r) => r.outcome === 'fail' && r.doneAt === r.sentAt)).toBe(true);
    expect(none.at(-1)?.error).toMatch(/ECONNREFUSED/);
  });

  it('stop waits for writes in flight (up to the timeout) and then sends nothing more', async () => {
    const l = await lab();
    const s = run(l.cfg('pinned', { timeoutMs: 300 }));
    await until('writing', () => s.records.length > 3);
    l.a.freeze();
    await advance(100);
    const t0 = Date.now();
    await settle(s.loop.stop());
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(600);
    const sent = s.records.length;
    expect(s.records.filter((r) => r.outcome === 'timeout').length).toBeGreaterThanOrEqual(3);
    // longer than the timeout: a write sent after the stop would have its record by now
    await advance(400);
    expect(s.records.length).toBe(sent);
    l.a.thaw();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMiniLab, until, type MiniLab } from '../../../../core/testing/mini-lab.fixture';
import { addMiniSentinel } from '../testing/mini-sentinel.fixture';
import { RedisProbeConnection } from '../probes/redis-probe-connection';
import { readRedisReplication } from '../probes/redis-replication.probe';
import { readSentinelMaster } from '../probes/sentinel-master.probe';
import { subscribeSentinelEvents, type SentinelEvent } from '../probes/sentinel-events.probe';
import { injectClockSkew, syncClock, type ClockSkewFaultSpec } from './clock-skew.fault';

/**
 * The clock-skew fault on a real mini Sentinel (redis-1 master, redis-2 replica, sentinel-1
 * with quorum 1, down-after 1000 ms): the node's clock as the probe reads it, the sentinel's
 * TILT (+tilt at the jump, nothing acted on while it lasts, -tilt 30 s after the last jump),
 * and drift.
 */
let lab: MiniLab;
const conns: RedisProbeConnection[] = [];
const figures: Record<string, number> = {};
const spec = (over: Partial<ClockSkewFaultSpec>): ClockSkewFaultSpec => ({
  id: 'skew',
  kind: 'clock-skew',
  node: 'sentinel-1',
  offset: '+10s',
  at: { after: '0s' },
  ...over,
});
const connTo = (node: string, port: number): RedisProbeConnection => {
  const c = new RedisProbeConnection(lab.ports.get(node)?.[port] ?? 0);
  conns.push(c);
  return c;
};

beforeAll(async () => {
  lab = await createMiniLab('clock-skew-int');
  await addMiniSentinel(lab, { downAfterMs: 1000, failoverTimeoutMs: 5000 });
});

afterAll(async () => {
  for (const c of conns) c.close();
  await lab?.dispose();
  console.log(`[clock-skew-int] figures: ${JSON.stringify(figures)}`);
});

describe('clock-skew', () => {
  it('moves one node’s clock: its sentinel enters TILT and acts on nothing until 30 s after the last jump', async () => {
    const events: SentinelEvent[] = [];
    const sub = subscribeSentinelEvents(
      lab.ports.get('sentinel-1')?.[26379] ?? 0,
      'sentinel-1',
      (e) => events.push(e),
    );
    const sentinel = connTo('sentinel-1', 26379);
    const redis1 = connTo('redis-1', 6379);
    const nameOf = (ip: string) => [...lab.members.values()].find((m) => m.ipv4 === ip)?.name ?? ip;
    const sentinelView = () => readSentinelMaster('sentinel-1', sentinel, 2000, 'mymaster', nameOf);
    const sentinelClock = async () => (await sentinelView()).clockOffsetMs;
    const redisClock = async () =>
      (await readRedisReplication('redis-1', redis1, 2000, nameOf)).clockOffsetMs;
    try {
      await sub.ready;
      // The probe connections answer once they are up (a first read may find them connecting).
      const view = await until('sentinel-1 read', async () => {
        const v = await sentinelView();
        return v.sentinel ? v : undefined;
      });
      expect(view.sentinel?.tilt).toBe(false);
      expect(Math.abs(view.clockOffsetMs ?? NaN)).toBeLessThan(500);
      const redisOffset = await until('redis-1 read', redisClock);
      expect(Math.abs(redisOffset)).toBeLessThan(500);

      const t0 = Date.now();
      const fault = await injectClockSkew(lab.ctx, spec({}));
      expect(fault.detail).toBe("clock-skew skew: sentinel-1's clock jumped +10s");
      const tilt = await until('+tilt', () => events.find((e) => e.channel === '+tilt'), 10_000);
      figures.tiltAfterJumpMs = tilt.t - t0;
      const skewed = await until(
        'the sentinel’s clock 10 s ahead',
        async () => {
          const o = await sentinelClock();
          return o !== undefined && Math.abs(o - 10_000) < 500 ? o : undefined;
        },
        5000,
      );
      figures.sentinelOffsetMs = skewed;
      expect((await sentinelView()).sentinel?.tilt).toBe(true);
      // The other nodes keep the true time.
      expect(Math.abs((await redisClock()) ?? NaN)).toBeLessThan(500);

      // In TILT the sentinel watches but does not act: a master frozen past down-after is
      // not even marked subjectively down.
      const master = lab.members.get('redis-1');
      if (!master) throw new Error('no master');
      await lab.runtime.pauseContainer(master.containerId);
      const frozenAt = Date.now();
      try {
        await until(
          '3 s of a frozen master',
          async () => Date.now() - frozenAt > 3000 || undefined,
          5000,
        );
        expect(events.filter((e) => e.channel === '+sdown' || e.channel === '+odown')).toEqual([]);
      } finally {
        await lab.runtime.unpauseContainer(master.containerId);
      }

      // The revert steps the clock back: a jump too, so TILT starts over; -tilt follows
      // 30 s after it, and the sentinel acts again.
      const back = await fault.revert();
      expect(back).toMatchObject({
        ok: true,
        detail: "clock-skew skew: sentinel-1's clock stepped back to the true time",
      });
      const revertedAt = Date.now();
      await until(
        'the sentinel’s clock true again',
        async () => {
          const o = await sentinelClock();
          return o !== undefined && Math.abs(o) < 500 ? true : undefined;
        },
        5000,
      );
      const untilt = await until('-tilt', () => events.find((e) => e.channel === '-tilt'), 45_000);
      figures.untiltAfterRevertMs = untilt.t - revertedAt;
      expect((await sentinelView()).sentinel?.tilt).toBe(false);
      expect(untilt.t - revertedAt).toBeGreaterThan(25_000);
      expect(events.filter((e) => e.channel === '+tilt').length).toBeGreaterThanOrEqual(2);
      expect(await fault.revert()).toMatchObject({ ok: true });
    } finally {
      sub.close();
    }
  });

  it('drifts: the offset grows at the rate asked for', async () => {
    const redis2 = connTo('redis-2', 6379);
    const clock = async () =>
      (await readRedisReplication('redis-2', redis2, 2000, (ip) => ip)).clockOffsetMs ?? NaN;
    const fault = await injectClockSkew(
      lab.ctx,
      spec({ id: 'drift', node: 'redis-2', offset: '-2s', drift: 100_000 }),
    );
    expect(fault.detail).toBe("clock-skew drift: redis-2's clock jumped -2s, drifting +100000 ppm");
    try {
      const first = await until(
        'redis-2 behind',
        async () => {
          const o = await clock();
          return o < -1000 ? { o, t: Date.now() } : undefined;
        },
        5000,
      );
      await until('2 s later', async () => Date.now() - first.t > 2000 || undefined, 5000);
      const second = { o: await clock(), t: Date.now() };
      // 100000 ppm: 100 ms gained per second.
      const rate = (second.o - first.o) / ((second.t - first.t) / 1000);
      figures.driftMsPerS = Math.round(rate);
      expect(rate).toBeGreaterThan(60);
      expect(rate).toBeLessThan(140);
    } finally {
      await fault.revert();
    }
  });

  it('flaps: the clock takes turns between the skew and the true time', async () => {
    const redis2 = connTo('redis-2', 6379);
    const fault = await injectClockSkew(
      lab.ctx,
      spec({ id: 'fight', node: 'redis-2', offset: '+3s', flapEvery: '1s' }),
    );
    try {
      const seen = new Set<string>();
      await until(
        'both the skew and the true time',
        async () => {
          const o = (await readRedisReplication('redis-2', redis2, 2000, (ip) => ip)).clockOffsetMs;
          if (o !== undefined && Math.abs(o - 3000) < 400) seen.add('skewed');
          if (o !== undefined && Math.abs(o) < 400) seen.add('true');
          return seen.size === 2 || undefined;
        },
        8000,
      );
      // The sync-clock move ends it: true time from then on, read after read.
      const fixed = await syncClock(lab.ctx, lab.members.get('redis-2')!);
      expect(fixed).toEqual({
        ok: true,
        detail: "redis-2's clock stepped to the true time; nothing moves it any more",
      });
      await until('a reading after the fix', async () => {
        const o = (await readRedisReplication('redis-2', redis2, 2000, (ip) => ip)).clockOffsetMs;
        return o !== undefined && Math.abs(o) < 400 ? true : undefined;
      });
      const after: number[] = [];
      const from = Date.now();
      // Sampled every 100 ms for 2.5 s: the flapping (1 s turns) would show in that time.
      while (Date.now() - from < 2500) {
        after.push(
          (await readRedisReplication('redis-2', redis2, 2000, (ip) => ip)).clockOffsetMs ?? NaN,
        );
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(after.filter((o) => !(Math.abs(o) < 400))).toEqual([]);
    } finally {
      await fault.revert();
    }
  });
});

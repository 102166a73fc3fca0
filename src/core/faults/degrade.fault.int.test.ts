import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeFences } from '../actions/node-actions';
import { createMiniLab, type MiniLab } from '../testing/mini-lab.fixture';
import { RAMP_STEP_MS, injectDegrade, type DegradeFaultSpec } from './degrade.fault';
import { runIptables } from './iptables';
import { memberByName } from './fault-types';

/**
 * The grey-failure fault on the real engine: a Redis node that keeps
 * answering, slowly. Measured the way a client sees it: the time of a burst
 * of PINGs from another container, before, during and after.
 */
let lab: MiniLab;
const figures: Record<string, number> = {};
const redis = ['redis-server', '--protected-mode', 'no', '--save', ''];
const spec = (over: Partial<DegradeFaultSpec>): DegradeFaultSpec => ({
  id: 'slow',
  kind: 'degrade',
  node: 'redis-1',
  at: { after: '0s' },
  ...over,
});

/** ms for 10 PINGs from `app` to redis-1, each on its own connection (as a health check does). */
async function burstMs(): Promise<number> {
  const ip = lab.members.get('redis-1')?.ipv4 ?? '?';
  const r = await lab.sh(
    'app',
    `s=$(date +%s%N); for i in $(seq 1 10); do timeout 10 redis-cli -h ${ip} PING >/dev/null; done; echo $(( ($(date +%s%N) - s) / 1000000 ))`,
    120_000,
  );
  return Number(r.out.trim());
}

/** The DOJO-DEGRADE rules in redis-1's namespace. */
async function degradeRules(): Promise<string[]> {
  const o = await runIptables(lab.ctx, memberByName(lab.ctx, 'redis-1'), [
    'iptables -w -S DOJO-DEGRADE 2>/dev/null || true',
  ]);
  return (o.output ?? '').split('\n').filter((l) => l.startsWith('-A'));
}

/** The drop probability of each DOJO-DEGRADE rule, to 3 places (iptables prints it as a float). */
async function lossLevels(): Promise<number[]> {
  return (await degradeRules()).map((r) =>
    Number(Number(/--probability (\S+)/.exec(r)?.[1] ?? 'NaN').toFixed(3)),
  );
}

/**
 * The CPU quota redis-1's processes see per 100 ms period, µs (cgroup v2
 * cpu.max or v1 cpu.cfs_quota_us); -1 without a limit.
 */
async function cpuQuota(): Promise<number> {
  const out = (
    await lab.sh(
      'redis-1',
      'cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us',
    )
  ).out.trim();
  const first = out.split(/\s+/)[0] ?? '';
  return first === 'max' ? -1 : Number(first);
}

beforeAll(async () => {
  lab = await createMiniLab('degrade-int');
  await Promise.all([
    lab.add({ name: 'redis-1', kind: 'redis', host: 11, cmd: redis }),
    lab.add({ name: 'app', kind: 'client', host: 31 }),
  ]);
});

afterAll(async () => {
  await lab?.dispose();
  console.log(`[degrade-int] figures: ${JSON.stringify(figures)}`);
});

describe('degrade', () => {
  it('makes a node answer slowly, not fail: packet loss and a CPU limit, both lifted by the revert', async () => {
    figures.baselineMs = await burstMs();
    const fault = await injectDegrade(lab.ctx, spec({ loss: 0.4, cpus: 0.05 }));
    try {
      expect(fault.detail).toMatch(/40 % of arriving packets dropped, CPU limited to 0.05/);
      expect(await degradeRules()).toEqual([
        expect.stringMatching(/! -i lo .*--probability .*dojo-fault:slow.* -j DROP/),
      ]);
      expect(await lossLevels()).toEqual([0.4]);
      expect(await cpuQuota()).toBe(5000);
      // A slow node is a fault in place, never mistaken for a fence the trainee left behind.
      expect(await activeFences(lab.ctx)).toEqual([]);
      figures.degradedMs = await burstMs();
      // Every PING still answered (the burst finished), but it took far longer.
      expect(figures.degradedMs).toBeGreaterThan(Math.max(1000, 3 * figures.baselineMs));
    } finally {
      expect((await fault.revert()).ok).toBe(true);
    }
    expect(await degradeRules()).toEqual([]);
    expect(await cpuQuota()).toBe(-1);
    figures.afterMs = await burstMs();
    expect(figures.afterMs).toBeLessThan(Math.max(1000, 3 * figures.baselineMs));
    expect((await fault.revert()).detail).toMatch(/already lifted/);
  });

  it('ramps up to full strength in steps while the run goes on', async () => {
    const fault = await injectDegrade(lab.ctx, spec({ loss: 0.3, ramp: '6s' }));
    try {
      expect(fault.detail).toMatch(
        /slowing down, 10 % of arriving packets dropped now, 30 % .* in 6s/,
      );
      expect(await lossLevels()).toEqual([0.1]);
      const started = Date.now();
      await expect.poll(lossLevels, { timeout: 4 * RAMP_STEP_MS, interval: 250 }).toEqual([0.3]);
      figures.rampMs = Date.now() - started;
      expect(figures.rampMs).toBeGreaterThan(RAMP_STEP_MS);
    } finally {
      expect((await fault.revert()).ok).toBe(true);
    }
    expect(await degradeRules()).toEqual([]);
  });

  it('refuses a node the run does not have', async () => {
    await expect(injectDegrade(lab.ctx, spec({ node: 'redis-9', loss: 0.2 }))).rejects.toThrow(
      /unknown member "redis-9"/,
    );
  });
});

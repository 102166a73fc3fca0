import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../../../shared/scenario-schema';
import type { WriteRecord } from '../../../../shared/scenario-types';
import { createMiniLab, until, type MiniLab } from '../../../../core/testing/mini-lab.fixture';
import { ensureImage } from '../../../../core/runtime/images/image-pipeline';
import { runLabels } from '../../../../core/runtime/labels';
import { startClientContainer } from '../../../../core/workload/client-container';
import { classifyUpdates, stampSkewMs } from '../../../../core/workload/update-ledger';
import { bundleWorkload } from '../../../../core/workload/workload-bundle';
import { followWrites } from '../../../../core/workload/write-stream';
import { readKeyValues } from '../actions/redis-export';
import { CLOCK_FILE, clockFileLine } from '../faults/clock-skew.fault';
import { addMiniSentinel } from '../testing/mini-sentinel.fixture';
import { planWorkloadClients } from './redis-workload-clients';

/**
 * The shared-key workload against a real mini Sentinel (redis-1 master, redis-2 replica,
 * sentinel-1): the client's Lua script stamps each update with the node's clock, which the
 * clock-skew fault's file moves, and last-write-wins keeps the fastest stamp. Everything
 * carries the mini lab's run label and goes with dispose().
 */
let lab: MiniLab;
let clientImage = '';
let bundle = '';
const figures: Record<string, number> = {};
const redis1 = (): string => lab.members.get('redis-1')?.containerId ?? '';

beforeAll(async () => {
  lab = await createMiniLab('shared-keys-int');
  [clientImage, bundle] = await Promise.all([
    ensureImage(lab.runtime, {
      name: 'client',
      labImagesDir: path.resolve(__dirname, '../../../../../lab-images'),
    }),
    bundleWorkload(),
    addMiniSentinel(lab),
  ]).then(([image, b]) => [image, b] as const);
});

afterAll(async () => {
  await lab?.dispose();
  console.log(`[shared-keys-int] figures: ${JSON.stringify(figures)}`);
});

/** Starts one sentinel-mode client updating `sharedKeys` shared keys, and follows its writes. */
async function startClient(name: string, sharedKeys: number) {
  const nodes: Record<string, string> = {};
  for (const m of lab.members.values()) if (m.kind === 'redis') nodes[m.ipv4] = m.name;
  const [plan] = planWorkloadClients({
    spec: workloadSchema.parse({
      rate: 20,
      timeout: '1s',
      sharedKeys,
      clients: [{ name, mode: 'sentinel' }],
    }),
    network: { hostIp: (n) => `${lab.network.subnet.split('.').slice(0, 3).join('.')}.${n}` },
    sentinels: [{ name: 'sentinel-1', ip: lab.members.get('sentinel-1')?.ipv4 ?? '' }],
    nodes,
    masterName: 'mymaster',
    bundle,
  });
  if (!plan) throw new Error('no plan');
  const id = await startClientContainer(lab.runtime, {
    plan,
    containerName: `${lab.runId}-${name}`,
    image: clientImage,
    labels: runLabels(lab.runId, 'shared-keys-int', name),
    network: lab.network.name,
  });
  const records: WriteRecord[] = [];
  const follower = await followWrites(lab.runtime, id, (batch) => records.push(...batch));
  return {
    records,
    /** Stops the container (the client drains its writes in flight) and returns every record. */
    async stop(): Promise<WriteRecord[]> {
      await lab.runtime.stopContainer(id, plan.stopGraceSeconds);
      await Promise.race([follower.ended, new Promise((r) => setTimeout(r, 5000))]);
      await follower.stop();
      return records;
    },
  };
}

describe('shared keys (workload.sharedKeys): last-write-wins by the node’s own clock', () => {
  it('the node stamps each update with its own clock, and a node running fast wins last-write-wins over later updates it still answers OK', async () => {
    const c = await startClient('lww', 4);
    const skewOf = (r: WriteRecord): number => stampSkewMs(r) ?? NaN;
    const stamped = () => c.records.filter((r) => r.outcome === 'ack' && r.stamp !== undefined);
    await until('20 stamped updates', () => stamped().length >= 20, 10_000);
    // the node's true clock: stamps within half a second of the host's
    expect(
      stamped().every((r) => r.shared?.startsWith('dojo:s:00') && Math.abs(skewOf(r)) < 500),
    ).toBe(true);
    expect(new Set(stamped().map((r) => r.shared)).size).toBe(4);

    // redis-1's clock runs a minute fast: its stamps follow within the clock library's 100 ms
    await lab.runtime.putFiles(redis1(), [
      { path: CLOCK_FILE, content: clockFileLine({ offsetMs: 60_000 }), mode: 0o644 },
    ]);
    const fast = await until('stamps a minute fast', () => {
      const f = stamped().filter((r) => Math.abs(skewOf(r) - 60_000) < 500);
      return f.length >= 12 ? f : undefined;
    });
    expect(fast.every((r) => !r.superseded)).toBe(true);
    // ...then true again: every later update loses to a fast stamp, and is told OK all the same
    await lab.runtime.putFiles(redis1(), [
      { path: CLOCK_FILE, content: clockFileLine({ offsetMs: 0 }), mode: 0o644 },
    ]);
    await until(
      '12 superseded updates',
      () => c.records.filter((r) => r.superseded).length >= 12 || undefined,
    );
    const records = await c.stop();
    const dropped = records.filter((r) => r.superseded);
    expect(dropped.every((r) => r.outcome === 'ack' && Math.abs(skewOf(r)) < 500)).toBe(true);

    // read back: each key holds a fast-stamped value, older in truth than the updates after it
    const values = Object.fromEntries(await readKeyValues(lab.runtime, redis1(), 'dojo:s:*'));
    expect(Object.keys(values).sort()).toEqual([
      'dojo:s:000',
      'dojo:s:001',
      'dojo:s:002',
      'dojo:s:003',
    ]);
    const fates = classifyUpdates(records, values);
    expect(fates.regressed.map((r) => r.key).sort()).toEqual(Object.keys(values).sort());
    for (const r of fates.regressed) expect(Math.abs(skewOf(r.kept!) - 60_000)).toBeLessThan(500);
    expect(fates.lost).toBeGreaterThan(0);
    expect(fates.lost).toBeLessThanOrEqual(dropped.length);
    figures.lwwSuperseded = dropped.length;
    figures.lwwLost = fates.lost;
  });
});

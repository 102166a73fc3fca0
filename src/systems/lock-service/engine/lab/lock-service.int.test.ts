import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../../../shared/lab-types';
import type { ScenarioEventBody, WriteRecord } from '../../../../shared/scenario-types';
import type { FaultContext } from '../../../../core/faults/fault-types';
import { injectPause, type PauseFaultSpec } from '../../../../core/faults/pause.fault';
import { findLabImagesDir } from '../../../../core/paths';
import { createDockerRuntime } from '../../../../core/runtime/docker-runtime';
import { parseScenarioText } from '../../../../core/scenarios/scenario-loader';
import { labContext } from '../../../../core/session/lab-hands';
import { RunController } from '../../../../core/session/run-controller';
import { RunHistory } from '../../../../core/session/run-history';
import { startWorkload } from '../../../../core/session/scenario-workload';
import type { LockEventBody } from '../../shared/lock-service.types';
import { readLockWriteKeys, setFencingCheck } from '../actions/storage-actions';
import { lockServiceSystem } from '../lock-service.system';

/**
 * The lock-service lab on the real Docker engine with its real workers (the
 * scenario's workload): worker-1 takes the lock and writes with its token;
 * the fencing-check move turns storage's check on in place; worker-1 frozen
 * (docker pause) past its 5 s lease loses the lock to worker-2 under a
 * higher token, the probe names worker-1 as the previous holder; on waking
 * worker-1 writes once with its old token and storage refuses it; worker-1
 * says it lost the lock; the read-back holds every accepted write. Times are
 * printed.
 */
const file = 'lock-service/zombie-lock-holder.yaml';
const parsed = parseScenarioText(
  fs.readFileSync(new URL(`../../../../../scenarios/${file}`, import.meta.url), 'utf8'),
  file,
);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const scenario = parsed.scenario;
const adapter = lockServiceSystem(scenario);
const runtime = createDockerRuntime();
const samples: ProbeSample[] = [];
const writes: WriteRecord[] = [];
const lockEvents: LockEventBody[] = [];
const closers: (() => Promise<void>)[] = [];
const timings: Record<string, number> = {};
let controller: RunController;
let ctx: FaultContext;
let readySample: ProbeSample | undefined;

async function until<T>(what: string, get: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last sample: ${JSON.stringify(samples.at(-1))}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}
const lockOf = (s: ProbeSample | undefined) => s?.nodes.find((n) => n.kind === 'lock')?.lock;
const fenceOf = (s: ProbeSample | undefined) => s?.nodes.find((n) => n.kind === 'storage')?.fence;
const sampleAfter = (t: number, pred: (s: ProbeSample) => boolean) => () =>
  samples.find((s) => s.t > t && pred(s));

beforeAll(async () => {
  const runId = `lockint${Date.now().toString(36)}`;
  const errors: string[] = [];
  const history = new RunHistory(runId, (e) => {
    if (e.kind === 'sample') samples.push(e.sample);
    if (e.kind === 'error') errors.push(e.message);
  });
  controller = new RunController(runtime, adapter.lab, history, findLabImagesDir(), undefined, [
    'client',
  ]);
  const started = Date.now();
  await controller.start();
  if (controller.currentPhase !== 'running') {
    await controller.stop();
    throw new Error(`lock-service lab did not start: ${errors.join('; ')}`);
  }
  timings.readyMs = Date.now() - started;
  // The lab as it was when ready, before the workers start.
  readySample = samples.at(-1);
  const { clients } = await startWorkload({
    runtime,
    controller,
    system: adapter,
    scenario,
    onWrites: (records) => writes.push(...records),
    onClientEvent: (event: ScenarioEventBody) => {
      if (event.kind === 'lock-event') lockEvents.push(event);
    },
    addCloser: (close) => closers.push(async () => close()),
  });
  ctx = labContext(runtime, controller.runningNodes(), clients, controller.networkInfo?.gateway);
}, 240_000);

afterAll(async () => {
  await controller?.stop();
  await Promise.all(closers.map((c) => c()));
  console.log(`[lock-service-int] timings ms: ${JSON.stringify(timings)}`);
});

describe('lock-service lab on the real engine', () => {
  it('comes up with storage checking nothing, then worker-1 takes the lock and writes with its token', async () => {
    expect(fenceOf(readySample)).toMatchObject({ checkOn: false, highest: 0, staleAccepted: 0 });
    expect(readySample?.mastersClaimed).toBe(0);
    const held = await until(
      'worker-1 holding the lock with a token, its writes accepted',
      () => {
        const s = samples.at(-1);
        const lock = lockOf(s);
        return lock?.holder === 'worker-1' && (fenceOf(s)?.accepted['worker-1'] ?? 0) > 0
          ? lock
          : undefined;
      },
      20_000,
    );
    expect(held.token).toBeGreaterThan(0);
    expect(held.leaseTtlSeconds).toBeLessThanOrEqual(5);
    expect(held.beliefs?.['worker-1']).toEqual({ holding: true, token: held.token });
    expect(lockEvents.find((e) => e.node === 'worker-1' && e.holding)?.token).toBe(held.token);
    // Records come in batches every 250 ms: wait for the first acknowledged one.
    const w = await until(
      "worker-1's first accepted write record",
      () => writes.find((r) => r.client === 'worker-1' && r.outcome === 'ack'),
      5000,
    );
    expect(w).toMatchObject({ node: 'storage', token: held.token });
    // worker-2 waits: it never holds the lock while worker-1 renews.
    expect(lockEvents.some((e) => e.node === 'worker-2' && e.holding)).toBe(false);
  });

  it('the fencing-check move turns storage’s check on in place', async () => {
    const at = Date.now();
    const r = await setFencingCheck(ctx, ctx.members.get('storage')!, true);
    expect(r.ok, r.detail).toBe(true);
    await until(
      'storage reading check on',
      sampleAfter(at, (s) => fenceOf(s)?.checkOn === true),
      5000,
    );
    const refused = await setFencingCheck(ctx, ctx.members.get('etcd-1')!, true);
    expect(refused).toMatchObject({ ok: false });
  });

  it('worker-1 frozen past its lease: worker-2 takes the lock with a higher token; woken, worker-1’s stale write is refused', async () => {
    const before = lockOf(samples.at(-1))!;
    const spec: PauseFaultSpec = {
      id: 'long-pause',
      kind: 'pause',
      node: 'worker-1',
    } as PauseFaultSpec;
    const frozenAt = Date.now();
    const fault = await injectPause(ctx, spec);
    const moved = await until(
      'the lock moved to worker-2',
      sampleAfter(frozenAt, (s) => lockOf(s)?.holder === 'worker-2'),
      15_000,
    );
    timings.lockMovedMs = moved.t - frozenAt;
    const lock = lockOf(moved)!;
    expect(lock.token).toBeGreaterThan(before.token!);
    expect(lock).toMatchObject({ previousHolder: 'worker-1', previousToken: before.token });
    expect(timings.lockMovedMs).toBeGreaterThanOrEqual(4000);
    // The status board keeps worker-1's last word: two workers say they hold the lock.
    const two = await until(
      'two workers saying they hold the lock',
      sampleAfter(frozenAt, (x) => x.mastersClaimed === 2),
      5000,
    );
    expect(lockOf(two)?.beliefs).toEqual({
      'worker-1': { holding: true, token: before.token },
      'worker-2': { holding: true, token: lockOf(two)?.token },
    });
    // worker-2's writes carry its token and are accepted.
    await until(
      'worker-2 writes accepted',
      () => writes.find((w) => w.client === 'worker-2' && w.outcome === 'ack'),
      5000,
    );
    const wokeAt = Date.now();
    expect((await fault.revert()).ok).toBe(true);
    const stale = await until(
      "worker-1's first write after waking",
      () =>
        writes.find(
          (w) => w.client === 'worker-1' && w.sentAt >= wokeAt - 1000 && w.token === before.token,
        ),
      10_000,
    );
    expect(stale.outcome).toBe('fail');
    expect(stale.error).toMatch(/stale fencing token/);
    await until(
      'worker-1 saying it lost the lock',
      () => lockEvents.find((e) => e.node === 'worker-1' && !e.holding),
      10_000,
    );
    const s = await until(
      'worker-1 saying on the board that it lost the lock',
      sampleAfter(wokeAt, (x) => x.mastersClaimed === 1),
      5000,
    );
    expect(lockOf(s)?.beliefs?.['worker-1']).toEqual({ holding: false });
    expect(fenceOf(s)?.staleAccepted).toBe(0);
    expect(lockOf(s)?.holder).toBe('worker-2');
  });

  it('reads back every write storage accepted', async () => {
    // The workers keep writing: every acceptance reported before the read must be in it.
    const acked = writes.filter((w) => w.outcome === 'ack').map((w) => w.key);
    const refused = writes.filter((w) => w.outcome === 'fail').map((w) => w.key);
    const keys = await readLockWriteKeys(runtime, ctx.members.get('storage')!.containerId);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.filter((k) => !keys.has(k))).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.filter((k) => keys.has(k))).toEqual([]);
  });

  it('etcd-1 paused: the headline is unknown, not a count of holders', async () => {
    const spec = { id: 'freeze-etcd', kind: 'pause', node: 'etcd-1' } as PauseFaultSpec;
    const at = Date.now();
    const fault = await injectPause(ctx, spec);
    const frozen = await until(
      'a sample with etcd-1 paused',
      sampleAfter(at, (x) => x.nodes.some((n) => n.kind === 'lock' && n.state === 'paused')),
      5000,
    );
    expect(frozen).toMatchObject({ mastersClaimed: 0, unknownNodes: 1 });
    const back = Date.now();
    expect((await fault.revert()).ok).toBe(true);
    await until(
      'etcd-1 read again',
      sampleAfter(back, (x) => x.unknownNodes === 0 && x.mastersClaimed >= 1),
      10_000,
    );
  });
});

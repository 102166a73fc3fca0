import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-contract';
import type { ProbeSample, RunPhase } from '../../../../shared/lab-types';
import { createEngine, type Engine } from '../../../../core/index';

/**
 * The Redis Sentinel lab on the real Docker engine: it comes up healthy, the
 * probes tell the truth (cross-checked with redis-cli inside the containers),
 * a paused node reads unknown, and stop / the reaper remove exactly what the
 * app made.
 */
const docker = new Docker();
const DECOY = `dojo-int-decoy-${process.pid}`;

async function exec(containerId: string, cmd: string[]): Promise<string> {
  const ex = await docker
    .getContainer(containerId)
    .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await ex.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Strip docker's 8-byte multiplexing headers.
  const buf = Buffer.concat(chunks);
  let out = '';
  for (let i = 0; i + 8 <= buf.length;) {
    const len = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + len).toString();
    i += 8 + len;
  }
  return out;
}

async function containersOfRun(runId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`dojo.run=${runId}`] } });
}

describe('Redis Sentinel lab on the real engine', () => {
  let engine: Engine;
  let runId: string;
  const phases: RunPhase[] = [];
  const samples: ProbeSample[] = [];
  /** When the paused node read as running again (the pause test). */
  let recoveredAt = 0;
  let phaseWaiters: (() => void)[] = [];

  const waitPhase = async (wanted: RunPhase): Promise<void> => {
    while (!phases.includes(wanted)) {
      if (phases.includes('failed'))
        throw new Error(`run failed: ${(await engine.getRun({ runId }))?.error}`);
      await new Promise<void>((r) => phaseWaiters.push(r));
    }
  };
  const waitSample = async (
    pred: (s: ProbeSample) => boolean,
    timeoutMs: number,
  ): Promise<ProbeSample> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const s = samples[samples.length - 1];
      if (s && pred(s)) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `no matching sample within ${timeoutMs} ms; last: ${JSON.stringify(samples.at(-1))}`,
    );
  };

  beforeAll(async () => {
    // A container the app did not make: it must survive everything below.
    const decoy = await docker.createContainer({
      name: DECOY,
      Image: 'failover-dojo/base:bookworm',
      Cmd: ['sleep', 'infinity'],
    });
    await decoy.start();
    engine = await createEngine();
    // The first events of a run arrive before startLab returns its id: keep them all, filter here.
    const early: EngineEvent[] = [];
    engine.onEvent((e: EngineEvent) => {
      if (e.type !== 'run') return;
      if (!runId) {
        early.push(e);
        return;
      }
      if (e.event.runId !== runId) return;
      if (e.event.kind === 'phase') {
        phases.push(e.event.phase);
        const w = phaseWaiters;
        phaseWaiters = [];
        w.forEach((f) => f());
      }
      if (e.event.kind === 'sample') samples.push(e.event.sample);
    });
    ({ runId } = await engine.startLab({ labId: 'redis-sentinel' }));
    for (const e of early)
      if (e.type === 'run' && e.event.runId === runId && e.event.kind === 'phase')
        phases.push(e.event.phase);
    await waitPhase('running');
  });

  afterAll(async () => {
    await engine?.dispose();
    await docker
      .getContainer(DECOY)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('comes up in order and reports exactly one master with two linked replicas', async () => {
    expect(phases).toEqual(['preparing', 'building', 'starting', 'waiting-ready', 'running']);
    const snap = await engine.getRun({ runId });
    expect(snap?.readiness?.ready).toBe(true);
    expect(snap?.readiness?.conditions.map((c) => c.name)).toContain('SENTINEL CKQUORUM OK');
    const s = samples[samples.length - 1];
    expect(s?.mastersClaimed).toBe(1);
    const byName = new Map(s?.nodes.map((n) => [n.node, n]));
    expect(byName.get('redis-1')).toMatchObject({
      role: 'master',
      state: 'running',
      onlineReplicas: 2,
    });
    for (const r of ['redis-2', 'redis-3']) {
      expect(byName.get(r)).toMatchObject({ role: 'replica', following: 'redis-1', linkUp: true });
    }
    for (const n of ['sentinel-1', 'sentinel-2', 'sentinel-3']) {
      expect(byName.get(n)).toMatchObject({ role: 'sentinel', following: 'redis-1' });
    }
  });

  it('tells the same story as redis-cli inside the containers', async () => {
    const containers = await containersOfRun(runId);
    expect(containers).toHaveLength(6);
    const id = (node: string): string => {
      const c = containers.find((x) => x.Labels['dojo.node'] === node);
      if (!c) throw new Error(`no container for ${node}`);
      return c.Id;
    };
    expect(await exec(id('redis-1'), ['redis-cli', 'INFO', 'replication'])).toMatch(
      /role:master[\s\S]*connected_slaves:2/,
    );
    expect(await exec(id('redis-3'), ['redis-cli', 'INFO', 'replication'])).toMatch(
      /role:slave[\s\S]*master_link_status:up/,
    );
    expect(
      await exec(id('sentinel-2'), [
        'redis-cli',
        '-p',
        '26379',
        'SENTINEL',
        'CKQUORUM',
        'mymaster',
      ]),
    ).toMatch(/^OK/);
    // Every container carries the app's labels.
    for (const c of containers) {
      expect(c.Labels).toMatchObject({
        'dojo.app': 'failover-dojo',
        'dojo.run': runId,
        'dojo.lab': 'redis-sentinel',
      });
    }
  });

  it('reads a paused node as unknown and paused, never as replica, and recovers after unpause', async () => {
    const [c] = (await containersOfRun(runId)).filter((x) => x.Labels['dojo.node'] === 'redis-2');
    if (!c) throw new Error('redis-2 missing');
    await docker.getContainer(c.Id).pause();
    try {
      // Only redis-2 unread (another node's read may blip past the timeout on a loaded machine).
      const s = await waitSample(
        (x) =>
          x.nodes.some((n) => n.node === 'redis-2' && n.state === 'paused') && x.unknownNodes === 1,
        5000,
      );
      expect(s.nodes.find((n) => n.node === 'redis-2')).toMatchObject({
        role: 'unknown',
        state: 'paused',
      });
      expect(s.unknownNodes).toBe(1);
    } finally {
      await docker.getContainer(c.Id).unpause();
    }
    recoveredAt = (
      await waitSample(
        (x) =>
          x.nodes.some(
            (n) => n.node === 'redis-2' && n.role === 'replica' && n.state === 'running',
          ),
        8000,
      )
    ).t;
  });

  it('samples at least every 500 ms', async () => {
    // While a node was paused each read waited out the probe timeout: judge the samples since.
    await waitSample(() => samples.filter((s) => s.t > recoveredAt).length >= 12, 10_000);
    const recent = samples.filter((s) => s.t > recoveredAt);
    const gaps = recent.slice(1).map((s, i) => s.t - (recent[i]?.t ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(500);
  });

  it('stop removes every container and network of the run and nothing else', async () => {
    await engine.stopLab({ runId });
    expect(phases.at(-1)).toBe('stopped');
    expect(await containersOfRun(runId)).toEqual([]);
    expect(await docker.listNetworks({ filters: { label: [`dojo.run=${runId}`] } })).toEqual([]);
    const decoy = await docker.getContainer(DECOY).inspect();
    expect(decoy.State.Running).toBe(true);
  });

  it('the reaper of a new engine removes an orphan of a dead engine process, and spares the decoy', async () => {
    const orphan = await docker.createContainer({
      name: `dojo-int-orphan-${process.pid}`,
      Image: 'failover-dojo/base:bookworm',
      Cmd: ['sleep', 'infinity'],
      // The labels a crashed engine (pid 2^22-1 never exists) would have left.
      Labels: {
        'dojo.app': 'failover-dojo',
        'dojo.run': 'rorphan-000000',
        'dojo.owner': `${(await import('node:os')).hostname()}:4194303:1`,
      },
    });
    await orphan.start();
    const second = await createEngine();
    // startLab waits for the reaper; a status call does not, so poll the engine state directly.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await containersOfRun('rorphan-000000')).length > 0) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await second.dispose();
    expect(await containersOfRun('rorphan-000000')).toEqual([]);
    expect((await docker.getContainer(DECOY).inspect()).State.Running).toBe(true);
  });
});

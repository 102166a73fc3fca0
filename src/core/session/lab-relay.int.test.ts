import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../shared/lab-types';
import { createEngine, type Engine } from '../index';
import { resolveDockerConnection } from '../runtime/docker-connection';
import { nextRunEvent } from '../testing/run-events';

/**
 * The `tunnel` data path on the real engine: a Redis Sentinel lab whose nodes publish no
 * port, watched through the lab relay (one exec stream through the Docker API). What an
 * engine on another machine needs: the probes read every node, a fence does not blind them,
 * a dead relay is started again, and the stop leaves nothing.
 */
const docker = new Docker(resolveDockerConnection().modemOptions);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-relay-'));
const samples: ProbeSample[] = [];
const figures: Record<string, number> = {};
let engine: Engine;
let runId = '';

const containers = () =>
  docker.listContainers({ all: true, filters: { label: [`dojo.run=${runId}`] } });
async function sampleWhere(what: string, pred: (s: ProbeSample) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = samples.at(-1);
    if (s && pred(s)) return s;
    if (Date.now() > deadline)
      throw new Error(`no sample where ${what}; last: ${JSON.stringify(samples.at(-1))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const nodeOf = (s: ProbeSample, name: string) => s.nodes.find((n) => n.node === name);

beforeAll(async () => {
  engine = await createEngine({ dataDir, dataPath: 'tunnel' });
  const t0 = Date.now();
  engine.onEvent((e) => {
    if (e.type === 'run' && e.event.runId === runId && e.event.kind === 'sample')
      samples.push(e.event.sample);
  });
  ({ runId } = await engine.startLab({ labId: 'redis-sentinel' }));
  // Rejects, with the reason, when the run fails first.
  await nextRunEvent(engine, runId, (e) => e.kind === 'phase' && e.phase === 'running');
  figures.startToReadyMs = Date.now() - t0;
}, 300_000);

afterAll(async () => {
  await engine?.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`[lab-relay-int] figures: ${JSON.stringify(figures)}`);
});

describe('a lab watched through its relay (DOJO_DATA_PATH=tunnel)', () => {
  it('comes up ready with no port published, every node read through the relay', async () => {
    const list = await containers();
    expect(list).toHaveLength(7);
    for (const c of list) expect(c.Ports.filter((p) => p.PublicPort !== undefined)).toEqual([]);
    const relay = list.filter((c) => c.Labels['dojo.node'] === undefined);
    expect(relay.map((c) => c.Names[0])).toEqual([`/dojo-${runId}-relay`]);
    expect(relay[0]?.Labels).toMatchObject({ 'dojo.app': 'failover-dojo', 'dojo.run': runId });
    const s = await sampleWhere('one master, two replicas, three sentinels', (x) => {
      const replicas = ['redis-2', 'redis-3'].map((n) => nodeOf(x, n));
      return (
        x.mastersClaimed === 1 &&
        nodeOf(x, 'redis-1')?.role === 'master' &&
        replicas.every((r) => r?.role === 'replica' && r.linkUp === true) &&
        ['sentinel-1', 'sentinel-2', 'sentinel-3'].every(
          (n) => nodeOf(x, n)?.following === 'redis-1',
        )
      );
    });
    expect(s.unknownNodes).toBe(0);
  });

  it('keeps reading a node fenced from its clients: the relay is let through like a probe', async () => {
    const fenced = await engine.act({
      runId,
      action: { kind: 'isolate-clients', node: 'redis-1' },
    });
    expect(fenced).toMatchObject({ ok: true });
    const after = Date.now() + 1500;
    const s = await sampleWhere('a read of redis-1 1.5 s into the fence', (x) => x.t > after);
    expect(nodeOf(s, 'redis-1')).toMatchObject({ role: 'master', state: 'running' });
    await engine.act({ runId, action: { kind: 'unisolate-clients', node: 'redis-1' } });
  });

  it('starts the relay again when its process dies, and the reads come back', async () => {
    const relay = (await containers()).find((c) => c.Labels['dojo.node'] === undefined);
    const kill = await docker.getContainer(relay!.Id).exec({
      Cmd: ['pkill', '-f', 'workload.mjs --relay'],
      AttachStdout: true,
    });
    await kill.start({ hijack: true, stdin: false });
    const killedAt = Date.now();
    await sampleWhere('a node read as unreachable', (x) => x.unknownNodes > 0 && x.t > killedAt);
    const back = await sampleWhere(
      'every node read again',
      (x) => x.unknownNodes === 0 && x.mastersClaimed === 1 && x.t > killedAt,
    );
    figures.relayRestartToReadMs = back.t - killedAt;
  });

  it('leaves nothing behind when the lab stops', async () => {
    await engine.stopLab({ runId });
    expect(await containers()).toEqual([]);
  });
});

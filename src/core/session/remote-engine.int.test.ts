import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../index';
import { resolveDockerConnection } from '../runtime/docker-connection';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { ensureImage } from '../runtime/images/image-pipeline';
import { nextRunEvent } from '../testing/run-events';
import { startSecondEngine, type SecondEngine } from '../runtime/second-engine.fixture';

/**
 * A stale-leader scenario on an engine "on another machine": a second dockerd in a network
 * namespace of its own (core/runtime/second-engine.fixture.ts), reachable from the test only through its
 * API address; the ports its containers publish are not. The app finds it through
 * DOCKER_HOST as it would a remote one, so its data path is the lab relay (`tunnel`): live
 * tells, a console, a fence and a debrief, and nothing left on either engine.
 */
const labImagesDir = path.resolve(__dirname, '../../../lab-images');
const local = new Docker(resolveDockerConnection().modemOptions);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-remote-'));
const figures: Record<string, number> = {};
let second: SecondEngine;
let engine: Engine;

const ofRun = (docker: Docker, runId: string) =>
  docker.listContainers({ all: true, filters: { label: [`dojo.run=${runId}`] } });

beforeAll(async () => {
  const t0 = Date.now();
  const rt = createDockerRuntime();
  const refs = await Promise.all(
    ['redis', 'client'].map((name) => ensureImage(rt, { name, labImagesDir })),
  );
  // The images are built here and copied (with the base they were built on: the second
  // engine computes the same tags from it and builds nothing).
  const bases = ['failover-dojo/base:bookworm', 'debian:bookworm-slim'];
  const present = await Promise.all(bases.map((b) => rt.imageExists(b)));
  second = await startSecondEngine('e2');
  figures.engineUpMs = Date.now() - t0;
  await second.copyImages(local, [...bases.filter((_, i) => present[i]), ...refs]);
  figures.imagesCopiedMs = Date.now() - t0;
  const runtime = createDockerRuntime({
    connection: resolveDockerConnection({ env: { DOCKER_HOST: second.host } }),
  });
  engine = await createEngine({ dataDir }, runtime);
}, 300_000);

afterAll(async () => {
  await engine?.dispose();
  await second?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`[remote-engine-int] figures: ${JSON.stringify(figures)}`);
});

describe('a scenario on a second engine reachable only through its API', () => {
  it('plays stale-leader end to end through the lab relay: tells, a console, a fence, a debrief', async () => {
    const started = Date.now();
    const { runId } = await engine.startScenario({
      scenarioId: 'stale-leader',
      pace: 'fast',
      seed: 7,
    });
    const tell = await nextRunEvent(engine, runId, (e) => e.kind === 'tell-shown');
    figures.startToTellMs = Date.now() - started;

    // Every container is on the second engine, and publishes nothing.
    const remote = await ofRun(second.docker, runId);
    expect(remote.length).toBe(9); // 6 nodes, 2 workload clients, the relay
    for (const c of remote) expect(c.Ports.filter((p) => p.PublicPort !== undefined)).toEqual([]);
    expect(await ofRun(local, runId)).toEqual([]);

    // A console into the stale master, through the API.
    const { consoleId } = await engine.openConsole({ runId, node: 'redis-1', cols: 100, rows: 30 });
    let out = '';
    const role = new Promise<void>((resolve) => {
      const off = engine.onEvent((e) => {
        if (e.type !== 'console' || e.consoleId !== consoleId) return;
        out += e.data;
        if (/master/.test(out)) {
          off();
          resolve();
        }
      });
    });
    await engine.consoleInput({ consoleId, data: 'redis-cli ROLE\r' });
    await role;
    await engine.closeConsole({ consoleId });

    const act = async (action: Parameters<Engine['act']>[0]['action']) =>
      expect(await engine.act({ runId, action }), action.kind).toMatchObject({ ok: true });
    await act({ kind: 'isolate-clients', node: 'redis-1' });
    await act({ kind: 'heal', fault: 'cut-master' });
    // Right after the heal the sentinels may not agree yet (demote is refused then, saying so).
    const deadline = Date.now() + 15_000;
    let demoted = await engine.act({ runId, action: { kind: 'demote', node: 'redis-1' } });
    while (!demoted.ok && Date.now() < deadline) {
      await nextRunEvent(engine, runId, (e) => e.kind === 'sample');
      demoted = await engine.act({ runId, action: { kind: 'demote', node: 'redis-1' } });
    }
    expect(demoted, demoted.detail).toMatchObject({ ok: true });
    await act({ kind: 'unisolate-clients', node: 'redis-1' });
    // End once the tells show it healed: one master, redis-1 following it with its link up,
    // and every sentinel naming that master.
    await nextRunEvent(engine, runId, (e) => {
      if (e.kind !== 'sample') return false;
      const { nodes } = e.sample;
      const master = nodes.find((n) => n.role === 'master')?.node;
      const r1 = nodes.find((n) => n.node === 'redis-1');
      const sentinels = nodes.filter((n) => n.role === 'sentinel');
      return (
        e.sample.mastersClaimed === 1 &&
        r1?.role === 'replica' &&
        r1.linkUp === true &&
        sentinels.length === 3 &&
        sentinels.every((n) => n.following === master)
      );
    });
    await act({ kind: 'end' });
    await engine.whenRunEnded(runId);
    figures.runMs = Date.now() - started;

    const debrief = (await engine.getDebrief({ runId }))!;
    expect(tell.kind).toBe('tell-shown');
    const verdicts = Object.fromEntries(debrief.grade.checks.map((c) => [c.check, c.verdict]));
    const whys = debrief.grade.checks.map((c) => `${c.check}: ${c.verdict}: ${c.why}`).join('\n');
    expect(verdicts, whys).toMatchObject({
      'fenced-before-rejoin': 'pass',
      'did-not-fence-new-master': 'pass',
      'final-health': 'pass',
    });
    expect(debrief.ledger.acked).toBeGreaterThan(0);
    expect(await ofRun(second.docker, runId)).toEqual([]);
    expect(await ofRun(local, runId)).toEqual([]);
  });
});

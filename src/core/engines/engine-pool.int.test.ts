import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-contract';
import type { PoolEngine } from '../../shared/engine-pool-types';
import { createEngine, type Engine } from '../index';
import { resolveDockerConnection } from '../runtime/docker-connection';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { ensureImage } from '../runtime/images/image-pipeline';
import { startSecondEngine, type SecondEngine } from '../runtime/second-engine.fixture';
import { untilAnswer } from '../testing/run-events';

/**
 * The engine pool with a second engine "on another machine" (a dockerd in a network namespace
 * of its own, reached only through its API): added by its address, its images copied there
 * from this machine with progress, a game day's labs placed over both engines, the engine
 * going away mid-drill (its run ends with the reason, the other goes on), and coming back
 * (what was left there is reaped).
 */
const labImagesDir = path.resolve(__dirname, '../../../lab-images');
const local = new Docker(resolveDockerConnection().modemOptions);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-pool-'));
const figures: Record<string, number> = {};
const events: EngineEvent[] = [];
let second: SecondEngine;
let engine: Engine;

const ofRun = (docker: Docker, runId: string) =>
  docker.listContainers({ all: true, filters: { label: [`dojo.run=${runId}`] } });
const ours = async (docker: Docker) => [
  ...(await docker.listContainers({ all: true, filters: { label: ['dojo.app'] } })),
  ...(await docker.listNetworks({ filters: { label: ['dojo.app'] } })),
];

beforeAll(async () => {
  const rt = createDockerRuntime();
  await Promise.all(['redis', 'client'].map((name) => ensureImage(rt, { name, labImagesDir })));
  const t0 = Date.now();
  second = await startSecondEngine('pool');
  figures.engineUpMs = Date.now() - t0;
  engine = await createEngine({ dataDir });
  engine.onEvent((e) => {
    if (e.type === 'engines') events.push(e);
  });
}, 300_000);

afterAll(async () => {
  await engine?.dispose();
  await second?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`[engine-pool-int] figures: ${JSON.stringify(figures)}`);
});

describe('an engine pool of this machine and a second engine', () => {
  let added: PoolEngine;

  it('adds the engine by its address, refuses one that does not answer and a duplicate', async () => {
    added = await engine.addEngine({ address: second.host, name: 'lab-2' });
    expect(added).toMatchObject({
      id: 'e1',
      name: 'lab-2',
      state: 'reachable',
      dataPath: 'tunnel',
    });
    expect(added.cpus).toBeGreaterThan(0);
    expect(added.memoryBytes).toBeGreaterThan(0);
    expect(added.labsFit).toBeGreaterThan(0);
    expect(added.pingMs).toBeGreaterThanOrEqual(0);
    expect(added.images.present).toBe(0); // a fresh engine holds no lab image
    await expect(engine.addEngine({ address: second.host })).rejects.toThrow(/already in the pool/);
    await expect(engine.addEngine({ address: 'tcp://10.254.254.254:2375' })).rejects.toThrow(
      /does not answer/,
    );
    await expect(engine.addEngine({ address: 'no-such-context' })).rejects.toThrow(
      /no-such-context/,
    );
    const list = await engine.listEngines();
    expect(list.map((e) => e.id)).toEqual(['local', 'e1']);
  }, 60_000);

  it('copies the images a lab needs from this machine, with progress', async () => {
    const t0 = Date.now();
    const { images } = await engine.prepareEngine({
      engineId: 'e1',
      labIds: ['redis-sentinel'],
    });
    figures.prepareMs = Date.now() - t0;
    expect(images).toBe(2); // redis, client (and the base they are built on)
    const progress = events
      .flatMap((e) => (e.type === 'engines' ? e.engines : []))
      .filter((e) => e.id === 'e1' && e.preparing)
      .map((e) => e.preparing!);
    expect(progress.some((p) => /copying failover-dojo\/redis:\w+ from/.test(p.message))).toBe(
      true,
    );
    expect(progress.some((p) => p.fraction > 0 && p.fraction < 1)).toBe(true);
    const after = (await engine.listEngines()).find((e) => e.id === 'e1')!;
    expect(after.images.present).toBe(2);
    expect(after.preparing).toBeUndefined();
  }, 300_000);

  it('places a game day over both engines; the one that goes away ends its run with the reason, and is cleaned once back', async () => {
    const { gameDay } = await engine.createGameDay({
      name: 'pool',
      mode: 'open',
      timing: 'trigger',
      scenarioIds: ['stale-leader'],
      trainees: ['Ana', 'Bo'],
      seed: 3,
    });
    await engine.startGameDay({ gameDayId: gameDay.id });
    const board = () => engine.getGameDayBoard({ gameDayId: gameDay.id });
    // Each drill under way: its lab running and its workload's writes acknowledged (CI once
    // stopped the engine while a workload was still starting, and the run ended on that).
    const writing = async (runId: string | undefined): Promise<boolean> =>
      runId !== undefined &&
      ((await engine.getRun({ runId }))?.scenarioEvents ?? []).some(
        (e) => e.kind === 'writes' && e.records.some((r) => r.outcome === 'ack'),
      );
    const rows = await untilAnswer(
      'both drills under way',
      async () => {
        const b = await board();
        if (!b.every((r) => r.phase === 'running')) return undefined;
        return (await Promise.all(b.map((r) => writing(r.runId)))).every(Boolean) ? b : undefined;
      },
      240_000,
    );
    // Each row names its engine; the second engine holds at least one lab (its room is the
    // largest or tied with this machine's, which other tests may be using).
    expect(rows.every((r) => r.engine && ['local', 'e1'].includes(r.engine.id))).toBe(true);
    const remoteRow = rows.find((r) => r.engine?.id === 'e1')!;
    expect(remoteRow.engine?.name).toBe('lab-2');
    const remoteRun = remoteRow.runId!;
    expect((await ofRun(second.docker, remoteRun)).length).toBeGreaterThanOrEqual(7);
    expect(await ofRun(local, remoteRun)).toEqual([]);
    const e1 = (await engine.listEngines()).find((e) => e.id === 'e1')!;
    expect(e1.labsRunning).toBeGreaterThanOrEqual(1);

    // The engine goes away mid-drill.
    const gone = Date.now();
    await second.goAway();
    const ended = await untilAnswer(
      'the remote run ended',
      async () =>
        (await board()).find((r) => r.traineeId === remoteRow.traineeId && r.state === 'ended'),
      60_000,
    );
    figures.goneToEndedMs = Date.now() - gone;
    expect(ended.reason).toMatch(/^the Docker engine lab-2 went away: /);
    expect(ended.reason).not.toMatch(/\n|\(.*\.[jt]s:\d+/); // one line, no stack
    const attempt = (await engine.listAttempts()).find((a) => a.attemptId === remoteRun);
    expect(attempt?.notGraded?.reason).toMatch(/lab-2 went away/);
    const pool = await engine.listEngines();
    expect(pool.find((e) => e.id === 'e1')?.state).toBe('unreachable');
    expect(pool.find((e) => e.id === 'local')?.state).toBe('reachable');
    // The other labs go on (any on this machine).
    for (const r of (await board()).filter((x) => x.traineeId !== remoteRow.traineeId))
      expect(r.state).toBe(r.engine?.id === 'e1' ? 'ended' : 'running');

    // Back again: what the run left there (stopped containers, the network) is reaped.
    await second.comeBack();
    const back = Date.now();
    await untilAnswer(
      'nothing of the app left on the second engine',
      async () => ((await ours(second.docker)).length === 0 ? true : undefined),
      60_000,
    );
    figures.backToCleanMs = Date.now() - back;
    expect((await engine.listEngines()).find((e) => e.id === 'e1')?.state).toBe('reachable');

    // The game day's other runs stop; nothing of them is left here either.
    for (const r of await board())
      if (r.runId && r.state === 'running') await engine.stopLab({ runId: r.runId });
    for (const r of rows) expect(await ofRun(local, r.runId!)).toEqual([]);
  }, 480_000);

  it('reaches an engine over ssh:// (the user’s key, docker system dial-stdio there): a lab comes up through it and goes', async () => {
    // On its own even when the test before it stopped halfway (its engine left stopped).
    if (
      !(await second.docker.ping().then(
        () => true,
        () => false,
      ))
    )
      await second.comeBack();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-pool-home-'));
    const address = await second.startSshd(home);
    // No agent here: the pool takes the user's default key, as the ssh the docker CLI runs would.
    const saved = { home: process.env.HOME, agent: process.env.SSH_AUTH_SOCK };
    process.env.HOME = home;
    delete process.env.SSH_AUTH_SOCK;
    let viaSsh: PoolEngine;
    try {
      viaSsh = await engine.addEngine({ address, name: 'lab-2-ssh' });
    } finally {
      process.env.HOME = saved.home;
      if (saved.agent !== undefined) process.env.SSH_AUTH_SOCK = saved.agent;
    }
    expect(viaSsh).toMatchObject({ state: 'reachable', dataPath: 'tunnel' });
    expect(viaSsh.endpoint).toMatch(/^ssh:\/\/root@10\.\d+\.0\.2:2222/);
    expect(viaSsh.images.present).toBe(2); // the images copied over tcp are the same engine's
    const t0 = Date.now();
    const { runId } = await engine.startLab({ labId: 'redis-sentinel', engineId: viaSsh.id });
    await untilAnswer(
      'the lab running over ssh',
      async () => ((await engine.getRun({ runId }))?.phase === 'running' ? true : undefined),
      120_000,
    );
    figures.sshLabReadyMs = Date.now() - t0;
    const snapshot = await engine.getRun({ runId });
    expect(snapshot?.readiness?.ready).toBe(true); // every readiness condition read through the relay
    expect(snapshot?.samples.at(-1)?.mastersClaimed).toBe(1);
    expect((await ofRun(second.docker, runId)).length).toBe(7);
    await engine.stopLab({ runId });
    expect(await ofRun(second.docker, runId)).toEqual([]);
    engine.removeEngine({ engineId: viaSsh.id }).catch(() => undefined);
    fs.rmSync(home, { recursive: true, force: true });
  }, 240_000);
});

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from './engine';
import type { Engine } from './engine-types';
import { EngineUnreachableError, type ContainerRuntime } from './runtime/container-runtime';
import { AttemptStore } from './session/attempt-store';

// A gate of this process only: the machine's bring-up slots may be held by another engine's tests.
vi.mock('./session/machine-slots', async () => {
  const { Gate } = await import('./session/bring-up-gate');
  return { bringUpGate: new Gate(4) };
});

/**
 * A Docker engine that answers the status ping and lists nothing; the event
 * subscription that starts every bring-up fails as an engine that went away
 * does, or waits until `release()`. Every other call rejects: nothing past
 * the start of a bring-up is needed here.
 */
function fakeRuntime(events: 'engine-gone' | 'wait') {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const calls: Partial<ContainerRuntime> = {
    endpoint: 'unix:///fake/docker.sock',
    info: () =>
      Promise.resolve({
        serverVersion: '27',
        apiVersion: '1.47',
        os: 'linux',
        operatingSystem: 'x',
      }),
    onContainerEvents: async () => {
      if (events === 'engine-gone')
        throw new EngineUnreachableError(
          'No Docker engine answers at unix:///fake/docker.sock: connect ECONNREFUSED\n    at connect (net.js:1)',
          'unix:///fake/docker.sock',
          [],
        );
      await released;
      return () => undefined;
    },
    listContainers: () => Promise.resolve([]),
    listNetworks: () => Promise.resolve([]),
  };
  const runtime = new Proxy(calls as ContainerRuntime, {
    get: (target, name: string): unknown =>
      name === 'then' // not a thenable
        ? undefined
        : (Reflect.get(target, name) ??
          (() => Promise.reject(new Error(`fake runtime: ${name} is not expected here`)))),
  });
  return { runtime, release };
}

describe('engine: scenario runs that end without a grade are kept as attempts', () => {
  let dataDir: string;
  let engine: Engine | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dojo-ungraded-'));
  });
  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (events: 'engine-gone' | 'wait') => {
    const fake = fakeRuntime(events);
    engine = await createEngine({ dataDir, reapOnStart: false }, fake.runtime);
    const { runId } = await engine.startScenario({ scenarioId: 'stale-leader', player: 'Bo' });
    return { engine, runId, release: fake.release };
  };

  it('a lab whose Docker engine went away during bring-up is listed as not graded, with why', async () => {
    const { engine, runId } = await start('engine-gone');
    await engine.whenRunEnded(runId);
    const attempts = await engine.listAttempts();
    expect(attempts).toEqual([
      expect.objectContaining({
        attemptId: runId,
        scenarioId: 'stale-leader',
        player: 'Bo',
        pace: 'human',
        score: 0,
        passed: false,
        notGraded: {
          reason:
            'the Docker engine went away: No Docker engine answers at unix:///fake/docker.sock: connect ECONNREFUSED',
        },
      }),
    ]);
    expect(await engine.getDebrief({ runId })).toBeNull();
  });

  it('a run the trainee stopped is kept as stopped before the end', async () => {
    const { engine, runId, release } = await start('wait');
    const stopped = engine.stopLab({ runId });
    release();
    await stopped;
    await engine.whenRunEnded(runId);
    expect((await engine.listAttempts()).map((a) => [a.attemptId, a.notGraded])).toEqual([
      [runId, { reason: 'stopped before the end' }],
    ]);
  });

  it('a run cut short by the app closing is kept before dispose() returns', async () => {
    const { engine: closing, runId, release } = await start('wait');
    const disposed = closing.dispose();
    release();
    await disposed;
    engine = undefined;
    expect((await new AttemptStore(dataDir).list()).map((a) => [a.attemptId, a.notGraded])).toEqual(
      [[runId, { reason: 'the app closed during the run' }]],
    );
  });
});

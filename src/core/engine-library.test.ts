import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from './engine';
import type { Engine } from './engine-types';
import { defaultLibraryDir } from './paths';
import { EngineUnreachableError, type ContainerRuntime } from './runtime/container-runtime';
import { SHIPPED_DIR, libraryText, tempDir } from './testing/library-fixtures';

/** No Docker: the library never needs it; a start fails as with no engine answering. */
const noRuntime = new Proxy({} as ContainerRuntime, {
  get: (_t, key) =>
    key === 'endpoint'
      ? 'none://'
      : () => Promise.reject(new EngineUnreachableError('No Docker engine answers', 'none://', [])),
});

describe('the engine’s library', () => {
  let root: { dir: string; remove(): Promise<void> };
  let engine: Engine;
  beforeEach(async () => {
    root = await tempDir('dojo-engine-lib');
    engine = await createEngine(
      {
        reapOnStart: false,
        dataDir: path.join(root.dir, 'data'),
        scenariosDir: SHIPPED_DIR,
        libraryDir: path.join(root.dir, 'library'),
      },
      noRuntime,
    );
  });
  afterEach(async () => {
    await engine.dispose();
    await root.remove();
  });

  it('lists, gets and starts a saved library scenario like a shipped one', async () => {
    expect(await engine.saveScenario({ text: await libraryText('my-drill') })).toMatchObject({
      ok: true,
    });
    const { scenarios, problems } = await engine.listScenarios();
    expect(problems).toEqual([]);
    expect(scenarios.find((s) => s.id === 'stale-leader')?.source).toBe('shipped');
    expect(scenarios.find((s) => s.id === 'my-drill')).toMatchObject({
      source: 'library',
      title: 'My drill my-drill',
    });
    expect((await engine.getScenario({ scenarioId: 'my-drill' }))?.title).toBe('My drill my-drill');
    // Found (not "unknown scenario"): the start goes as far as asking for Docker.
    await expect(engine.startScenario({ scenarioId: 'my-drill' })).rejects.toBeInstanceOf(
      EngineUnreachableError,
    );
    await expect(engine.startScenario({ scenarioId: 'not-there' })).rejects.toThrow(
      /unknown scenario/,
    );
    const day = await engine.createGameDay({
      name: 'Ours',
      mode: 'open',
      timing: 'trigger',
      scenarioIds: ['my-drill'],
      trainees: ['Ana'],
    });
    expect(day.gameDay.trainees[0]).toMatchObject({ scenarioId: 'my-drill' });
    const ana = await engine.asTrainee(day.links[0]!.token);
    expect((await ana?.getMyDrill())?.card).toMatchObject({ id: 'my-drill', source: 'library' });
  });

  it('checkScenario gives a library card (what saving it would make)', async () => {
    const check = await engine.checkScenario({ text: await libraryText('my-drill') });
    expect(check.summary).toMatchObject({ id: 'my-drill', source: 'library' });
  });
});

describe('defaultLibraryDir', () => {
  it('is DOJO_SCENARIOS_DIR, else <data>/scenarios', () => {
    expect(defaultLibraryDir('/data/dojo', { DOJO_SCENARIOS_DIR: '/lib/mine' })).toBe('/lib/mine');
    expect(defaultLibraryDir('/data/dojo', { DOJO_SCENARIOS_DIR: 'rel' })).toBe(
      path.resolve('rel'),
    );
    expect(defaultLibraryDir('/data/dojo', {})).toBe(path.join('/data/dojo', 'scenarios'));
    expect(defaultLibraryDir('/data/dojo', { DOJO_SCENARIOS_DIR: '' })).toBe(
      path.join('/data/dojo', 'scenarios'),
    );
  });
});

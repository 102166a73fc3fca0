import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/scenario-loader';
import { leaksSecret, secretsOf } from './blind-view';
import { FakeGameDayEngine as FakeEngine } from '../testing/fake-game-day-engine';
import { GameDayService } from './game-day-service';
import { GameDayStore } from './game-day-store';

const { scenarios } = await loadScenarios(
  fileURLToPath(new URL('../../../scenarios', import.meta.url)),
);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dojo-gameday-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const input = {
  name: 'Thursday game day',
  mode: 'blind' as const,
  timing: 'trigger' as const,
  scenarioIds: ['stale-leader'],
  trainees: ['Ana', 'Bo'],
  seed: 11,
};

describe('GameDayService', () => {
  it('stores the game day with token hashes only, and knows each trainee by their token', async () => {
    const service = new GameDayService(new GameDayStore(dir), new FakeEngine());
    const { gameDay, links } = await service.create(input);
    expect(gameDay.trainees.map((t) => [t.id, t.name, t.state])).toEqual([
      ['t1', 'Ana', 'waiting'],
      ['t2', 'Bo', 'waiting'],
    ]);
    expect(new Set(links.map((l) => l.token)).size).toBe(2);
    const file = await readFile(path.join(dir, 'game-days', `${gameDay.id}.json`), 'utf8');
    for (const l of links) expect(file).not.toContain(l.token);
    expect(await service.principalOf(links[1]!.token)).toEqual({
      role: 'trainee',
      gameDayId: gameDay.id,
      traineeId: 't2',
      name: 'Bo',
    });
    expect(await service.principalOf(`${links[1]!.token}x`)).toBeUndefined();
  });

  it('refuses unknown scenarios, duplicate or empty names, and too many trainees', async () => {
    const service = new GameDayService(new GameDayStore(dir), new FakeEngine());
    await expect(service.create({ ...input, scenarioIds: ['nope'] })).rejects.toThrow(
      /unknown scenario "nope"/,
    );
    await expect(service.create({ ...input, trainees: ['Ana', 'Ana'] })).rejects.toThrow(
      /same name/,
    );
    await expect(service.create({ ...input, trainees: [' '] })).rejects.toThrow(/bad trainee name/);
    const many = Array.from({ length: 13 }, (_, i) => `p${i}`);
    await expect(service.create({ ...input, trainees: many })).rejects.toThrow(/1 to 12/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('draws each trainee’s scenario from the pool by the seed, the same way every time', async () => {
    const pool = {
      ...input,
      scenarioIds: ['stale-leader', 'stale-primary', 'vrrp-dual-master'],
      trainees: ['a', 'b', 'c', 'd', 'e', 'f'],
    };
    const a = await new GameDayService(new GameDayStore(dir), new FakeEngine()).create(pool);
    const b = await new GameDayService(new GameDayStore(dir), new FakeEngine()).create(pool);
    expect(a.gameDay.trainees.map((t) => t.scenarioId)).toEqual(
      b.gameDay.trainees.map((t) => t.scenarioId),
    );
    expect(new Set(a.gameDay.trainees.map((t) => t.scenarioId)).size).toBeGreaterThan(1);
  });

  it('starts one human-pace run per trainee, holds the faults for the facilitator, and fires them per trainee or for all', async () => {
    const engine = new FakeEngine();
    const service = new GameDayService(new GameDayStore(dir), engine);
    const { gameDay } = await service.create(input);
    const started = await service.start(gameDay.id);
    expect(engine.started.map((s) => [s.player, s.holdFaults])).toEqual([
      ['Ana', true],
      ['Bo', true],
    ]);
    expect(started.trainees.map((t) => [t.state, t.runId])).toEqual([
      ['running', 'run-1'],
      ['running', 'run-2'],
    ]);
    await service.trigger(gameDay.id, { traineeId: 't2' });
    expect(engine.acted).toEqual([
      { runId: 'run-2', action: { kind: 'trigger-fault', fault: 'cut-master' } },
    ]);
    engine.append('run-2', {
      kind: 'fault',
      faultId: 'cut-master',
      phase: 'inject',
      spec: scenarios.get('stale-leader')!.faults[0]!,
    });
    const all = await service.trigger(gameDay.id, {});
    expect(all).toEqual([
      { traineeId: 't1', ok: true, detail: 'fired' },
      { traineeId: 't2', ok: false, detail: 'every fault has fired' },
    ]);
    await expect(service.trigger(gameDay.id, { traineeId: 't9' })).rejects.toThrow(
      /no running drill/,
    );
  });

  it('places the labs over the engine pool all at once, and the board names each one’s engine', async () => {
    const engine = new FakeEngine();
    const asked: number[] = [];
    engine.place = async (count: number) => {
      asked.push(count);
      return [
        { id: 'e1', name: 'lab-2', over: false },
        { id: 'local', name: 'this machine', over: true },
      ].slice(0, count);
    };
    const service = new GameDayService(new GameDayStore(dir), engine);
    const { gameDay } = await service.create(input);
    const started = await service.start(gameDay.id);
    expect(asked).toEqual([2]);
    expect(engine.started.map((s) => s.engineId)).toEqual(['e1', 'local']);
    expect(started.trainees.map((t) => t.engine)).toEqual([
      { id: 'e1', name: 'lab-2' },
      { id: 'local', name: 'this machine', over: true },
    ]);
    expect((await service.board(gameDay.id)).map((r) => r.engine?.name)).toEqual([
      'lab-2',
      'this machine',
    ]);
  });

  it('starts the runs on this machine when no engine of the pool can be placed on', async () => {
    const engine = new FakeEngine();
    engine.place = async () => {
      throw new Error('no engine of the pool answers: no lab can be placed');
    };
    const service = new GameDayService(new GameDayStore(dir), engine);
    const { gameDay } = await service.create(input);
    const started = await service.start(gameDay.id);
    expect(engine.started.map((s) => s.engineId)).toEqual([undefined, undefined]);
    expect(started.trainees.map((t) => t.state)).toEqual(['running', 'running']);
  });

  it('puts the facilitator’s hints and notes in the trainee’s history, and the board counts them', async () => {
    const engine = new FakeEngine();
    const service = new GameDayService(new GameDayStore(dir), engine);
    const { gameDay } = await service.create(input);
    await service.start(gameDay.id);
    await service.hint(gameDay.id, 't1', 'Who claims to be master?');
    await service.annotate(gameDay.id, 't1', 'good question');
    engine.append('run-1', { kind: 'note', author: 'trainee', name: 'Ana', text: 'two masters' });
    expect(engine.histories.get('run-1')!.map((e) => e.kind)).toEqual(['hint', 'note', 'note']);
    const [ana, bo] = await service.board(gameDay.id);
    expect(ana).toMatchObject({
      name: 'Ana',
      runId: 'run-1',
      state: 'running',
      notes: 1,
      leaders: [],
    });
    expect(ana!.faults).toEqual([{ id: 'cut-master', kind: 'partition', fired: false }]);
    expect(bo).toMatchObject({ name: 'Bo', notes: 0 });
  });

  it('marks a run graded or ended (with the reason) when it is over, and a run lost to a restart as ended', async () => {
    const engine = new FakeEngine();
    const store = new GameDayStore(dir);
    const service = new GameDayService(store, engine);
    const { gameDay } = await service.create(input);
    await service.start(gameDay.id);
    engine.end('run-1', true);
    await expect
      .poll(async () => (await store.load(gameDay.id))!.gameDay.trainees[0]!.state)
      .toBe('graded');

    // The app restarts: run-2 was in progress and the new engine does not hold it.
    const after = new GameDayService(store, new FakeEngine());
    const t = (await after.get(gameDay.id))!.trainees;
    expect(t[0]).toMatchObject({ state: 'graded' });
    expect(t[1]).toMatchObject({
      state: 'ended',
      reason: expect.stringMatching(/app stopped while this run was in progress/),
    });
  });

  it('a blind trainee’s drill carries the neutral briefing and nothing that names the pattern', async () => {
    const service = new GameDayService(new GameDayStore(dir), new FakeEngine());
    const { links } = await service.create(input);
    const drill = await service.drillOf((await service.principalOf(links[0]!.token))!);
    expect(drill.card).toBeUndefined();
    expect(drill.briefing?.apps).toHaveLength(2);
    expect(
      leaksSecret(JSON.stringify(drill), secretsOf(scenarios.get('stale-leader')!)),
    ).toBeUndefined();

    const open = new GameDayService(new GameDayStore(dir), new FakeEngine());
    const o = await open.create({ ...input, mode: 'open' });
    const openDrill = await open.drillOf((await open.principalOf(o.links[0]!.token))!);
    expect(openDrill.card?.title).toBe(scenarios.get('stale-leader')!.title);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineApi, EngineEvent } from '../../shared/engine-contract';
import { ForbiddenError } from '../../shared/engine-dispatch';
import type { RunSnapshot } from '../../shared/lab-types';
import type { RunEvent, RunEventBody } from '../../shared/run-events';
import { FakeGameDayEngine, scenarios } from '../testing/fake-game-day-engine';
import { leaksSecret, secretsOf } from './blind-view';
import { GameDayService } from './game-day-service';
import { GameDayStore } from './game-day-store';
import { traineeSession, type TraineeSession } from './trainee-gateway';

const scenario = scenarios.get('stale-leader')!;
const cut = scenario.faults[0]!;

/** The full engine API as a recorder: every call is kept; getRun answers from the fake histories. */
function recordingApi(runs: FakeGameDayEngine) {
  const calls: { method: string; args: unknown }[] = [];
  const listeners = new Set<(e: EngineEvent) => void>();
  const api = new Proxy({} as EngineApi & { onEvent(l: (e: EngineEvent) => void): () => void }, {
    get(_t, method: string) {
      if (method === 'onEvent')
        return (l: (e: EngineEvent) => void) => (listeners.add(l), () => listeners.delete(l));
      if (method === 'then') return undefined;
      return async (args: unknown) => {
        calls.push({ method, args });
        if (method === 'getRun') {
          const { runId } = args as { runId: string };
          const events = runs.history(runId) ?? [];
          return {
            runId,
            labId: 'redis-sentinel',
            phase: 'running',
            startedAt: 0,
            build: [],
            samples: [],
            scenarioEvents: [...events],
          } satisfies RunSnapshot;
        }
        if (method === 'openConsole') return { consoleId: `c-${calls.length}` };
        return { ok: true, detail: 'done' };
      };
    },
  });
  const emit = (e: EngineEvent) => listeners.forEach((l) => l(e));
  return { api, calls, emit };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dojo-gateway-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setUp(mode: 'blind' | 'open') {
  const runs = new FakeGameDayEngine();
  const service = new GameDayService(new GameDayStore(dir), runs);
  const { gameDay, links } = await service.create({
    name: 'gd',
    mode,
    timing: 'trigger',
    scenarioIds: ['stale-leader'],
    trainees: ['Ana', 'Bo'],
    seed: 3,
  });
  await service.start(gameDay.id);
  const rec = recordingApi(runs);
  const session = async (i: number): Promise<TraineeSession> =>
    traineeSession(
      { engine: rec.api, history: (id) => runs.history(id), scenario: runs.scenario, service },
      (await service.principalOf(links[i]!.token))!,
    );
  const append = (runId: string, body: RunEventBody): RunEvent => {
    runs.append(runId, body);
    const e = runs.history(runId)!.at(-1)!;
    rec.emit({ type: 'run', event: e });
    return e;
  };
  return { runs, service, rec, session, append, gameDay };
}

describe('a trainee’s session', () => {
  it('refuses (403) other runs, the facilitator’s calls, the catalog and triggering faults', async () => {
    const { session, rec } = await setUp('blind');
    const ana = await session(0);
    const forbidden = [
      () => ana.getRun({ runId: 'run-2' }),
      () => ana.act({ runId: 'run-2', action: { kind: 'end' } }),
      () => ana.getDebrief({ runId: 'run-2' }),
      () => ana.openConsole({ runId: 'run-2', node: 'redis-1', cols: 80, rows: 24 }),
      () => ana.act({ runId: 'run-1', action: { kind: 'trigger-fault', fault: cut.id } }),
      () => ana.listScenarios(),
      () => ana.getScenario({ scenarioId: 'stale-leader' }),
      () => ana.listRuns(),
      () => ana.listAttempts(),
      () => ana.startScenario({ scenarioId: 'stale-leader' }),
      () => ana.listGameDays(),
      () => ana.getGameDayBoard({ gameDayId: 'g0000000000000001' }),
      () => ana.sendHint({ gameDayId: 'g0000000000000001', traineeId: 't2', text: 'x' }),
      () => ana.triggerGameDayFault({ gameDayId: 'g0000000000000001' }),
      () => ana.consoleInput({ consoleId: 'c-someone-else', data: 'ls\r' }),
      () => ana.getScenarioSource({ scenarioId: 'stale-leader' }),
      () => ana.saveScenario({ text: 'id: x', replace: true }),
      () => ana.deleteScenario({ scenarioId: 'stale-leader' }),
      () => ana.exportScenario({ scenarioId: 'stale-leader' }),
      () => ana.importScenario({ content: '{}' }),
    ];
    for (const call of forbidden) await expect(call()).rejects.toBeInstanceOf(ForbiddenError);
    expect(rec.calls).toEqual([]);
    await ana.act({ runId: 'run-1', action: { kind: 'end' } });
    expect(rec.calls).toEqual([
      { method: 'act', args: { runId: 'run-1', action: { kind: 'end' } } },
    ]);
    expect(await ana.whoAmI()).toMatchObject({ role: 'trainee', name: 'Ana', traineeId: 't1' });
  });

  it('loads its blind drill as "drill": the lab, workload and tells, nothing that names the pattern', async () => {
    const { session } = await setUp('blind');
    const ana = await session(0);
    const drill = (await ana.getScenario({ scenarioId: 'drill' }))!;
    expect(drill.tells).toEqual(scenario.tells);
    expect(drill.workload).toEqual(scenario.workload);
    expect(drill.faults).toEqual([]);
    expect(drill.hints).toEqual([]);
    expect(leaksSecret(JSON.stringify(drill), secretsOf(scenario))).toBeUndefined();
  });

  it('uses only the consoles it opened', async () => {
    const { session, rec } = await setUp('blind');
    const ana = await session(0);
    const bo = await session(1);
    const { consoleId } = await bo.openConsole({
      runId: 'run-2',
      node: 'redis-1',
      cols: 80,
      rows: 24,
    });
    await expect(ana.consoleInput({ consoleId, data: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    await bo.consoleInput({ consoleId, data: 'x' });
    expect(rec.calls.map((c) => c.method)).toEqual(['openConsole', 'consoleInput']);
  });

  it('in a blind drill receives its own run only, with the fault held until it is over and console text scrubbed', async () => {
    const { session, rec, append } = await setUp('blind');
    const ana = await session(0);
    const got: EngineEvent[] = [];
    ana.onEvent((e) => got.push(e));
    const { consoleId } = await ana.openConsole({
      runId: 'run-1',
      node: 'redis-1',
      cols: 80,
      rows: 24,
    });
    append('run-2', { kind: 'note', author: 'trainee', text: 'Bo’s note' });
    append('run-1', {
      kind: 'scenario',
      scenarioId: scenario.id,
      seed: 1,
      settings: {},
      pace: 'human',
    });
    append('run-1', { kind: 'fault', faultId: cut.id, phase: 'inject', spec: cut });
    rec.emit({
      type: 'console',
      consoleId,
      data: `-A DOJO-PART -m comment --comment dojo-fault:${cut.id} -j DROP\r\n`,
    });
    rec.emit({ type: 'console', consoleId: 'c-other', data: 'not yours' });
    expect(leaksSecret(JSON.stringify(got), secretsOf(scenario))).toBeUndefined();
    expect(got.map((e) => (e.type === 'run' ? e.event.kind : e.type))).toEqual([
      'scenario',
      'console',
    ]);

    const snapshot = await ana.getRun({ runId: 'run-1' });
    expect(snapshot?.scenarioEvents?.map((e) => e.kind)).toEqual(['scenario']);
    expect(leaksSecret(JSON.stringify(snapshot), secretsOf(scenario))).toBeUndefined();

    append('run-1', { kind: 'fault', faultId: cut.id, phase: 'revert', spec: cut });
    expect(
      got.slice(2).map((e) => (e.type === 'run' ? `${e.event.kind}:${e.event.seq}` : e.type)),
    ).toEqual(['fault:2', 'fault:3']);
    expect(await ana.requestHint({ runId: 'run-1' })).toEqual({
      ok: false,
      detail: 'In a blind drill hints come from the facilitator',
    });
  });

  it('a session opened mid-run holds back a fault that fired before it connected', async () => {
    const { session, append } = await setUp('blind');
    append('run-1', { kind: 'fault', faultId: cut.id, phase: 'inject', spec: cut });
    const ana = await session(0);
    const got: EngineEvent[] = [];
    ana.onEvent((e) => got.push(e));
    append('run-1', { kind: 'note', author: 'trainee', text: 'hmm' });
    append('run-1', { kind: 'fault', faultId: cut.id, phase: 'revert', spec: cut });
    expect(got.map((e) => (e.type === 'run' ? `${e.event.kind}:${e.event.seq}` : e.type))).toEqual([
      'note:2',
      'fault:1',
      'fault:3',
    ]);
  });

  it('in an open drill sees its run as it is', async () => {
    const { session, append } = await setUp('open');
    const ana = await session(0);
    const got: EngineEvent[] = [];
    ana.onEvent((e) => got.push(e));
    append('run-1', { kind: 'fault', faultId: cut.id, phase: 'inject', spec: cut });
    expect(got).toHaveLength(1);
    expect((await ana.getRun({ runId: 'run-1' }))?.scenarioEvents).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { ProbeSample, RunSnapshot } from '../../../shared/lab-types';
import type { RunEvent, RunEventBody } from '../../../shared/run-events';
import { writes } from '../test/scenario-fixtures';
import {
  applyRunEvent,
  emptyRunState,
  mergeSnapshot,
  SAMPLE_WINDOW,
  trimSamples,
} from './run-state';
import { runTimeBase, scenarioTimeLeft } from './time-base';

const s = (t: number, mastersClaimed = 1): ProbeSample => ({
  t,
  nodes: [],
  mastersClaimed,
  unknownNodes: 0,
});
const snap = (patch: Partial<RunSnapshot> = {}): RunSnapshot => ({
  runId: 'run-1',
  labId: 'redis-sentinel',
  phase: 'running',
  startedAt: 1000,
  build: [],
  samples: [],
  ...patch,
});
let seq = 0;
const ev = (body: RunEventBody & { t?: number }): RunEvent => ({
  runId: 'run-1',
  seq: ++seq,
  t: 0,
  ...body,
});

describe('run-state', () => {
  it('keeps at most the window of samples, by count and by age', () => {
    const many = Array.from({ length: 700 }, (_, i) => s(i * 10));
    expect(trimSamples(many)).toHaveLength(SAMPLE_WINDOW.maxSamples);
    const old = [s(0), s(60_000), s(130_000)];
    expect(trimSamples(old).map((x) => x.t)).toEqual([60_000, 130_000]);
  });

  it('never moves the phase backwards when a snapshot is older than applied events', () => {
    let run = mergeSnapshot(undefined, snap({ phase: 'waiting-ready' }));
    run = applyRunEvent(run, ev({ kind: 'phase', phase: 'running', t: 4600 }));
    expect(run.readyAfterMs).toBe(3600);
    const merged = mergeSnapshot(run, snap({ phase: 'waiting-ready' }));
    expect(merged.phase).toBe('running');
    expect(mergeSnapshot(merged, snap({ phase: 'stopped' })).phase).toBe('stopped');
  });

  it('merges snapshot samples with live ones by time', () => {
    let run = mergeSnapshot(undefined, snap({ samples: [s(10), s(20)] }));
    run = applyRunEvent(run, ev({ kind: 'sample', sample: s(30, 2) }));
    run = mergeSnapshot(run, snap({ samples: [s(20), s(30, 2)] }));
    expect(run.samples.map((x) => x.t)).toEqual([10, 20, 30]);
  });

  it('drops duplicate events by seq and records failure context', () => {
    let run = emptyRunState('run-1', 'redis-sentinel', 0);
    const building = ev({ kind: 'phase', phase: 'building' });
    run = applyRunEvent(run, building);
    expect(applyRunEvent(run, building)).toBe(run);
    run = applyRunEvent(run, ev({ kind: 'phase', phase: 'failed', detail: 'build failed' }));
    expect(run.failedFrom).toBe('building');
    expect(run.error).toBe('build failed');
  });

  it('keeps one build row per image, cached flag kept', () => {
    let run = emptyRunState('run-1');
    run = applyRunEvent(
      run,
      ev({ kind: 'build', progress: { image: 'base', fraction: 0.5, message: 'a', cached: true } }),
    );
    run = applyRunEvent(
      run,
      ev({ kind: 'build', progress: { image: 'base', fraction: 1, message: 'b' } }),
    );
    expect(run.build).toEqual([{ image: 'base', fraction: 1, message: 'b', cached: true }]);
  });
});

describe('a scenario run after a reload', () => {
  it('rebuilds the fault windows and the live ledger from the snapshot', () => {
    const t = 1_000_000;
    const ev = (seq: number, body: Record<string, unknown>) => ({
      runId: 'r-reload',
      seq,
      t: t + seq,
      ...body,
    });
    const spec = {
      id: 'cut-master',
      kind: 'partition',
      groups: [['redis-1'], ['redis-2']],
      direction: 'both',
      at: { after: '5s' },
    };
    const snap: RunSnapshot = {
      runId: 'r-reload',
      labId: 'redis-sentinel',
      phase: 'running',
      startedAt: t,
      build: [],
      samples: [],
      scenarioEvents: [
        ev(1, { kind: 'scenario', scenarioId: 'stale-leader', seed: 7, settings: {} }),
        ev(2, { kind: 'fault', faultId: 'cut-master', phase: 'inject', spec }),
        ev(3, { kind: 'writes', records: writes('app-pinned', 'redis-1', 1, 12, t + 3) }),
      ] as RunSnapshot['scenarioEvents'],
    };
    const state = mergeSnapshot(undefined, snap);
    expect(state.scenario?.scenarioId).toBe('stale-leader');
    expect(state.scenario?.ledger).toMatchObject({ attempts: 12, acked: 12 });
    expect(state.scenario?.faults.map((f) => f.faultId)).toEqual(['cut-master']);
  });
});

describe('a plain lab is not a scenario', () => {
  const labEv = (seq: number, body: RunEventBody, t = 1000 + seq): RunEvent => ({
    runId: 'lab-1',
    seq,
    t,
    ...body,
  });

  it("keeps a plain lab's palette actions and console lines as its own moves", () => {
    let run = emptyRunState('lab-1', 'redis-sentinel', 1000);
    run = applyRunEvent(run, labEv(1, { kind: 'phase', phase: 'running' }));
    run = applyRunEvent(
      run,
      labEv(2, {
        kind: 'action',
        action: { kind: 'isolate-clients', node: 'redis-1' },
        source: 'palette',
        ok: true,
        detail: 'REJECT on 6379',
      }),
    );
    run = applyRunEvent(
      run,
      labEv(3, {
        kind: 'console-line',
        node: 'redis-2',
        line: 'redis-cli role',
        source: 'console',
      }),
    );
    run = applyRunEvent(
      run,
      labEv(4, { kind: 'exported-keys', node: 'redis-1', keys: 12, name: 'redis-1.json' }),
    );
    expect(run.scenario).toBeUndefined();
    expect(run.labMoves.map((m) => [m.kind, m.label, m.node])).toEqual([
      ['action', 'isolate-clients redis-1', 'redis-1'],
      ['console', 'redis-2$ redis-cli role', 'redis-2'],
    ]);
    expect(run.log.map((l) => l.text)).toContain(
      'palette: isolate-clients redis-1 — REJECT on 6379',
    );
    expect(run.log.at(-1)?.text).toBe('exported 12 keys from redis-1');
  });

  it("rebuilds a plain lab's moves from its snapshot, never a scenario", () => {
    const action = labEv(5, {
      kind: 'action',
      action: { kind: 'pause', node: 'redis-3' },
      source: 'palette',
      ok: true,
    });
    let run = mergeSnapshot(undefined, {
      ...snap({ runId: 'lab-1' }),
      scenarioEvents: [action],
    });
    expect(run.scenario).toBeUndefined();
    expect(run.labMoves.map((m) => m.label)).toEqual(['pause redis-3']);
    // A live move newer than a later (older) snapshot is kept.
    run = applyRunEvent(
      run,
      labEv(6, {
        kind: 'action',
        action: { kind: 'resume', node: 'redis-3' },
        source: 'palette',
        ok: true,
      }),
    );
    run = mergeSnapshot(
      { ...run, lastSeq: 0 },
      { ...snap({ runId: 'lab-1' }), scenarioEvents: [action] },
    );
    expect(run.labMoves.map((m) => m.label)).toEqual(['pause redis-3', 'resume redis-3']);
  });

  it('only the scenario event makes a run a scenario run, replaying what came just before it', () => {
    let run = emptyRunState('run-x', 'redis-sentinel', 1000);
    run = applyRunEvent(run, {
      runId: 'run-x',
      seq: 1,
      t: 2000,
      kind: 'writes',
      records: writes('app-pinned', 'redis-1', 1, 5, 2000),
    });
    expect(run.scenario).toBeUndefined();
    run = applyRunEvent(run, {
      runId: 'run-x',
      seq: 2,
      t: 2100,
      kind: 'scenario',
      scenarioId: 'stale-leader',
      seed: 86,
      settings: {},
      pace: 'human',
      timeLimitMs: 480_000,
      player: 'ada',
    });
    expect(run.scenario?.scenarioId).toBe('stale-leader');
    expect(run.scenario?.startedAt).toBe(2100);
    expect(run.scenario?.timeLimitMs).toBe(480_000);
    expect(run.scenario?.pace).toBe('human');
    expect(run.scenario?.player).toBe('ada');
    expect(run.scenario?.ledger.acked).toBe(5);
    expect(run.pendingScenarioEvents).toBeUndefined();
  });
});

describe('the run log of an intentional stop', () => {
  const nodeEv = (seq: number, body: RunEventBody): RunEvent => ({
    runId: 'run-1',
    seq,
    t: 5000 + seq,
    ...body,
  });

  it('reads "stopped" (info) for a container the app stopped, "died" (warning) otherwise', () => {
    let run = emptyRunState('run-1', 'redis-sentinel', 0);
    run = applyRunEvent(run, nodeEv(1, { kind: 'phase', phase: 'running' }));
    run = applyRunEvent(
      run,
      nodeEv(2, { kind: 'node', node: 'redis-2', state: 'died', detail: 'exit code 1' }),
    );
    expect(run.log.at(-1)).toMatchObject({ level: 'warn', text: 'redis-2 died: exit code 1' });
    run = applyRunEvent(run, nodeEv(3, { kind: 'phase', phase: 'stopping' }));
    run = applyRunEvent(
      run,
      nodeEv(4, {
        kind: 'node',
        node: 'redis-1',
        state: 'stopped',
        detail: 'stopped with the lab',
      }),
    );
    expect(run.log.at(-1)).toMatchObject({
      level: 'info',
      text: 'redis-1 stopped: stopped with the lab',
    });
    // An engine that still says `died` while the lab stops: read as the stop it is.
    run = applyRunEvent(
      run,
      nodeEv(5, { kind: 'node', node: 'redis-3', state: 'died', detail: 'exit code 137' }),
    );
    expect(run.log.at(-1)).toMatchObject({
      level: 'info',
      text: 'redis-3 stopped: stopped with the lab',
    });
    expect(run.log.some((l) => l.text.includes('137'))).toBe(false);
    run = applyRunEvent(run, nodeEv(6, { kind: 'phase', phase: 'stopped' }));
    expect(run.stoppedAt).toBe(5006);
  });
});

describe('one time base', () => {
  it('counts from the scenario event in a scenario run, else from the lab start', () => {
    const lab = emptyRunState('lab-1', 'redis-sentinel', 10_000);
    expect(runTimeBase(lab)).toBe(10_000);
    let run = emptyRunState('run-1', 'redis-sentinel', 10_000, 'stale-leader');
    // Until the scenario event arrives: the lab's start.
    expect(runTimeBase(run)).toBe(10_000);
    run = applyRunEvent(run, {
      runId: 'run-1',
      seq: 1,
      t: 22_500,
      kind: 'scenario',
      scenarioId: 'stale-leader',
      seed: 1,
      settings: {},
    });
    expect(runTimeBase(run)).toBe(22_500);
  });

  it('time left runs from the scenario event by its time limit, never below 0', () => {
    const live = { startedAt: 1_000, timeLimitMs: 480_000 };
    expect(scenarioTimeLeft(live, 1_000)).toBe(480_000);
    expect(scenarioTimeLeft(live, 61_000)).toBe(420_000);
    expect(scenarioTimeLeft(live, 500_000)).toBe(0);
    expect(scenarioTimeLeft({ startedAt: 1_000 }, 1_000)).toBeUndefined();
    expect(scenarioTimeLeft({ startedAt: 1_000 }, 1_000, 600_000)).toBe(600_000);
    expect(scenarioTimeLeft({ timeLimitMs: 5 }, 1_000)).toBeUndefined();
  });
});

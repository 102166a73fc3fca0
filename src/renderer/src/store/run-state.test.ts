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

import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../../shared/lab-types';
import {
  HistoryBuilder,
  T0,
  contextFor,
  sampleOf,
  testScenario,
} from '../../../core/testing/test-history';
import { clocksFixed } from './clocks-fixed.check';

const scenario = testScenario({
  system: 'redis-sentinel',
  grading: { passMark: 70, checks: [{ check: 'clocks-fixed', weight: 25, required: true }] },
});

/** A healthy sample whose sentinels read the clock offsets `clock(at)` (ms, by node). */
function sampleAt(at: number, clock: (at: number) => Record<string, number>): ProbeSample {
  const s = sampleOf(T0 + at, { masters: ['redis-1'], sentinels: ['redis-1'] });
  const offsets = clock(at);
  return {
    ...s,
    nodes: s.nodes.map((n) => ({ ...n, clockOffsetMs: offsets[n.node] ?? 3 })),
  };
}

function run(clock: (at: number) => Record<string, number>, syncAt?: number, endAt = 60_000) {
  const h = new HistoryBuilder().start();
  h.samples(0, endAt, (at) => sampleAt(at, clock));
  if (syncAt !== undefined) h.act(syncAt, { kind: 'sync-clock', node: 'sentinel-1' });
  h.add(endAt, { kind: 'phase', phase: 'stopping' });
  return clocksFixed(contextFor(scenario, h.events(), 'clocks-fixed'));
}

/** sentinel-1 flapping +8 s every 10 s until `until` ms. */
const flapping =
  (until = Infinity) =>
  (at: number): Record<string, number> =>
    at < until && Math.floor(at / 10_000) % 2 === 0 ? { 'sentinel-1': 8000 } : {};

describe('clocks-fixed', () => {
  it('passes when every clock held within 1 s over the last 15 s, naming the clocks fixed', () => {
    const r = run(flapping(30_000), 30_000);
    expect(r.verdict).toBe('pass');
    expect(r.why).toContain('Clocks fixed: sentinel-1.');
    expect(r.figures).toMatchObject({ nodesOff: 0, syncs: 1 });
  });

  it('fails while a clock still flaps at the end, with how far it was off', () => {
    const r = run(flapping());
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain("sentinel-1's clock was off by up to +8.0 s");
    expect(r.why).toContain('No clock was fixed');
    expect(r.figures).toMatchObject({ nodesOff: 1, worstOffsetMs: 8000 });
  });

  it('is unknown when no clock was read', () => {
    const h = new HistoryBuilder().start();
    h.ticks(0, 30_000, () => ({ masters: ['redis-1'], sentinels: ['redis-1'] }));
    expect(clocksFixed(contextFor(scenario, h.events(), 'clocks-fixed')).verdict).toBe('unknown');
  });
});

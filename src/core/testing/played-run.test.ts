import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run-events';
import { drillFigures } from './played-run';

const ev = (t: number, body: Record<string, unknown>): RunEvent =>
  ({ runId: 'r', seq: t, t, ...body }) as unknown as RunEvent;
const sample = (t: number) => ev(t, { kind: 'sample', sample: {} });

describe('drillFigures', () => {
  it('reads the fault lateness and the longest probe gap between the start and grading', () => {
    const events = [
      sample(500), // before the start: not counted
      ev(1000, { kind: 'scenario', scenarioId: 's', seed: 1, settings: {} }),
      sample(1250),
      sample(1500),
      ev(2600, {
        kind: 'fault',
        faultId: 'cut',
        phase: 'inject',
        spec: {},
        dueMs: 1000,
        startedMs: 1400,
      }),
      sample(2700), // a 1.2 s gap: the busiest moment
      sample(2950),
      ev(3000, { kind: 'phase', phase: 'grading' }),
      sample(9000), // after grading: not counted
    ];
    const f = drillFigures(events);
    expect(f.faultLateS).toBeCloseTo(0.4);
    expect(f.maxSampleGapS).toBeCloseTo(1.2);
  });

  it('has no fault lateness when no fault fired on schedule (an instructor trigger has no due time)', () => {
    const events = [
      ev(0, { kind: 'scenario', scenarioId: 's', seed: 1, settings: {} }),
      ev(10, { kind: 'fault', faultId: 'f', phase: 'inject', spec: {}, startedMs: 5 }),
    ];
    expect(drillFigures(events)).toEqual({ maxSampleGapS: 0 });
  });
});

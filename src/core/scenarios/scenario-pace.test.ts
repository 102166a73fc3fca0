import { describe, expect, it } from 'vitest';
import { testScenario } from '../testing/test-history';
import {
  DEFAULT_FAST_FAULT_AT,
  defaultTimeBands,
  pacedScenario,
  parseSince,
  plannedStepMs,
  sinceOffsetMs,
  timeLimitMs,
} from '../../shared/scenario-pace';

const freeze = {
  id: 'freeze',
  kind: 'pause' as const,
  node: 'redis-1',
  at: { between: ['15s', '45s'] as [string, string] },
  duration: '45s',
};

describe('pacedScenario', () => {
  const s = testScenario({
    timeLimit: undefined,
    minutes: 8,
    faults: [freeze],
    fast: { timeLimit: '45s', faults: { freeze: { at: '5s', duration: '8s' } } },
  });

  it('human: the file as written, the card minutes as the limit', () => {
    const h = pacedScenario(s, 'human');
    expect(h.timeLimit).toBe('8m');
    expect(timeLimitMs(h)).toBe(480_000);
    expect(h.faults[0]).toEqual(freeze);
  });

  it('fast: fixed moments and the fast durations and limit; nothing else changes', () => {
    const f = pacedScenario(s, 'fast');
    expect(timeLimitMs(f)).toBe(45_000);
    expect(f.faults[0]).toEqual({ ...freeze, at: { after: '5s' }, duration: '8s' });
    expect(f.grading).toBe(s.grading);
    expect(f.reference).toBe(s.reference);
    expect(f.hints).toBe(s.hints);
  });

  it('fast without a fast section: 5 s, and instructor triggers stay triggers', () => {
    const plain = testScenario({
      faults: [
        { ...freeze, id: 'a', duration: undefined },
        { ...freeze, id: 'b', at: { trigger: 'instructor' } },
      ],
    });
    const f = pacedScenario(plain, 'fast');
    expect(f.faults.map((x) => x.at)).toEqual([
      { after: DEFAULT_FAST_FAULT_AT },
      { trigger: 'instructor' },
    ]);
    expect(timeLimitMs(f)).toBe(timeLimitMs(plain));
  });
});

describe('since', () => {
  const s = pacedScenario(
    testScenario({
      faults: [freeze],
      fast: { timeLimit: '45s', faults: { freeze: { at: '5s', duration: '8s' } } },
    }),
    'fast',
  );
  it('reads start, a fault and a fault end', () => {
    expect(parseSince('start')).toEqual({ from: 'start' });
    expect(parseSince('freeze')).toEqual({ from: 'injected', faultId: 'freeze' });
    expect(parseSince('freeze:healed')).toEqual({ from: 'healed', faultId: 'freeze' });
  });
  it('places them in a scenario with fixed moments', () => {
    expect(sinceOffsetMs(s, 'start')).toBe(0);
    expect(sinceOffsetMs(s, 'freeze')).toBe(5000);
    expect(sinceOffsetMs(s, 'freeze:healed')).toBe(13_000);
    expect(sinceOffsetMs(pacedScenario(s, 'human'), 'nothing')).toBeUndefined();
  });
});

describe('defaultTimeBands', () => {
  it('gives 30 s for full credit and a quarter of the card for partial, within 1-3 min', () => {
    expect(defaultTimeBands(8)).toEqual([30, 120]);
    expect(defaultTimeBands(2)).toEqual([30, 60]);
    expect(defaultTimeBands(30)).toEqual([30, 180]);
  });
});

describe('plannedStepMs', () => {
  const fast = pacedScenario(
    testScenario({
      faults: [{ ...freeze, duration: undefined }],
      fast: { timeLimit: '60s', faults: { freeze: { at: '5s' } } },
    }),
    'fast',
  );
  const steps = [
    { since: 'tell', after: '4s', do: { kind: 'heal' as const, fault: 'freeze' } },
    { since: 'freeze:healed', after: '2s', do: { kind: 'end' as const } },
    { since: 'previous', after: '3s', do: { kind: 'end' as const } },
    { since: 'freeze', after: '1s', do: { kind: 'end' as const } },
    { since: 'start', after: '1s', do: { kind: 'end' as const } },
  ];

  it('counts a tell from the earliest fault plus the budget, a heal from the step that makes it, previous from the step before', () => {
    expect(plannedStepMs(fast, steps, 0, 20_000)).toEqual({ ms: 29_000, exact: false });
    expect(plannedStepMs(fast, steps, 0, 0)).toEqual({ ms: 9_000, exact: false });
    expect(plannedStepMs(fast, steps, 1, 0)).toEqual({ ms: 11_000, exact: false });
    expect(plannedStepMs(fast, steps, 2, 0)).toEqual({ ms: 14_000, exact: false });
  });

  it('fixed offsets are exact; an unknown moment or a step out of range is undefined', () => {
    expect(plannedStepMs(fast, steps, 3, 0)).toEqual({ ms: 6_000, exact: true });
    expect(plannedStepMs(fast, steps, 4, 0)).toEqual({ ms: 1_000, exact: true });
    expect(plannedStepMs(fast, steps.slice(1), 0, 0)).toBeUndefined();
    expect(plannedStepMs(fast, steps, 9, 0)).toBeUndefined();
    const human = pacedScenario(testScenario({ faults: [freeze] }), 'human');
    expect(plannedStepMs(human, steps, 0, 0)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { FaultSpec, ResponseStep } from '../../shared/scenario-schema';
import { faultFollowers, faultOffsets, seededRandom, stepsSince } from './fault-schedule';

const partition = (id: string, at: FaultSpec['at']): FaultSpec => ({
  id,
  kind: 'partition',
  groups: [['redis-1'], ['redis-2']],
  direction: 'both',
  at,
});

describe('fault schedule', () => {
  it('fires fixed offsets as written and leaves instructor faults unscheduled', () => {
    const offsets = faultOffsets(
      [partition('a', { after: '5s' }), partition('b', { trigger: 'instructor' })],
      1,
    );
    expect(offsets.get('a')).toBe(5000);
    expect(offsets.has('b')).toBe(true);
    expect(offsets.get('b')).toBeUndefined();
  });

  it('draws random windows from the seed: same seed same moment, inside the window', () => {
    const faults = [partition('r', { between: ['5s', '15s'] })];
    const seen = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const x = faultOffsets(faults, seed).get('r') ?? -1;
      expect(x).toBeGreaterThanOrEqual(5000);
      expect(x).toBeLessThanOrEqual(15000);
      expect(faultOffsets(faults, seed).get('r')).toBe(x);
      seen.add(x);
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  it("fires a fault declared with another at that one's moment, drawn once, after it in order", () => {
    const faults = [
      partition('cut', { between: ['5s', '15s'] }),
      partition('later', { between: ['5s', '15s'] }),
      partition('skew', { with: 'cut' }),
      partition('also', { with: 'cut' }),
    ];
    for (let seed = 1; seed <= 5; seed++) {
      const offsets = faultOffsets(faults, seed);
      expect(offsets.get('skew')).toBe(offsets.get('cut'));
      expect(offsets.get('also')).toBe(offsets.get('cut'));
      // The follower draws nothing: the next window is drawn as if it were not there.
      expect(offsets.get('later')).toBe(faultOffsets(faults.slice(0, 2), seed).get('later'));
    }
    expect(faultFollowers(faults)).toEqual(new Map([['cut', ['skew', 'also']]]));
  });

  it('has a deterministic generator', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('orders the steps that count from a given fault', () => {
    const steps: ResponseStep[] = [
      { since: 'cut', after: '9s', do: { kind: 'heal' } },
      { since: 'start', after: '1s', do: { kind: 'end' } },
      { since: 'cut', after: '2s', do: { kind: 'isolate-clients', node: 'redis-1' } },
    ];
    expect(stepsSince(steps, 'cut').map((s) => s.after)).toEqual(['2s', '9s']);
  });
});

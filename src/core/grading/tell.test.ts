import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../shared/lab-types';
import { findTell, majorityOf, mastersClaimedTell, slowIn } from './tell';

const sample = (t: number, masters: string[]): ProbeSample => ({
  t,
  nodes: masters.map((node) => ({ node, kind: 'redis', role: 'master', state: 'running' })),
  mastersClaimed: masters.length,
  unknownNodes: 0,
});

describe('findTell', () => {
  it('asks the system for each sample from `from` on and returns the first tell it names', () => {
    const asked: number[] = [];
    const tell = findTell([sample(1, []), sample(2, ['a']), sample(3, ['a', 'b'])], 2, 'a', {
      tellIn: (s, stale, opts) => {
        asked.push(s.t);
        expect(stale).toBe('a');
        expect(opts.kinds).toEqual(['masters-claimed', 'sentinels-moved']);
        return mastersClaimedTell(s);
      },
    });
    expect(asked).toEqual([2, 3]);
    expect(tell).toEqual({ at: 3, kind: 'masters-claimed', detail: 'a and b claim master' });
  });
});

describe('the leader-slow tell (grey failure)', () => {
  type Read = { rtt?: number; unknown?: boolean; state?: 'running' | 'paused' | 'stopped' };
  const read = (t: number, r: Read): ProbeSample => ({
    t,
    nodes: [
      {
        node: 'pg-1',
        kind: 'postgres',
        role: r.unknown ? 'unknown' : 'master',
        state: r.state ?? 'running',
        ...(r.rtt !== undefined ? { rttMs: r.rtt } : {}),
      },
      { node: 'pg-2', kind: 'postgres', role: 'replica', state: 'running', rttMs: 900 },
    ],
    mastersClaimed: r.unknown ? 0 : 1,
    unknownNodes: r.unknown ? 1 : 0,
  });
  const none = { tellIn: () => undefined };
  const slow = { kinds: ['leader-slow' as const] };

  it('shows on the third slow or silent probe of the stale leader in a row, its container running', () => {
    const samples = [
      read(1, { rtt: 5 }),
      read(2, { rtt: 350 }),
      read(3, { unknown: true }),
      read(4, { rtt: 20 }),
      read(5, { rtt: 800 }),
      read(6, { unknown: true }),
      read(7, { unknown: true }),
    ];
    expect(findTell(samples, 0, 'pg-1', none, slow)).toMatchObject({ at: 7, kind: 'leader-slow' });
    expect(findTell(samples, 0, 'pg-1', none, slow)!.detail).toMatch(/pg-1 answered no probe/);
  });

  it('is not grey when the node is paused or stopped, or another node is slow, or it is not asked for', () => {
    const paused = [1, 2, 3, 4].map((t) => read(t, { unknown: true, state: 'paused' }));
    expect(findTell(paused, 0, 'pg-1', none, slow)).toBeUndefined();
    const stopped = [1, 2, 3, 4].map((t) => read(t, { unknown: true, state: 'stopped' }));
    expect(findTell(stopped, 0, 'pg-1', none, slow)).toBeUndefined();
    const fast = [1, 2, 3, 4].map((t) => read(t, { rtt: 12 }));
    expect(findTell(fast, 0, 'pg-1', none, slow)).toBeUndefined();
    const silent = [1, 2, 3, 4].map((t) => read(t, { unknown: true }));
    expect(findTell(silent, 0, 'pg-1', none)).toBeUndefined();
    expect(findTell(silent, 0, undefined, none, slow)).toBeUndefined();
    expect(slowIn(silent[0]!, 'pg-2')).toBe(true);
    expect(slowIn(fast[0]!, 'pg-1')).toBe(false);
  });
});

describe('majorityOf', () => {
  it('needs a strict majority of all coordinators, silent ones counted', () => {
    expect(majorityOf(['a', 'a', 'b'])).toBe('a');
    expect(majorityOf(['a', undefined, undefined])).toBeUndefined();
    expect(majorityOf(['a', 'b'])).toBeUndefined();
    expect(majorityOf([])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../shared/lab-types';
import { findTell, majorityOf, mastersClaimedTell } from './tell';

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

describe('majorityOf', () => {
  it('needs a strict majority of all coordinators, silent ones counted', () => {
    expect(majorityOf(['a', 'a', 'b'])).toBe('a');
    expect(majorityOf(['a', undefined, undefined])).toBeUndefined();
    expect(majorityOf(['a', 'b'])).toBeUndefined();
    expect(majorityOf([])).toBeUndefined();
  });
});

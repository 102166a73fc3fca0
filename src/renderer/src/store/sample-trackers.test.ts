import { describe, expect, it } from 'vitest';
import { redisNode, sample } from '../test/fake-client';
import { mergeTracked, trackedBy, trackSample, type SampleTracker } from './sample-trackers';

/** Counts samples with more than one node claiming master; nothing before the first one. */
const splits: SampleTracker<number> = {
  key: 'splits',
  track: (n, s) => (s.mastersClaimed > 1 ? (n ?? 0) + 1 : n),
  merge: (live, rebuilt) => Math.max(live ?? 0, rebuilt ?? 0) || undefined,
};
const healthy = (t: number) => sample(t, [redisNode('redis-1', 'master')]);
const split = (t: number) =>
  sample(t, [redisNode('redis-1', 'master'), redisNode('redis-2', 'master')]);

describe('sample trackers', () => {
  it('track each sample, keeping the same object while nothing changes', () => {
    expect(trackSample(undefined, healthy(0), [splits])).toBeUndefined();
    const one = trackSample(undefined, split(1), [splits]);
    expect(trackedBy(one, splits)).toBe(1);
    expect(trackSample(one, healthy(2), [splits])).toBe(one);
    expect(trackedBy(trackSample(one, split(3), [splits]), splits)).toBe(2);
  });

  it('merge the live state with the one rebuilt from a snapshot', () => {
    const live = trackSample(undefined, split(1), [splits]);
    expect(trackedBy(mergeTracked(live, [split(1), split(2)], [splits]), splits)).toBe(2);
    expect(mergeTracked(live, [healthy(1)], [splits])).toBe(live);
    expect(mergeTracked(undefined, [healthy(1)], [splits])).toBeUndefined();
  });
});

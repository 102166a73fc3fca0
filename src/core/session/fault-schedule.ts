import { durationMs, type FaultSpec, type ResponseStep } from '../../shared/scenario-schema';

/** A deterministic PRNG (mulberry32): the same seed gives the same fault moments. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * When each fault fires, in ms after the scenario's start; `undefined` for
 * faults that wait for an instructor trigger. Random windows draw from the
 * seed in the order the faults are declared.
 */
export function faultOffsets(faults: FaultSpec[], seed: number): Map<string, number | undefined> {
  const random = seededRandom(seed);
  const offsets = new Map<string, number | undefined>();
  for (const f of faults) {
    if ('after' in f.at) offsets.set(f.id, durationMs(f.at.after));
    else if ('between' in f.at) {
      const [from, to] = f.at.between.map(durationMs) as [number, number];
      offsets.set(f.id, Math.round(from + random() * Math.max(0, to - from)));
    } else if ('with' in f.at) offsets.set(f.id, offsets.get(f.at.with));
    else offsets.set(f.id, undefined);
  }
  return offsets;
}

/**
 * The faults that fire with each fault (`at: { with: id }`), in the order
 * they are declared: the run puts them in place right after that fault, one
 * after the other, never before it.
 */
export function faultFollowers(faults: readonly FaultSpec[]): Map<string, string[]> {
  const followers = new Map<string, string[]>();
  for (const f of faults) {
    if (!('with' in f.at)) continue;
    const list = followers.get(f.at.with) ?? [];
    list.push(f.id);
    followers.set(f.at.with, list);
  }
  return followers;
}

/** Steps of a scripted response that count from `since` (`start` or a fault id), in order of time. */
export function stepsSince(steps: ResponseStep[], since: string): ResponseStep[] {
  return steps
    .filter((s) => s.since === since)
    .sort((a, b) => durationMs(a.after) - durationMs(b.after));
}

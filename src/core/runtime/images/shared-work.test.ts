import { describe, expect, it } from 'vitest';
import type { BuildProgress } from '../../../shared/lab-types';
import { SharedWork } from './shared-work';

describe('SharedWork', () => {
  it('runs once per key while in flight; every caller gets the result and the progress', async () => {
    const work = new SharedWork<string>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a: BuildProgress[] = [];
    const b: BuildProgress[] = [];
    const job = async (emit: (p: BuildProgress) => void): Promise<string> => {
      runs++;
      emit({ image: 'redis', fraction: 0.2, message: 'Step 1/3' });
      await gate;
      emit({ image: 'redis', fraction: 1, message: 'built' });
      return 'tag';
    };
    const first = work.run('k', (p) => a.push(p), job);
    const second = work.run('k', (p) => b.push(p), job);
    expect(work.size).toBe(1);
    release();
    expect(await Promise.all([first, second])).toEqual(['tag', 'tag']);
    expect(runs).toBe(1);
    expect(a.map((p) => p.message)).toEqual(['Step 1/3', 'built']);
    expect(b.map((p) => p.message)).toEqual(['Step 1/3', 'built']); // replayed, then live
    expect(work.size).toBe(0);
    await work.run('k', undefined, job);
    expect(runs).toBe(2);
  });

  it('shares a failure and forgets it', async () => {
    const work = new SharedWork<string>();
    const fail = async (): Promise<string> => {
      throw new Error('boom');
    };
    const results = await Promise.allSettled([
      work.run('k', undefined, fail),
      work.run('k', undefined, fail),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(work.size).toBe(0);
    expect(await work.run('k', undefined, async () => 'ok')).toBe('ok');
  });
});

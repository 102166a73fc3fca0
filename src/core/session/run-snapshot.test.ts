import { describe, expect, it } from 'vitest';
import { RunHistory } from './run-history';
import { snapshotOf } from './run-snapshot';

const sample = (t: number, masters: number) => ({
  t,
  nodes: [],
  mastersClaimed: masters,
  unknownNodes: 0,
});

describe('run history and snapshot', () => {
  it('numbers events consecutively, freezes them and publishes each', () => {
    const seen: number[] = [];
    const h = new RunHistory('r-test', (e) => seen.push(e.seq));
    h.append({ kind: 'phase', phase: 'preparing' }, 1000);
    const e = h.append({ kind: 'phase', phase: 'building' }, 1001);
    expect(seen).toEqual([1, 2]);
    expect(Object.isFrozen(e)).toBe(true);
    expect(() => {
      (e as { seq: number }).seq = 9;
    }).toThrow();
  });

  it('derives phase, time to ready, latest build progress per image and bounded samples', () => {
    const h = new RunHistory('r-test');
    h.append({ kind: 'phase', phase: 'preparing' }, 1000);
    h.append(
      { kind: 'build', progress: { image: 'redis', fraction: 0.5, message: 'Step 2/4' } },
      1100,
    );
    h.append({ kind: 'build', progress: { image: 'redis', fraction: 1, message: 'done' } }, 1200);
    for (let i = 0; i < 5; i++) h.append({ kind: 'sample', sample: sample(2000 + i, 1) }, 2000 + i);
    h.append({ kind: 'phase', phase: 'running' }, 4600);
    const s = snapshotOf('r-test', 'redis-sentinel', h.all(), 3);
    expect(s.phase).toBe('running');
    expect(s.readyAfterMs).toBe(3600);
    expect(s.build).toEqual([{ image: 'redis', fraction: 1, message: 'done' }]);
    expect(s.samples.map((x) => x.t)).toEqual([2002, 2003, 2004]);
  });

  it('carries the failure reason', () => {
    const h = new RunHistory('r-test');
    h.append({ kind: 'phase', phase: 'preparing' });
    h.append({ kind: 'phase', phase: 'failed', detail: 'no Docker engine' });
    expect(snapshotOf('r-test', 'x', h.all())).toMatchObject({
      phase: 'failed',
      error: 'no Docker engine',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { Action } from '../../shared/scenario-schema';
import { HistoryBuilder, contextFor, testScenario } from '../testing/test-history';
import { failedOver } from './failed-over.check';

const scenario = testScenario({
  grading: {
    passMark: 70,
    checks: [
      { check: 'failed-over', weight: 40, required: true, params: { timeBands: [60, 150] } },
    ],
  },
});

interface Story {
  /** When redis-1 stops answering (lost); the others read replica. */
  lostAt?: number;
  /** When redis-2 leads; undefined = never. */
  replacedAt?: number;
  /** redis-1 itself leads again from then on (it was started again). */
  backAt?: number;
  move?: { at: number; issuedAt?: number; action: Action };
  /** Samples in which every node is unreadable (a probe hiccup), [from, to). */
  blind?: [number, number];
  /** Samples in which only the master is unreadable, [from, to). */
  hiccup?: [number, number];
  endAt?: number;
}

function run(o: Story) {
  const lostAt = o.lostAt ?? 8000;
  const endAt = o.endAt ?? 120_000;
  const h = new HistoryBuilder().start();
  h.ticks(0, endAt, (at) => {
    if (o.hiccup && at >= o.hiccup[0] && at < o.hiccup[1])
      return { masters: [], sentinels: ['redis-1'], unknown: ['redis-1'] };
    if (o.blind && at >= o.blind[0] && at < o.blind[1])
      return { masters: [], sentinels: ['redis-1'], unknown: ['redis-1', 'redis-2', 'redis-3'] };
    if (o.replacedAt !== undefined && at >= o.replacedAt)
      return { masters: ['redis-2'], sentinels: ['redis-2'], unknown: ['redis-1'] };
    if (o.backAt !== undefined && at >= o.backAt)
      return { masters: ['redis-1'], sentinels: ['redis-1'] };
    if (at >= lostAt) return { masters: [], sentinels: ['redis-1'], unknown: ['redis-1'] };
    return { masters: ['redis-1'], sentinels: ['redis-1'] };
  });
  h.fault(5000, scenario.faults[0]!);
  if (o.move) h.act(o.move.at, o.move.action, true, 'palette', o.move.issuedAt);
  return failedOver(contextFor(scenario, h.events(), 'failed-over'));
}

describe('failed-over', () => {
  it('times the trainee from the leaderless cluster on screen to the last move, and the rest apart', () => {
    const r = run({
      replacedAt: 50_000,
      move: {
        issuedAt: 30_000,
        at: 31_000,
        action: {
          kind: 'console',
          node: 'sentinel-3',
          command: 'redis-cli -p 26379 SENTINEL FAILOVER mymaster',
        },
      },
    });
    expect(r.verdict).toBe('pass');
    expect(r.credit).toBe(1);
    expect(r.figures).toMatchObject({
      lostMaster: 'redis-1',
      newMaster: 'redis-2',
      seconds: 42,
      band: 'full',
      reactionSeconds: 22,
      engineSeconds: 1,
    });
    expect(r.why).toContain('redis-2 took over 42 s after the cluster showed no master');
  });

  it('gives half credit in the partial band and fails when no other node ever led', () => {
    expect(run({ replacedAt: 100_000 })).toMatchObject({ verdict: 'pass', credit: 0.5 });
    const never = run({});
    expect(never.verdict).toBe('fail');
    expect(never.why).toContain('No other node took over from redis-1');
  });

  it('does not count the lost master leading again as a failover', () => {
    const r = run({ backAt: 40_000 });
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain('redis-1 itself was leading again');
  });

  it('takes no sample where nothing answered as the master lost', () => {
    const r = run({ lostAt: 200_000, blind: [20_000, 21_000] });
    expect(r.verdict).toBe('unknown');
  });

  it('takes a master missing from one probe on a busy machine for a hiccup, not a loss', () => {
    // redis-1 unreadable for 500 ms (two samples) at 20 s; it really dies at 40 s.
    const r = run({
      lostAt: 40_000,
      blind: undefined,
      hiccup: [20_000, 20_500],
      replacedAt: 60_000,
    });
    expect(r.verdict).toBe('pass');
    expect(r.figures).toMatchObject({ leaderlessAt: 40, seconds: 20 });
  });
});

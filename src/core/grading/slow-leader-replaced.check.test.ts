import { describe, expect, it } from 'vitest';
import type { Action } from '../../shared/scenario-schema';
import { HistoryBuilder, contextFor, testScenario } from '../testing/test-history';
import { slowLeaderReplaced } from './slow-leader-replaced.check';

const scenario = testScenario({
  grading: {
    passMark: 70,
    splitTells: ['leader-slow', 'masters-claimed', 'sentinels-moved'],
    checks: [
      {
        check: 'slow-leader-replaced',
        weight: 30,
        required: true,
        params: { timeBands: [60, 150] },
      },
    ],
  },
});

interface GreyStory {
  /** When redis-1 turns slow (its probes time out, the container running). */
  slowAt?: number;
  /** When redis-2 leads; undefined = never. */
  replacedAt?: number;
  /** A move of the trainee's: issued at `issuedAt`, finished at `at`. */
  move?: { at: number; issuedAt?: number; action: Action };
  endAt?: number;
}

/** A grey run: redis-1 answers ever fewer probes from `slowAt`; redis-2 leads from `replacedAt`. */
function grey(o: GreyStory) {
  const slowAt = o.slowAt ?? 6000;
  const endAt = o.endAt ?? 120_000;
  const h = new HistoryBuilder().start();
  h.ticks(0, endAt, (at) => {
    if (o.replacedAt !== undefined && at >= o.replacedAt)
      return { masters: ['redis-2'], sentinels: ['redis-2'], unknown: ['redis-1'] };
    if (at >= slowAt) return { masters: ['redis-1'], sentinels: ['redis-1'], unknown: ['redis-1'] };
    return { masters: ['redis-1'], sentinels: ['redis-1'] };
  });
  h.fault(5000, scenario.faults[0]!);
  if (o.move) h.act(o.move.at, o.move.action, true, 'palette', o.move.issuedAt);
  h.writes(
    'app-pinned',
    () => 'redis-1',
    0,
    endAt,
    (at) => (at >= slowAt ? (at % 1000 < 500 ? 'timeout' : 'fail') : 'ack'),
  );
  return slowLeaderReplaced(contextFor(scenario, h.events(), 'slow-leader-replaced'));
}

describe('slow-leader-replaced', () => {
  it('passes with full credit when a stop of the slow leader handed its role on within the band, and splits the time', () => {
    const r = grey({
      replacedAt: 45_000,
      move: { issuedAt: 26_000, at: 30_000, action: { kind: 'stop', node: 'redis-1' } },
    });
    expect(r.verdict).toBe('pass');
    expect(r.credit).toBe(1);
    expect(r.figures).toMatchObject({
      move: 'stop redis-1',
      reactionSeconds: 19.5,
      engineSeconds: 4,
      handoverSeconds: 15,
      band: 'full',
    });
    expect(r.why).toMatch(/redis-2 led 38\.5 s after redis-1 showed slow/);
    expect(r.why).toMatch(/0 of \d+ writes acknowledged until then/);
    expect(r.why).toMatch(/handed the role on 15 s after the move finished/);
  });

  it('counts a switchover to another node, and gives half credit when the handover took long', () => {
    const r = grey({
      replacedAt: 90_000,
      move: { issuedAt: 30_000, at: 85_000, action: { kind: 'switchover', candidate: 'redis-2' } },
    });
    expect(r.verdict).toBe('pass');
    expect(r.credit).toBe(0.5);
    expect(r.figures).toMatchObject({ move: 'switchover to redis-2', band: 'partial' });
  });

  it('fails when the slow leader still led at the end, and says why', () => {
    const r = grey({});
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(/redis-1 was still the leader when the scenario ended/);
    expect(r.why).toMatch(/a person has to hand it on/);
  });

  it('does not count a fence of the slow leader that hands nothing on (its clients cut off, it still leads)', () => {
    const r = grey({
      move: { at: 20_000, action: { kind: 'isolate-clients', node: 'redis-1' } },
    });
    expect(r.verdict).toBe('fail');
  });

  it('credits the cluster when it replaced the slow leader on its own', () => {
    const r = grey({ replacedAt: 30_000 });
    expect(r.verdict).toBe('pass');
    expect(r.why).toMatch(/replaced with no move of the trainee/);
    expect(r.figures?.move).toBeUndefined();
  });

  it('is unknown when the leader never showed slow', () => {
    const r = grey({ slowAt: 500_000 });
    expect(r.verdict).toBe('unknown');
  });
});

import { describe, expect, it } from 'vitest';
import { requiredFailedText } from '../../shared/check-titles';
import { MOVE_EFFECTS, takesOutOfService } from '../../shared/move-effects';
import type { RunEvent } from '../../shared/run-events';
import type { Action } from '../../shared/scenario-schema';
import { gradeRun } from './grade-run';
import { GOOD_RESPONSE, T0, staleLeaderStory, testScenario } from '../testing/test-history';

const scenario = testScenario();
const good = GOOD_RESPONSE;

/** The good response, plus one more move on redis-2 (the master the sentinels elected) at +16 s. */
function withMoveOnNewMaster(action: Action): RunEvent[] {
  const events = staleLeaderStory(scenario, good);
  const at = T0 + 16_000;
  const i = events.findIndex((e) => e.t > at);
  const move: RunEvent = {
    kind: 'action',
    action,
    source: 'palette',
    ok: true,
    detail: 'done',
    runId: events[0]!.runId,
    seq: 0,
    t: at,
  };
  const all = [...events.slice(0, i), move, ...events.slice(i)];
  return all.map((e, n) => ({ ...e, seq: n + 1 }));
}

const check = (events: RunEvent[]) => {
  const c = gradeRun(scenario, events).checks.find((x) => x.check === 'did-not-fence-new-master');
  if (!c) throw new Error('no did-not-fence-new-master');
  return c;
};

describe('did-not-fence-new-master counts every move that takes a node out of service', () => {
  const nodeMoves = (Object.keys(MOVE_EFFECTS) as Action['kind'][]).filter(
    (kind) => !['heal', 'trigger-fault', 'end', 'maintenance-on', 'maintenance-off'].includes(kind),
  );

  it.each(nodeMoves.filter(takesOutOfService))('%s on the new master fails it', (kind) => {
    const action = { kind, node: 'redis-2' } as Action;
    const c = check(withMoveOnNewMaster(action));
    expect(c.verdict).toBe('fail');
    expect(c.why).toContain(`${kind} on redis-2`);
  });

  it('stop-postgres is one of them (the move a Patroni trainee fences with)', () => {
    expect(takesOutOfService('stop-postgres')).toBe(true);
    expect(MOVE_EFFECTS['stop-postgres'].fence).toBe(true);
  });

  it.each(['export-keys', 'unisolate-clients', 'start', 'resume'] as const)(
    '%s on the new master leaves it passing',
    (kind) => {
      expect(check(withMoveOnNewMaster({ kind, node: 'redis-2' })).verdict).toBe('pass');
    },
  );
});

describe('a required check', () => {
  const required = {
    ...scenario,
    grading: {
      ...scenario.grading,
      checks: scenario.grading.checks.map((c) =>
        c.check === 'did-not-fence-new-master' ? { ...c, required: true } : c,
      ),
    },
  };

  it('fails the attempt when it fails, whatever the score, and says which', () => {
    const events = withMoveOnNewMaster({ kind: 'stop', node: 'redis-2' });
    const open = gradeRun(scenario, events);
    expect(open.score).toBeGreaterThanOrEqual(open.passMark);
    expect(open.passed).toBe(true);
    const g = gradeRun(required, events);
    expect(g.score).toBe(open.score);
    expect(g.passed).toBe(false);
    expect(g.requiredFailed).toEqual(['did-not-fence-new-master']);
    expect(g.checks.find((c) => c.check === 'did-not-fence-new-master')?.required).toBe(true);
    expect(requiredFailedText(g, 'redis-sentinel')).toMatch(
      /^Not passed: a required check failed \(“The new master was left alone”\)/,
    );
    expect(requiredFailedText(open, 'redis-sentinel')).toBeUndefined();
  });

  it('does not fail the attempt when it passes or cannot judge', () => {
    const g = gradeRun(required, staleLeaderStory(required, good));
    expect(g.passed).toBe(true);
    expect(g.requiredFailed).toBeUndefined();
    const noSplit = gradeRun(required, staleLeaderStory(required, { failoverAt: null }));
    expect(noSplit.checks.find((c) => c.check === 'did-not-fence-new-master')?.verdict).toBe(
      'unknown',
    );
    expect(noSplit.requiredFailed).toBeUndefined();
  });
});

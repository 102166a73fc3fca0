import { describe, expect, it } from 'vitest';
import { explainSteps, type ExplainStep } from './lock-explain-steps';
import { HistoryBuilder } from './testing/lock-fixtures';

/** Seed 004's worked example up to the zombie's wake: worker-1 holds 7, freezes, worker-2 takes 12. */
function zombieHistory(check: boolean): HistoryBuilder {
  return new HistoryBuilder()
    .start({ fencingCheck: check, leaseTtlSeconds: 5 })
    .lock(500, 'worker-1', true, 'acquired, token 7', 7)
    .writes(600, 'worker-1', 7, 20)
    .pause(3000, 'worker-1', 'inject')
    .lock(9000, 'worker-2', true, 'acquired, token 12', 12)
    .writes(9100, 'worker-2', 12, 10)
    .pause(11_000, 'worker-1', 'revert');
}

const kinds = (steps: ExplainStep[]) => steps.map((s) => s.kind);

describe('explain mode: the steps of a run from its history', () => {
  it('check off: the zombie wakes and its stale write gets in', () => {
    const h = zombieHistory(false)
      .writes(11_050, 'worker-1', 7, 1)
      .lock(11_100, 'worker-1', false, 'lease expired: lost the lock (token 7)')
      .writes(11_200, 'worker-2', 12, 5);
    const steps = explainSteps(h.events);
    expect(kinds(steps)).toEqual([
      'acquire',
      'writes',
      'freeze',
      'acquire',
      'writes',
      'wake',
      'zombie-accepted',
      'lost',
      'writes',
    ]);
    expect(steps.map((s) => s.at)).toEqual([
      500, 600, 3000, 9000, 9100, 11_000, 11_050, 11_100, 11_200,
    ]);
    expect(steps[0]?.text).toBe(
      'worker-1 took the lock in etcd: fencing token 7 (the revision etcd gave its put).',
    );
    expect(steps[1]?.text).toBe(
      "worker-1 wrote 20 times with token 7: all accepted; storage's highest accepted token is now 7.",
    );
    expect(steps[2]?.text).toBe(
      'worker-1 frozen (docker pause, fault freeze): its process stops mid-work. It still believes it holds the lock with token 7, but cannot renew its 5 s lease: etcd lets the lease lapse and gives the lock to the next worker that asks.',
    );
    expect(steps[3]?.text).toBe(
      'worker-2 took the lock in etcd: fencing token 12 (the revision etcd gave its put). worker-1, frozen, still believes it holds token 7: its lease ran out.',
    );
    expect(steps[5]?.text).toBe(
      'worker-1 resumed (docker unpause, fault freeze reverted): it carries on where it stopped, still believing it holds the lock with token 7, but etcd gave the lock to worker-2 with token 12 while it was frozen.',
    );
    expect(steps[6]).toMatchObject({
      node: 'worker-1',
      token: 7,
      count: 1,
      text: "worker-1 woke and wrote with token 7 while storage had seen 12: ACCEPTED — the stale write got in (storage's fencing check is off).",
      state: {
        holder: 'worker-2',
        token: 12,
        storage: { highest: 12, checkOn: false },
        workers: [
          { worker: 'worker-1', holding: true, token: 7, frozen: false },
          { worker: 'worker-2', holding: true, token: 12, frozen: false },
        ],
      },
    });
    expect(steps[7]?.text).toBe(
      'worker-1 gives up the lock (token 7), in its own words: "lease expired: lost the lock (token 7)".',
    );
    // worker-1 losing its lease does not free the lock: worker-2 holds it.
    expect(steps[7]?.state).toMatchObject({ holder: 'worker-2', token: 12 });
    expect(steps[7]?.state.workers[0]).toEqual({
      worker: 'worker-1',
      holding: false,
      frozen: false,
    });
    expect(steps[8]?.text).toBe('worker-2 wrote 5 times with token 12: all accepted.');
  });

  it('shows the state at each step: frozen, holder, storage', () => {
    const steps = explainSteps(zombieHistory(false).events);
    expect(steps[2]?.state).toMatchObject({
      holder: 'worker-1',
      token: 7,
      storage: { highest: 7, checkOn: false },
      workers: [{ worker: 'worker-1', holding: true, token: 7, frozen: true }, { holding: false }],
    });
    expect(steps[0]?.state.storage.highest).toBe(0);
  });

  it('check on from the start: the stale write is refused, the highest token stays', () => {
    const h = zombieHistory(true)
      .writes(11_050, 'worker-1', 7, 1, 'refused', 12)
      .lock(11_100, 'worker-1', false, 'lease expired: lost the lock (token 7)');
    const steps = explainSteps(h.events);
    const zombie = steps.find((s) => s.kind === 'zombie-refused');
    expect(zombie?.text).toBe(
      'worker-1 woke and wrote with token 7 while storage had seen 12: REFUSED by the fencing check.',
    );
    expect(zombie?.state.storage).toEqual({ highest: 12, checkOn: true });
    expect(kinds(steps)).not.toContain('zombie-accepted');
  });

  it("the check turned on by a move, or typed on storage's console; a failed move changes nothing", () => {
    const h = zombieHistory(false)
      .check(10_200, true, false)
      .check(10_500, true)
      .console(10_600, 'storage', "UPDATE dojo_fence SET check_on = 'f';")
      .check(10_700, true, true, 'script')
      .writes(11_050, 'worker-1', 7, 1, 'refused', 12);
    const steps = explainSteps(h.events);
    const checks = steps.filter((s) => s.kind.startsWith('check'));
    expect(checks.map((s) => [s.kind, s.text])).toEqual([
      [
        'check-on',
        "storage's fencing check turned on (your move): from now on it refuses a write whose token is lower than 12, the highest it has accepted.",
      ],
      [
        'check-off',
        "storage's fencing check turned off (`UPDATE dojo_fence SET check_on = 'f';` typed on storage; the console does not say whether it took): it takes every write again, whatever its token.",
      ],
      [
        'check-on',
        "storage's fencing check turned on (the scripted response): from now on it refuses a write whose token is lower than 12, the highest it has accepted.",
      ],
    ]);
    expect(kinds(steps).slice(-2)).toEqual(['wake', 'zombie-refused']);
  });

  it("orders a worker's acquisition before its first write with the token, and its loss after its last", () => {
    const h = new HistoryBuilder()
      .start()
      // The engine read the status lines after the first and last write's answers.
      .writes(950, 'worker-1', 7, 3)
      .lock(1000, 'worker-1', true, 'acquired, token 7', 7)
      .lock(1200, 'worker-1', false, 'lease expired: lost the lock (token 7)')
      .writes(1250, 'worker-1', 7, 1, 'fail');
    const steps = explainSteps(h.events);
    expect(kinds(steps)).toEqual(['acquire', 'writes', 'writes', 'lost']);
    expect(steps[0]?.at).toBe(950);
    expect(steps[2]?.text).toBe('A write by worker-1 with token 7 failed: ECONNREFUSED.');
    expect(steps[3]?.at).toBe(1250);
  });

  it("groups writes per worker, token and verdict; another worker's write breaks a run", () => {
    const h = new HistoryBuilder()
      .start()
      .lock(0, 'worker-1', true, 'acquired, token 3', 3)
      .writes(100, 'worker-1', 3, 1)
      .writes(150, 'worker-2', 3, 1, 'fail')
      .writes(200, 'worker-1', 3, 2);
    expect(explainSteps(h.events).map((s) => [s.kind, s.node, s.count])).toEqual([
      ['acquire', 'worker-1', undefined],
      ['writes', 'worker-1', 1],
      ['writes', 'worker-2', 1],
      ['writes', 'worker-1', 2],
    ]);
    expect(explainSteps(h.events)[1]?.text).toBe(
      "worker-1 wrote once with token 3: accepted; storage's highest accepted token is now 3.",
    );
  });

  it('a history without lock events or token writes has no steps', () => {
    expect(explainSteps([])).toEqual([]);
    expect(explainSteps(new HistoryBuilder().start().events)).toEqual([]);
  });
});

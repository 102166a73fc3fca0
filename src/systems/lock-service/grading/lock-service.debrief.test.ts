import { describe, expect, it } from 'vitest';
import type { NodeObservation } from '../../../shared/lab-types';
import type { RunEvent } from '../../../shared/run-events';
import type { FinalHealth, WriteRecord } from '../../../shared/scenario-types';
import { buildTimeline } from '../../../core/debrief/timeline';
import { systemDebrief } from '../../../core/debrief/system-debriefs';
import { deriveRunFacts } from '../../../core/grading/run-facts';
import { HistoryBuilder, T0 } from '../../../core/testing/test-history';
import { lockFinalHealth } from '../shared/testing/lock-fixtures';
import { lockTestScenario, lockWrite } from './testing/lock-grading-fixtures';
import { LOCK_EVENT_MERGE_MS, lockServiceDebrief } from './lock-service.debrief';

/** The shipped card's two misdiagnoses (zombie-lock-holder). */
const LIVE_HOLDER = 'worker-2 took the lock from a live holder, so worker-2 is the problem.';
const LOCK_PROTECTS = 'The lock protects storage, so a worker that lost it cannot write.';

const scenario = lockTestScenario({
  teaching: {
    shape: 's',
    howItShows: 'h',
    tell: 't',
    misdiagnoses: [
      { looksLike: LOCK_PROTECTS, butActually: 'b', howToTell: 'c' },
      { looksLike: LIVE_HOLDER, butActually: 'b', howToTell: 'c' },
    ],
    fix: { immediate: 'i', shortTerm: 's', longTerm: 'l' },
    story: 's',
  },
});

/** One write of `client` with `token`, sent at `at` ms after the start, done 5 ms later. */
const write = (
  client: string,
  seq: number,
  at: number,
  token: number,
  outcome: WriteRecord['outcome'] = 'ack',
): WriteRecord => lockWrite(client, seq, at, token, outcome);

/**
 * seed 004's story: worker-1 holds the lock (token 7) and writes once a
 * second; it freezes at +5 s for 10 s; its lease runs out and worker-2 takes
 * the lock (token 12) at +10 s and writes from +11 s; worker-1 wakes at +15 s
 * and writes twice with token 7, then learns it lost the lock at +15.5 s.
 * `checkAt`: when the trainee turns storage's fencing check on (never when
 * absent): the zombie writes are refused after it, accepted before it;
 * `freeFrom`: etcd shows the lock free from then until +10 s.
 */
function zombieStory(checkAt?: number, freeFrom = 10_000): RunEvent[] {
  const on = (at: number) => checkAt !== undefined && at >= checkAt;
  const h = new HistoryBuilder().start({ leaseTtlSeconds: 5, fencingCheck: false });
  h.add(100, {
    kind: 'lock-event',
    node: 'worker-1',
    holding: true,
    token: 7,
    detail: 'acquired, token 7',
  });
  h.samples(0, 20_000, (at) => {
    const etcd: NodeObservation = {
      node: 'etcd-1',
      kind: 'lock',
      role: 'dcs',
      state: 'running',
      lock:
        at < freeFrom
          ? { holder: 'worker-1', token: 7, leaseTtlSeconds: 5 }
          : at < 10_000
            ? {}
            : {
                holder: 'worker-2',
                token: 12,
                leaseTtlSeconds: 5,
                previousHolder: 'worker-1',
                previousToken: 7,
              },
    };
    const zombies = on(at) ? 0 : [15_005, 15_205].filter((t) => at >= t).length;
    const storage: NodeObservation = {
      node: 'storage',
      kind: 'storage',
      role: 'master',
      state: 'running',
      fence: {
        checkOn: on(at),
        highest: at >= 11_005 ? 12 : 7,
        accepted: {},
        staleAccepted: zombies,
        ...(zombies > 0 || at < 11_005
          ? { lastWriter: 'worker-1', lastToken: 7 }
          : { lastWriter: 'worker-2', lastToken: 12 }),
      },
    };
    return { t: T0 + at, nodes: [etcd, storage], mastersClaimed: 1, unknownNodes: 0 };
  });
  h.fault(5000, scenario.faults[0]!);
  h.add(10_000, {
    kind: 'lock-event',
    node: 'worker-2',
    holding: true,
    token: 12,
    detail: 'acquired, token 12',
  });
  if (checkAt !== undefined) h.act(checkAt, { kind: 'fencing-check', node: 'storage', on: true });
  h.fault(15_000, scenario.faults[0]!, 'revert');
  const records: WriteRecord[] = [];
  for (let i = 0; i < 5; i++) records.push(write('worker-1', i + 1, i * 1000, 7));
  for (let i = 0; i < 9; i++) records.push(write('worker-2', i + 1, 11_000 + i * 1000, 12));
  const zombie = on(15_000) ? 'fail' : 'ack';
  records.push(write('worker-1', 6, 15_000, 7, zombie), write('worker-1', 7, 15_200, 7, zombie));
  h.add(19_900, { kind: 'writes', records });
  h.add(15_500, {
    kind: 'lock-event',
    node: 'worker-1',
    holding: false,
    detail: 'lease expired: lost the lock (token 7)',
  });
  return h.events();
}

describe('the timeline of a lock-service run', () => {
  it("shows the lock moving with its tokens, the workers' own words and the check turned on", () => {
    const tl = buildTimeline(zombieStory(12_000), 'lock-service').filter(
      (e) => e.at >= 100 && e.at <= 16_000 && e.kind !== 'fault' && e.kind !== 'phase',
    );
    expect(tl.map((e) => [e.at, e.kind, e.label])).toEqual([
      [100, 'lock', 'worker-1: acquired, token 7'],
      [10_000, 'lock', 'worker-2: acquired, token 12'],
      [10_000, 'tell', 'etcd: lock held by worker-2'],
      [10_000, 'tell', 'lock moved from worker-1 (token 7) to worker-2 (token 12)'],
      [12_000, 'action', 'storage: fencing check on'],
      [12_000, 'tell', "storage's fencing check turned on"],
      [15_500, 'lock', 'worker-1: lease expired: lost the lock (token 7)'],
    ]);
    expect(tl.find((e) => e.label.startsWith('worker-1: lease'))).toMatchObject({
      node: 'worker-1',
      detail: 'believes it holds no lock',
    });
  });

  it('marks the moment storage accepted the zombie writes when the check stayed off', () => {
    const tl = buildTimeline(zombieStory(), 'lock-service');
    expect(tl.find((e) => e.label.includes('stale token'))).toEqual({
      at: 15_250,
      kind: 'tell',
      label: 'storage accepted 2 writes with a stale token',
      detail: '2 in all; last accepted from worker-1, token 7; highest token 12',
      node: 'storage',
    });
  });

  it('merges repeats of the same lock event of a worker within the merge window', () => {
    const logs = lockServiceDebrief.logEntries();
    const e = (node: string, t: number): RunEvent => ({
      kind: 'lock-event',
      node,
      holding: true,
      token: 7,
      detail: 'renewed lease',
      runId: 'r',
      seq: t,
      t,
    });
    const first = logs.add(e('worker-1', 1000), 1000);
    expect(logs.add(e('worker-1', 2000), 2000)).toBeUndefined();
    const other = logs.add(e('worker-2', 2100), 2100);
    const later = logs.add(
      e('worker-1', 2000 + LOCK_EVENT_MERGE_MS + 1),
      2000 + LOCK_EVENT_MERGE_MS + 1,
    );
    logs.finish();
    expect(first?.label).toBe('worker-1: renewed lease ×2');
    expect(other?.label).toBe('worker-2: renewed lease');
    expect(later?.label).toBe('worker-1: renewed lease');
  });
});

describe('lock-service observations', () => {
  it('shows against "took it from a live holder" that the lease ran out first and the zombie did not know', () => {
    const [lock] = systemDebrief('lock-service').observations(
      deriveRunFacts(scenario, zombieStory(undefined, 8000)),
    );
    expect(lock).toEqual({
      looksLike: LIVE_HOLDER,
      shows:
        'etcd last showed worker-1 holding the lock with token 7 at +7.8 s. It was frozen from +5.0 s to +15.0 s (pause), renewed nothing, and its 5 s lease ran out. The lock was free from +8.0 s; worker-2 took it with token 12 at +10.0 s: etcd never gave it to two workers at once. worker-1 did not know: it sent 2 writes with token 7 after that, the last at +15.2 s, 5.2 s after it had lost the lock.',
    });
    const [straight] = lockServiceDebrief.observations(deriveRunFacts(scenario, zombieStory()));
    expect(straight?.shows).toContain(
      'its 5 s lease ran out. worker-2 took it with token 12 at +10.0 s:',
    );
  });

  it('says the zombie writes got in with the check off, and were refused once it was on', () => {
    const off = lockServiceDebrief.observations(deriveRunFacts(scenario, zombieStory()))[1];
    expect(off).toEqual({
      looksLike: LOCK_PROTECTS,
      shows:
        "Storage accepted 2 writes from worker-1 with token 7 after it had accepted token 12 from worker-2 at +11.0 s. Storage's fencing check was off when the first of them came (+15.0 s). Storage did what it was built to do: a fencing token protects only storage that checks it.",
    });
    const on = lockServiceDebrief.observations(deriveRunFacts(scenario, zombieStory(12_000)))[1];
    expect(on?.shows).toBe(
      "Storage refused 2 writes from worker-1 with token 7 after it had accepted token 12 from worker-2 at +11.0 s. Storage's fencing check was on when the first of them came (+15.0 s). The check was turned on at +12.0 s (fencing-check). The token did its job: the zombie wrote, storage said no.",
    );
  });
});

describe('lock-service final health rows', () => {
  it('lists the holder, the check, the tokens and the writes by worker', () => {
    const base = lockFinalHealth();
    const f: FinalHealth = {
      ...base,
      lock: {
        ...base.lock,
        fence: { ...base.lock!.fence!, accepted: { 'worker-1': 5, 'worker-2': 9 } },
      },
    };
    expect(lockServiceDebrief.healthRows(f)).toEqual([
      ['Lock holder (etcd)', 'worker-2 (token 12), 4 s left on its lease'],
      ['Holder before it', 'worker-1 (token 7)'],
      ["Storage's fencing check", 'on'],
      ['Highest token storage accepted', '12'],
      ['Writes storage accepted, by worker', 'worker-1: 5, worker-2: 9'],
      ['Accepted with a stale token', '0'],
      ['Last accepted write', 'worker-2, token 12'],
      ['Not read', 'none'],
      ['Still active', 'nothing'],
    ]);
  });
});

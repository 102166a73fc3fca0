import { describe, expect, it } from 'vitest';
import type { FenceReading, WriteRecord } from '../../../shared/scenario-types';
import { HistoryBuilder, T0, contextFor } from '../../../core/testing/test-history';
import { lockTestScenario, lockWrite } from './testing/lock-grading-fixtures';
import { staleTokenRefused, staleWrites } from './stale-token-refused.check';

const scenario = lockTestScenario({
  faults: [{ id: 'freeze-worker-1', kind: 'pause', node: 'worker-1', at: { after: '5s' } }],
});

const write = lockWrite;

/**
 * seed 004's story: worker-1 writes with token 7 until it freezes at +5 s;
 * worker-2 takes the lock (token 12) and writes from +11 s; worker-1 wakes
 * at +15 s and writes twice more with token 7 (`zombie` says how storage
 * answered those), then stops.
 */
function zombieRun(zombie: WriteRecord['outcome'] | null, fence?: Partial<FenceReading>) {
  const h = new HistoryBuilder().start({ leaseTtlSeconds: 5, fencingCheck: false });
  const records: WriteRecord[] = [];
  for (let i = 0; i < 5; i++) records.push(write('worker-1', i + 1, i * 1000, 7));
  for (let i = 0; i < 10; i++) records.push(write('worker-2', i + 1, 11_000 + i * 1000, 12));
  if (zombie) {
    const error = zombie === 'fail' ? 'stale fencing token 7 (highest seen 12)' : undefined;
    records.push(write('worker-1', 6, 15_000, 7, zombie, error));
    records.push(write('worker-1', 7, 15_200, 7, zombie, error));
  }
  h.add(22_000, { kind: 'writes', records });
  if (fence)
    h.health(23_000, {
      masters: ['worker-2'],
      replicasCaughtUp: [],
      replicasExpected: 0,
      coordinatorViews: { 'etcd-1': 'worker-2' },
      settingsReadBack: { fencingCheck: { storage: fence.checkOn ?? false } },
      lock: {
        lock: { holder: 'worker-2', token: 12 },
        fence: { checkOn: false, highest: 12, accepted: {}, staleAccepted: 0, ...fence },
      },
    });
  return staleTokenRefused(contextFor(scenario, h.events(), 'stale-token-refused'));
}

describe('stale-token-refused', () => {
  it('fails when storage accepted the zombie writes, naming the worker, the tokens and when', () => {
    const r = zombieRun('ack');
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain(
      'Storage accepted 2 writes from worker-1 with token 7 after it had accepted token 12 from worker-2 at +11.0 s.',
    );
    expect(r.figures).toEqual({ staleAccepted: 2, staleRefused: 0, staleTimedOut: 0, highest: 12 });
  });

  it('passes when storage refused them, saying how many', () => {
    const r = zombieRun('fail', { checkOn: true });
    expect(r.verdict).toBe('pass');
    expect(r.why).toBe(
      'Storage refused every write with a stale fencing token that it answered (2 writes): 2 writes from worker-1 with token 7 after it had accepted token 12 from worker-2 at +11.0 s. No zombie write got in.',
    );
    expect(r.figures).toMatchObject({ staleAccepted: 0, staleRefused: 2 });
  });

  it('passes when no worker wrote with an old token', () => {
    const r = zombieRun(null);
    expect(r.verdict).toBe('pass');
    expect(r.why).toBe(
      'No worker wrote with an old token: 15 writes carried tokens 7 to 12, none below one storage had accepted before it was sent.',
    );
    expect(r.figures).toMatchObject({ staleAccepted: 0, staleRefused: 0, highest: 12 });
  });

  it('is unknown when no write carried a token', () => {
    const h = new HistoryBuilder().start();
    h.add(2000, { kind: 'writes', records: [write('worker-1', 1, 1000, undefined)] });
    const r = staleTokenRefused(contextFor(scenario, h.events(), 'stale-token-refused'));
    expect(r.verdict).toBe('unknown');
    expect(r.why).toBe('No write carried a fencing token, so there is nothing to judge.');
  });

  it("trusts storage's own count when it is higher than the history's, and says so", () => {
    const r = zombieRun(null, { staleAccepted: 3 });
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain(
      'Storage itself counts 3 writes it accepted with a token lower than one it had accepted before',
    );
    expect(r.figures).toMatchObject({ staleAccepted: 3 });
  });

  it("keeps the history's count when storage counts fewer", () => {
    expect(zombieRun('ack', { staleAccepted: 1 }).figures).toMatchObject({ staleAccepted: 2 });
  });

  it('is unknown when the stale writes timed out and storage was not read, pass when storage counts none', () => {
    expect(zombieRun('timeout').verdict).toBe('unknown');
    const read = zombieRun('timeout', { staleAccepted: 0 });
    expect(read.verdict).toBe('pass');
    expect(read.why).toContain('2 writes with a stale token timed out');
  });
});

describe('staleWrites', () => {
  it('does not count as stale an accepted write that was in flight when the higher token was acknowledged', () => {
    // worker-1's write was sent (and maybe taken by storage) before worker-2's token 12 came back.
    const frozen = { ...write('worker-1', 2, 900, 7), doneAt: T0 + 15_000 };
    const s = staleWrites([write('worker-1', 1, 0, 7), write('worker-2', 1, 1000, 12), frozen]);
    expect(s.accepted).toEqual([]);
    expect(s.inFlight.map((w) => w.seq)).toEqual([2]);
  });

  it('counts a refused write stale by its error text even without an accepted higher token', () => {
    const s = staleWrites([
      write('worker-1', 1, 0, 3, 'fail', 'stale fencing token 3 (highest seen 4)'),
      write('worker-2', 1, 0, 4, 'fail', 'ECONNREFUSED'),
    ]);
    expect(s.refused.map((r) => [r.write.client, r.overtakenBy])).toEqual([
      ['worker-1', undefined],
    ]);
  });

  it('finds the first accepted write above each stale token', () => {
    const s = staleWrites([
      write('worker-1', 1, 0, 7),
      write('worker-2', 1, 1000, 12),
      write('worker-1', 2, 2000, 9),
      write('worker-2', 2, 3000, 15),
      write('worker-1', 3, 4000, 12),
    ]);
    expect(s.accepted.map((x) => [x.write.token, x.overtakenBy?.token])).toEqual([
      [9, 12],
      [12, 15],
    ]);
    expect(s.highest).toBe(15);
  });
});

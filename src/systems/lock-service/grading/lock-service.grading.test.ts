import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import type { FenceReading, FinalHealth, LockReading } from '../../../shared/scenario-types';
import { finalHealth } from '../../../core/grading/final-health.check';
import { HistoryBuilder, T0, contextFor } from '../../../core/testing/test-history';
import { lockTestScenario } from './testing/lock-grading-fixtures';
import { deriveRunFacts } from '../../../core/grading/run-facts';
import { systemGrading } from '../../../core/grading/system-gradings';
import { lockHolderChoice, lockServiceGrading } from './lock-service.grading';
import { staleTokenRefused } from './stale-token-refused.check';

const scenario = lockTestScenario({
  grading: {
    passMark: 70,
    splitTells: ['sentinels-moved'],
    checks: [{ check: 'final-health', weight: 100 }],
  },
});

/** etcd-1's reading: the lock as `lock` says, or no answer. */
function etcd(lock: LockReading | 'unreadable'): NodeObservation {
  return lock === 'unreadable'
    ? { node: 'etcd-1', kind: 'lock', role: 'unknown', state: 'unreachable', error: 'timeout' }
    : { node: 'etcd-1', kind: 'lock', role: 'dcs', state: 'running', lock };
}

/** storage's reading: master with its fence table. */
function storage(fence: Partial<FenceReading> = {}): NodeObservation {
  return {
    node: 'storage',
    kind: 'storage',
    role: 'master',
    state: 'running',
    fence: { checkOn: false, highest: 7, accepted: {}, staleAccepted: 0, ...fence },
  };
}

const sample = (t: number, ...nodes: NodeObservation[]): ProbeSample => ({
  t,
  nodes,
  mastersClaimed: nodes.filter((n) => n.role === 'master').length,
  unknownNodes: 0,
});

/** A healthy end: worker-2 holds the lock with token 12, storage checks tokens. */
const health = (lock: FinalHealth['lock'] = {}): FinalHealth => ({
  masters: ['worker-2'],
  replicasCaughtUp: [],
  replicasExpected: 0,
  coordinatorViews: { 'etcd-1': 'worker-2' },
  coordinationOk: true,
  activeFaults: [],
  activeFences: [],
  settingsReadBack: { fencingCheck: { storage: true } },
  lock: {
    lock: { holder: 'worker-2', token: 12, leaseTtlSeconds: 4 },
    fence: {
      checkOn: true,
      highest: 12,
      accepted: { 'worker-1': 5, 'worker-2': 10 },
      staleAccepted: 0,
    },
    ...lock,
  },
});

const opts = { kinds: ['masters-claimed', 'sentinels-moved'] as const };

describe('lock service grading', () => {
  it("registers its own check and names etcd's holder as the coordinators' choice", () => {
    expect(systemGrading('lock-service')).toBe(lockServiceGrading);
    expect(lockServiceGrading.checks['stale-token-refused']).toBe(staleTokenRefused);
    expect(lockHolderChoice(sample(1, etcd({ holder: 'worker-2', token: 12 }), storage()))).toBe(
      'worker-2',
    );
    expect(lockHolderChoice(sample(1, etcd({}), storage()))).toBeUndefined();
    expect(lockHolderChoice(sample(1, etcd('unreadable'), storage()))).toBeUndefined();
  });

  it('tells when etcd gives the lock to another worker than the stale one, and only then', () => {
    const tell = (...nodes: NodeObservation[]) =>
      lockServiceGrading.tellIn(sample(2, ...nodes), 'worker-1', { kinds: [...opts.kinds] });
    expect(tell(etcd({ holder: 'worker-1', token: 7 }), storage())).toBeUndefined();
    expect(tell(etcd({}), storage())).toBeUndefined();
    expect(tell(etcd('unreadable'), storage())).toBeUndefined();
    expect(tell(etcd({ holder: 'worker-2', token: 12 }), storage())).toEqual({
      at: 2,
      kind: 'sentinels-moved',
      detail: 'etcd gives the lock to worker-2 (token 12), no longer to worker-1',
    });
    const moved = sample(2, etcd({ holder: 'worker-2', token: 12 }), storage());
    expect(
      lockServiceGrading.tellIn(moved, 'worker-1', { kinds: ['masters-claimed'] }),
    ).toBeUndefined();
  });

  it('finds the tell and the new holder in a run where worker-1 froze past its lease', () => {
    const h = new HistoryBuilder().start({ leaseTtlSeconds: 5, fencingCheck: false });
    h.samples(0, 20_000, (at) =>
      sample(
        T0 + at,
        at < 10_250
          ? etcd({ holder: 'worker-1', token: 7 })
          : etcd({ holder: 'worker-2', token: 12, previousHolder: 'worker-1', previousToken: 7 }),
        storage(),
      ),
    );
    h.fault(5000, scenario.faults[0]!);
    const facts = deriveRunFacts(scenario, h.events());
    expect(facts.tell).toEqual({
      at: T0 + 10_250,
      kind: 'sentinels-moved',
      detail: 'etcd gives the lock to worker-2 (token 12), no longer to worker-1',
    });
    expect([facts.staleLeader, facts.newMaster, facts.newMasterAt]).toEqual([
      'worker-1',
      'worker-2',
      T0 + 10_250,
    ]);
  });
});

describe('lock service final health', () => {
  const judge = (h: FinalHealth) => {
    const events = new HistoryBuilder().start().add(1000, { kind: 'final-health', health: h });
    return finalHealth(contextFor(scenario, events.events(), 'final-health'));
  };

  it('passes with a holder in etcd and the fencing check on, naming the holder and token', () => {
    const r = judge(health());
    expect(r.verdict).toBe('pass');
    expect(r.why).toBe(
      'Healthy at the end: worker-2 (token 12, 4 s left on its lease) holds the lock in etcd, storage answers with its fencing check on (highest token accepted 12), nothing left fenced.',
    );
    expect(r.figures).toMatchObject({ staleAccepted: 0, highestToken: 12 });
  });

  it('fails with the fencing check off or nobody holding the lock, in words', () => {
    const r = judge(
      health({
        lock: {},
        fence: { checkOn: false, highest: 12, accepted: {}, staleAccepted: 2 },
      }),
    );
    expect(r.verdict).toBe('fail');
    expect(r.why).toBe(
      "Not healthy at the end: nobody holds the lock in etcd; storage's fencing check is off: it takes a write whatever its token, a zombie holder's too.",
    );
    expect(r.figures).toMatchObject({ staleAccepted: 2 });
  });

  it('is unknown when storage did not answer and etcd shows nothing wrong', () => {
    const h = health({
      lock: { holder: 'worker-2', token: 12 },
      unreadable: { storage: 'connection refused' },
    });
    delete h.lock?.fence;
    const r = judge(h);
    expect(r.verdict).toBe('unknown');
    expect(r.why).toBe(
      'Not all of the lock service could be read at the end: storage could not be read (connection refused); among what was read, worker-2 (token 12) holds the lock in etcd.',
    );
  });

  it('does not call a lab healthy when its final health has no lock-service part', () => {
    const h = health();
    delete h.lock;
    expect(lockServiceGrading.health.unread?.(h)).toEqual([
      'the lock in etcd was not read',
      "storage's fencing state was not read",
    ]);
    expect(judge(h).verdict).toBe('unknown');
  });
});

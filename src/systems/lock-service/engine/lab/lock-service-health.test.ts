import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import { lockNode, lockSample, silentNode, storageNode } from '../../shared/testing/lock-fixtures';
import { judgeLockReadiness, lockFinalHealth, lockHeadline } from './lock-service-health';

const sample = (...nodes: NodeObservation[]): ProbeSample => ({
  t: 1000,
  nodes,
  mastersClaimed: 0,
  unknownNodes: 0,
});

describe('judgeLockReadiness', () => {
  it('is ready once etcd-1 reads the lock and storage answers with its fence row', () => {
    const r = judgeLockReadiness(lockSample(1000, {}, { checkOn: false, highest: 0 }));
    expect(r.ready).toBe(true);
    expect(r.conditions).toEqual([
      { name: 'etcd-1 answers', ok: true, detail: 'lock free' },
      {
        name: 'storage answers with its fence table',
        ok: true,
        detail: 'fencing check off, highest token 0',
      },
    ]);
  });

  it("names the lock's holder and storage's check when they are set", () => {
    const r = judgeLockReadiness(
      lockSample(1000, { holder: 'worker-1', token: 7 }, { checkOn: true, highest: 7 }),
    );
    expect(r.conditions.map((c) => c.detail)).toEqual([
      'lock held by worker-1',
      'fencing check on, highest token 7',
    ]);
  });

  it("waits while etcd-1 does not answer, with the probe's error", () => {
    const r = judgeLockReadiness(sample(silentNode('etcd-1', 'connection refused'), storageNode()));
    expect(r.ready).toBe(false);
    expect(r.conditions[0]).toEqual({
      name: 'etcd-1 answers',
      ok: false,
      detail: 'connection refused',
    });
    expect(r.conditions[1]!.ok).toBe(true);
  });

  it('waits while storage does not answer, with its error', () => {
    const r = judgeLockReadiness(
      sample(lockNode(), silentNode('storage', 'the database is starting up')),
    );
    expect(r.ready).toBe(false);
    expect(r.conditions[0]!.ok).toBe(true);
    expect(r.conditions[1]).toEqual({
      name: 'storage answers with its fence table',
      ok: false,
      detail: 'the database is starting up',
    });
  });

  it('waits for a node not probed yet', () => {
    const r = judgeLockReadiness(sample());
    expect(r.ready).toBe(false);
    expect(r.conditions.map((c) => [c.ok, c.detail])).toEqual([
      [false, 'not probed yet'],
      [false, 'not probed yet'],
    ]);
  });
});

describe('lockFinalHealth', () => {
  it("makes the lock's holder the one master and etcd-1's view, and reads back storage's check", () => {
    const lock = { holder: 'worker-2', token: 12, leaseTtlSeconds: 4 };
    const h = lockFinalHealth(
      lockSample(1000, lock, { checkOn: true, highest: 12, accepted: { 'worker-2': 3 } }),
    );
    expect(h.masters).toEqual(['worker-2']);
    expect(h.replicasCaughtUp).toEqual([]);
    expect(h.replicasExpected).toBe(0);
    expect(h.coordinatorViews).toEqual({ 'etcd-1': 'worker-2' });
    expect(h.coordinationOk).toBe(true);
    expect(h.settingsReadBack).toEqual({ fencingCheck: { storage: true } });
    expect(h.lock).toEqual({
      lock,
      fence: {
        checkOn: true,
        highest: 12,
        accepted: { 'worker-2': 3 },
        staleAccepted: 0,
      },
    });
  });

  it('has no master and a view of ? while the lock is free, with the check read back off', () => {
    const h = lockFinalHealth(lockSample(1000, {}, { checkOn: false }));
    expect(h.masters).toEqual([]);
    expect(h.coordinatorViews).toEqual({ 'etcd-1': '?' });
    expect(h.coordinationOk).toBe(true);
    expect(h.settingsReadBack).toEqual({ fencingCheck: { storage: false } });
    expect(h.lock).not.toHaveProperty('unreadable');
  });

  it('reads the check back as null and names storage when storage did not answer', () => {
    const h = lockFinalHealth(
      sample(lockNode({ holder: 'worker-1', token: 7 }), silentNode('storage')),
    );
    expect(h.masters).toEqual(['worker-1']);
    expect(h.settingsReadBack).toEqual({ fencingCheck: { storage: null } });
    expect(h.lock).toEqual({
      lock: { holder: 'worker-1', token: 7 },
      unreadable: { storage: 'timeout' },
    });
  });

  it('is not coordinated and names etcd-1 when etcd-1 did not answer', () => {
    const h = lockFinalHealth(
      sample(silentNode('etcd-1', 'paused'), storageNode({ checkOn: true })),
    );
    expect(h.masters).toEqual([]);
    expect(h.coordinatorViews).toEqual({ 'etcd-1': '?' });
    expect(h.coordinationOk).toBe(false);
    expect(h.settingsReadBack).toEqual({ fencingCheck: { storage: true } });
    expect(h.lock?.unreadable).toEqual({ 'etcd-1': 'paused' });
    expect(h.lock?.fence?.checkOn).toBe(true);
    expect(h.lock).not.toHaveProperty('lock');
  });
});

describe('the headline of the lock service', () => {
  const etcd = (over: Partial<NodeObservation>): NodeObservation => ({
    node: 'etcd-1',
    kind: 'lock',
    role: 'dcs',
    state: 'running',
    lock: {
      holder: 'worker-2',
      token: 12,
      beliefs: {
        'worker-1': { holding: true, token: 7 },
        'worker-2': { holding: true, token: 12 },
      },
    },
    ...over,
  });

  it('counts the workers that say they hold the lock on the board: two while a zombie sleeps', () => {
    expect(lockHeadline([etcd({})])).toEqual({ mastersClaimed: 2, unknownNodes: 0 });
    const none = etcd({
      lock: { holder: 'worker-2', token: 12, beliefs: { 'worker-1': { holding: false } } },
    });
    expect(lockHeadline([none])).toEqual({ mastersClaimed: 0, unknownNodes: 0 });
  });

  it('is unknown, never a count, when etcd-1 gave no reading or its container is paused', () => {
    const silent = etcd({ role: 'unknown', state: 'unreachable', error: 'timeout' });
    delete silent.lock;
    expect(lockHeadline([silent])).toEqual({ mastersClaimed: 0, unknownNodes: 1 });
    // A paused container: the controller marks its last answer unknown; that is no reading.
    expect(lockHeadline([etcd({ role: 'unknown', state: 'paused' })])).toEqual({
      mastersClaimed: 0,
      unknownNodes: 1,
    });
    expect(lockHeadline([])).toEqual({ mastersClaimed: 0, unknownNodes: 1 });
  });
});

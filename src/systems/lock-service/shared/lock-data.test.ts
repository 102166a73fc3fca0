import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import {
  classifyLockEvents,
  fenceOf,
  lockBeliefs,
  lockChipText,
  lockOf,
  writeVerdict,
  zombiesOf,
} from './lock-data';
import { lockEvent, lockNode, lockSample, silentNode, storageNode } from './testing/lock-fixtures';

/** A sample of these nodes at `t` (the counts are not read here). */
const sample = (t: number, nodes: NodeObservation[]): ProbeSample => ({
  t,
  nodes,
  mastersClaimed: 0,
  unknownNodes: 0,
});

describe('lock-service readings from probe samples', () => {
  it("reads etcd-1's lock and storage's fence; a silent node is unknown, never a stale reading", () => {
    const s = lockSample(0, { holder: 'worker-2', token: 12 }, { checkOn: true, highest: 12 });
    expect(lockOf(s)).toEqual({
      node: 'etcd-1',
      answered: true,
      reading: { holder: 'worker-2', token: 12 },
    });
    expect(fenceOf(s)?.reading?.checkOn).toBe(true);
    const silent = sample(0, [
      { ...lockNode({ holder: 'worker-1' }), role: 'unknown', error: 'paused' },
      silentNode('storage'),
    ]);
    expect(lockOf(silent)).toEqual({ node: 'etcd-1', answered: false, error: 'paused' });
    expect(fenceOf(silent)).toEqual({ node: 'storage', answered: false, error: 'timeout' });
    expect(lockOf(sample(0, [storageNode()]))).toBeUndefined();
    expect(lockOf(undefined)).toBeUndefined();
  });

  it('words the chip: holder and token, free, or unknown', () => {
    expect(lockChipText(lockOf(lockSample(0, { holder: 'worker-2', token: 12 })))).toBe(
      'worker-2 · token 12',
    );
    expect(lockChipText(lockOf(lockSample(0, {})))).toBe('free');
    expect(lockChipText(lockOf(sample(0, [silentNode('etcd-1')])))).toBe('unknown');
    expect(lockChipText(undefined)).toBe('unknown');
  });

  it('tells an accepted write from one the fencing check refused and one that failed otherwise', () => {
    expect(writeVerdict({ outcome: 'ack' })).toBe('accepted');
    expect(
      writeVerdict({ outcome: 'fail', error: 'stale fencing token 7 (highest seen 12)' }),
    ).toBe('refused');
    expect(writeVerdict({ outcome: 'fail', error: 'ECONNREFUSED' })).toBe('failed');
    expect(writeVerdict({ outcome: 'timeout' })).toBe('failed');
  });
});

describe("the workers' lock events", () => {
  const events = [
    lockEvent(1000, 'worker-1', true, 'acquired, token 7', 7),
    lockEvent(2000, 'worker-1', true, 'etcd: ETIMEDOUT', 7),
    lockEvent(3000, 'worker-2', false, 'etcd: ECONNREFUSED'),
    lockEvent(9000, 'worker-2', true, 'acquired, token 12', 12),
    lockEvent(11000, 'worker-1', false, 'lease expired: lost the lock (token 7)'),
  ];

  it('classifies each: taken with its token, lost with the token it held, else a note', () => {
    expect(classifyLockEvents(events).map((c) => [c.event.node, c.change, c.token])).toEqual([
      ['worker-1', 'acquired', 7],
      ['worker-1', 'note', 7],
      ['worker-2', 'note', undefined],
      ['worker-2', 'acquired', 12],
      ['worker-1', 'lost', 7],
    ]);
  });

  it('a worker that says it lost a lock it was never seen taking: a note', () => {
    const lone = [lockEvent(0, 'worker-1', false, 'lease expired: lost the lock (token 7)')];
    expect(classifyLockEvents(lone)[0]?.change).toBe('note');
  });

  it('keeps what each worker believes, and since when', () => {
    expect(lockBeliefs(events.slice(0, 4))).toEqual([
      { worker: 'worker-1', holding: true, token: 7, since: 1000 },
      { worker: 'worker-2', holding: true, token: 12, since: 9000 },
    ]);
    expect(lockBeliefs(events)[0]).toEqual({ worker: 'worker-1', holding: false, since: 11000 });
  });

  it('a zombie believes it holds an older token than the one etcd names, or a lock etcd let go', () => {
    const beliefs = lockBeliefs(events.slice(0, 4));
    const zombies = (lock: Parameters<typeof zombiesOf>[1], at = 10_000) =>
      zombiesOf(beliefs, lock, at).map((b) => b.worker);
    expect(zombies({ holder: 'worker-2', token: 12 })).toEqual(['worker-1']);
    expect(zombies({})).toEqual(['worker-1', 'worker-2']);
    // A reading older than worker-2's acquisition names worker-1: not a zombie yet.
    expect(zombies({ holder: 'worker-1', token: 7 }, 8000)).toEqual([]);
    // etcd's token below the worker's: the reading predates the acquisition.
    expect(zombies({ holder: 'worker-1', token: 7 })).toEqual([]);
    expect(zombies(undefined)).toEqual([]);
  });
});

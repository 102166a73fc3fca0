import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';
import type { FinalHealth } from '../../../../shared/scenario-types';
import type { LockFinalHealth } from '../../shared/lock-service.types';

/**
 * Ready once etcd-1 answers a read of the lock key and storage answers with
 * its fence row: the workers can then take the lock and write. Pure.
 */
export function judgeLockReadiness(sample: ProbeSample): ReadinessStatus {
  const etcd = sample.nodes.find((n) => n.kind === 'lock');
  const storage = sample.nodes.find((n) => n.kind === 'storage');
  return {
    ready: etcd?.lock !== undefined && storage?.fence !== undefined,
    conditions: [
      {
        name: 'etcd-1 answers',
        ok: etcd?.lock !== undefined,
        detail: etcd?.lock
          ? `lock ${etcd.lock.holder ? `held by ${etcd.lock.holder}` : 'free'}`
          : (etcd?.error ?? 'not probed yet'),
      },
      {
        name: 'storage answers with its fence table',
        ok: storage?.fence !== undefined,
        detail: storage?.fence
          ? `fencing check ${storage.fence.checkOn ? 'on' : 'off'}, highest token ${storage.fence.highest}`
          : (storage?.error ?? 'not probed yet'),
      },
    ],
  };
}

/**
 * The lock service's final health from one sample (see FinalHealth.lock):
 * the lock's holder is the one "master", storage's fencing check is read
 * back as the setting `fencingCheck`. Pure.
 */
export function lockFinalHealth(
  sample: ProbeSample,
): Omit<FinalHealth, 'activeFaults' | 'activeFences'> {
  const etcd = sample.nodes.find((n) => n.kind === 'lock');
  const storage = sample.nodes.find((n) => n.kind === 'storage');
  const unreadable: Record<string, string> = {};
  if (etcd && !etcd.lock) unreadable[etcd.node] = etcd.error ?? 'no answer';
  if (storage && !storage.fence) unreadable[storage.node] = storage.error ?? 'no answer';
  const lock: LockFinalHealth = {
    ...(etcd?.lock ? { lock: etcd.lock } : {}),
    ...(storage?.fence ? { fence: storage.fence } : {}),
    ...(Object.keys(unreadable).length > 0 ? { unreadable } : {}),
  };
  const holder = etcd?.lock?.holder;
  return {
    masters: holder ? [holder] : [],
    replicasCaughtUp: [],
    replicasExpected: 0,
    coordinatorViews: etcd ? { [etcd.node]: holder ?? '?' } : {},
    coordinationOk: etcd?.lock !== undefined,
    settingsReadBack: {
      fencingCheck: { [storage?.node ?? 'storage']: storage?.fence?.checkOn ?? null },
    },
    lock,
  };
}

/**
 * The headline's counts for the lock service: the workers whose last word on
 * etcd's status board is that they hold the lock (two: one of them acts on a
 * lock it lost), and etcd-1 unknown when it gave no reading (or its container
 * is paused or stopped, so its last answer is no reading). Pure.
 */
export function lockHeadline(
  nodes: readonly NodeObservation[],
): Pick<ProbeSample, 'mastersClaimed' | 'unknownNodes'> {
  const etcd = nodes.find((n) => n.kind === 'lock');
  const read = etcd !== undefined && etcd.role !== 'unknown' && etcd.lock !== undefined;
  const board = read ? etcd.lock?.beliefs : undefined;
  return {
    mastersClaimed: Object.values(board ?? {}).filter((b) => b.holding).length,
    unknownNodes: read ? 0 : 1,
  };
}

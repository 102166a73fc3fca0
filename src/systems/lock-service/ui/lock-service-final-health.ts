import type { FinalHealth } from '../../../shared/scenario-types';
import {
  leftovers,
  pairs,
  unrecordedRows,
  type HealthRow,
} from '../../../renderer/src/components/final-health-kit';
import type { LockFinalHealth } from '../shared/lock-service.types';
import { withToken } from '../shared/lock-data';

/**
 * A lock-service lab's final health: the lock in etcd and storage's fence
 * when the reading has them; without its part the shared facts and one row
 * that says it was not recorded, never another system's wording.
 */
export function lockServiceFinalHealthRows(h: FinalHealth): HealthRow[] {
  if (h.lock) return lockRowsOf(h, h.lock);
  return unrecordedRows(h, {
    masters: 'lock holder in etcd',
    system: 'lock-service',
    systemName: 'Lock service',
  });
}

/**
 * The lock's holder and token, the holder before it, storage's fencing
 * check, the highest token it accepted, the writes it accepted per worker
 * and the stale ones among them. A node that could not be read makes its
 * rows unknown, never healthy or not.
 */
function lockRowsOf(h: FinalHealth, part: LockFinalHealth): HealthRow[] {
  const { lock, fence } = part;
  const unreadable = part.unreadable ?? {};
  const rows: HealthRow[] = [
    lock
      ? [
          'lock holder in etcd',
          lock.holder ? withToken(lock.holder, lock.token) : 'none (the lock is free)',
          true,
          'masters',
        ]
      : ['lock holder in etcd', 'unknown (etcd-1 did not answer)', 'unknown', 'masters'],
  ];
  if (lock?.previousHolder)
    rows.push([
      'holder before it',
      withToken(lock.previousHolder, lock.previousToken),
      true,
      'previous-holder',
    ]);
  if (fence) {
    rows.push(
      [
        "storage's fencing check",
        fence.checkOn ? 'on: refuses a token below the highest accepted' : 'off: takes every token',
        fence.checkOn,
        'fencing-check',
      ],
      ['highest token storage accepted', String(fence.highest), true, 'highest-token'],
      ['writes storage accepted, per worker', pairs(fence.accepted), true, 'accepted-writes'],
      [
        'stale writes accepted (token below one accepted before)',
        String(fence.staleAccepted),
        fence.staleAccepted === 0,
        'stale-accepted',
      ],
    );
  } else
    rows.push([
      "storage's fencing check",
      'unknown (storage did not answer)',
      'unknown',
      'fencing-check',
    ]);
  if (Object.keys(unreadable).length > 0)
    rows.push([
      'nodes that could not be read',
      Object.entries(unreadable)
        .map(([n, why]) => `${n} (${why})`)
        .join(' · '),
      'unknown',
      'unreadable',
    ]);
  return [...rows, ...leftovers(h)];
}

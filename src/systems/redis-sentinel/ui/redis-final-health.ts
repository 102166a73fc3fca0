import type { FinalHealth } from '../../../shared/scenario-types';
import { readBackNumbers } from '../shared/redis-sentinel.types';
import {
  agree,
  caughtUp,
  leftovers,
  pairs,
  views,
  type HealthRow,
} from '../../../renderer/src/components/final-health-kit';

/** Redis Sentinel wording: masters, sentinels, CKQUORUM, quorum, min-replicas-to-write. */
export function redisFinalHealthRows(h: FinalHealth): HealthRow[] {
  const rows: HealthRow[] = [
    ['masters', h.masters.join(', ') || 'none', h.masters.length === 1, 'masters'],
    [
      'replicas caught up',
      caughtUp(h),
      h.replicasCaughtUp.length >= h.replicasExpected,
      'replicas',
    ],
    ['sentinels name', views(h.coordinatorViews), agree(h.coordinatorViews), 'coordinators'],
    ['CKQUORUM', h.coordinationOk ? 'OK' : 'not OK', h.coordinationOk, 'quorum-ok'],
    ...leftovers(h),
  ];
  const quorum = readBackNumbers(h, 'quorum');
  if (Object.keys(quorum).length > 0) rows.push(['quorum', pairs(quorum), true, 'quorum']);
  const minReplicas = readBackNumbers(h, 'minReplicasToWrite');
  if (Object.keys(minReplicas).length > 0)
    rows.push(['min-replicas-to-write', pairs(minReplicas), true, 'min-replicas']);
  return rows;
}

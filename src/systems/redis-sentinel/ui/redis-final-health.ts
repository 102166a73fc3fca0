import type { FinalHealth } from '../../../shared/scenario-types';
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
    ['sentinels name', views(h.sentinelViews), agree(h.sentinelViews), 'coordinators'],
    ['CKQUORUM', h.ckquorumOk ? 'OK' : 'not OK', h.ckquorumOk, 'quorum-ok'],
    ...leftovers(h),
  ];
  if (Object.keys(h.sentinelQuorum).length > 0)
    rows.push(['quorum', pairs(h.sentinelQuorum), true, 'quorum']);
  if (Object.keys(h.minReplicasToWrite).length > 0)
    rows.push(['min-replicas-to-write', pairs(h.minReplicasToWrite), true, 'min-replicas']);
  return rows;
}

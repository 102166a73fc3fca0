import type { FinalHealth, PatroniFinalHealth } from '../../../shared/scenario-types';
import {
  agree,
  caughtUp,
  leftovers,
  pairs,
  views,
  unrecordedRows,
  type HealthRow,
} from '../../../renderer/src/components/final-health-kit';

/**
 * A Patroni lab's final health: its own facts when the reading has them;
 * without them (a reading from an older or broken history) the shared facts
 * and one row that says Patroni's part was not recorded, never another
 * system's wording.
 */
export function patroniFinalHealthRows(h: FinalHealth): HealthRow[] {
  if (h.patroni) return patroniRowsOf(h, h.patroni);
  return unrecordedRows(h, { masters: 'primaries', system: 'patroni', systemName: 'Patroni' });
}

/**
 * Patroni wording of the same facts: primaries by pg_is_in_recovery(), the
 * leader key in etcd, timelines, Patroni's roles, maintenance mode, sync.
 */
function patroniRowsOf(h: FinalHealth, p: PatroniFinalHealth): HealthRow[] {
  const holder = p.leaderKeyHolder;
  const onePrimary = h.masters.length === 1;
  const keyMatches = holder !== undefined && onePrimary && h.masters[0] === holder;
  const timelines = Object.values(p.timelines);
  const oneTimeline =
    timelines.length > 0 && timelines.every((t) => t === (p.leaderTimeline ?? timelines[0]));
  const roles = Object.values(p.patroniRoles);
  const rows: HealthRow[] = [
    [
      'primaries (pg_is_in_recovery() = false)',
      h.masters.join(', ') || 'none',
      onePrimary,
      'masters',
    ],
    ['leader key (etcd)', holder ?? 'nobody holds it', keyMatches, 'leader-key'],
    ['etcd members name', views(h.coordinatorViews), agree(h.coordinatorViews), 'coordinators'],
    ['etcd answered, key held', h.coordinationOk ? 'yes' : 'no', h.coordinationOk, 'quorum-ok'],
    [
      "replicas streaming on the leader's timeline, lag 0",
      caughtUp(h),
      h.replicasCaughtUp.length >= h.replicasExpected,
      'replicas',
    ],
    [
      'timelines',
      `${pairs(p.timelines)}${p.leaderTimeline !== undefined ? ` (leader on ${p.leaderTimeline})` : ''}`,
      oneTimeline,
      'timelines',
    ],
    [
      'Patroni roles (REST)',
      pairs(p.patroniRoles),
      roles.length > 0 && !roles.includes('unknown'),
      'patroni-roles',
    ],
    [
      'maintenance mode',
      p.maintenanceMode ? 'ON (Patroni does nothing)' : 'off',
      !p.maintenanceMode,
      'maintenance',
    ],
    [
      'synchronous_mode',
      p.synchronousMode
        ? `on${p.syncStandby ? `, sync standby ${p.syncStandby}` : ', no sync standby'}`
        : 'off',
      !p.synchronousMode || p.syncStandby !== undefined,
      'sync',
    ],
    ...leftovers(h),
  ];
  return rows;
}

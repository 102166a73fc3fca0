import type { SystemDebrief } from '../../../core/debrief/system-debrief';
import { healthList, stillActive } from '../../../core/debrief/debrief-text';

/**
 * Patroni's part of the debrief: the leader key in words, Patroni's log
 * events that mark a role change in the timeline, and the final health rows
 * (primaries by pg_is_in_recovery(), the leader key, timelines, Patroni's
 * roles, maintenance mode, synchronous_mode). No observations. Pure.
 */
export const patroniDebrief: SystemDebrief = {
  choiceLabel: (choice) => (choice ? `leader key held by ${choice}` : 'no leader key in etcd'),
  mastersLabel: (n) => (n > 1 ? `${n} nodes claim master` : `${n} node claims master`),
  ownRoleKinds: [],
  logEntries: () => ({
    add: (e, at) =>
      e.kind === 'patroni-event'
        ? { at, kind: 'patroni', label: `${e.node}: ${e.event}`, detail: e.line, node: e.node }
        : undefined,
    finish: () => undefined,
  }),
  observations: () => [],
  healthRows(f) {
    const p = f.patroni;
    return [
      ['Primaries (pg_is_in_recovery() false)', f.masters.join(', ') || 'none'],
      ['Replicas streaming on the leader timeline, no lag', healthList.caught(f)],
      ['Leader key (etcd)', p?.leaderKeyHolder ?? 'not held'],
      ['etcd members say', healthList.of(f.coordinatorViews)],
      ['Timelines', healthList.of(p?.timelines ?? {}, ': ')],
      ["Patroni's roles", healthList.of(p?.patroniRoles ?? {}, ': ')],
      ['Maintenance mode', p?.maintenanceMode ? 'on' : 'off'],
      [
        'synchronous_mode',
        p?.synchronousMode ? `on (sync standby: ${p.syncStandby ?? 'none'})` : 'off',
      ],
      ['Still active', stillActive(f)],
    ];
  },
};

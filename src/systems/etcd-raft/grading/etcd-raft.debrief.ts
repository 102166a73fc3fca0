import type { SystemDebrief } from '../../../core/debrief/system-debrief';
import { healthList, stillActive } from '../../../core/debrief/debrief-text';
import { RAFT_EVENT_LABELS } from '../../../shared/scenario-types';
import { raftObservations } from './raft-observations';

/**
 * etcd (Raft)'s part of the debrief: the leader a majority follows in words,
 * the members' Raft log events (elections, step-downs) in the timeline, and
 * the final health rows (leaders, the leader each member names, terms,
 * applied indexes), and what the run shows against the card's
 * misdiagnoses (raft-observations.ts). Pure.
 */
export const etcdRaftDebrief: SystemDebrief = {
  choiceLabel: (choice) =>
    choice ? `a majority follows ${choice}` : 'no leader a majority follows',
  mastersLabel: (n) => (n > 1 ? `${n} members say they lead` : `${n} member says it leads`),
  ownRoleKinds: [],
  logEntries: () => ({
    add: (e, at) =>
      e.kind === 'raft-event'
        ? {
            at,
            kind: 'raft',
            label: `${e.node}: ${RAFT_EVENT_LABELS[e.event]}${e.term !== undefined ? ` (term ${e.term})` : ''}`,
            detail: e.line,
            node: e.node,
          }
        : undefined,
    finish: () => undefined,
  }),
  observations: raftObservations,
  healthRows(f) {
    const r = f.raft;
    return [
      ['Members that say they lead', f.masters.join(', ') || 'none'],
      ['Members following the leader in its term, caught up', healthList.caught(f)],
      ['Each member follows', healthList.of(f.coordinatorViews)],
      ['Terms', healthList.of(r?.terms ?? {}, ': ')],
      ['Applied indexes', healthList.of(r?.appliedIndexes ?? {}, ': ')],
      ['Not read', healthList.of(r?.unreadable ?? {}, ': ')],
      ['Still active', stillActive(f)],
    ];
  },
};

import {
  PAUSE_RESUME,
  RESTART_CONTAINER,
  STOP_START,
  type NodeMove,
  type SystemPalette,
} from '../../../renderer/src/components/palette-kit';

/**
 * etcd members: hand the leadership to this member (etcdctl move-leader),
 * cut the workload clients off its client port (a fence), and the process
 * moves. No demote, export or replay: the members agree on one log among
 * themselves, there is nothing to merge by hand.
 */
const RAFT_MOVES: NodeMove[][] = [
  [
    {
      kind: 'move-leader',
      label: 'Move leader here',
      title:
        'etcdctl move-leader through the current leader: a planned handover to this member, no election timeout (refused when no member leads, or this one is cut off or behind)',
    },
  ],
  [
    {
      kind: 'isolate-clients',
      label: 'Isolate from clients',
      title:
        'Reject port 2379 for the workload clients (a network fence); the members still reach each other',
      tone: 'fence',
    },
    {
      kind: 'unisolate-clients',
      label: 'Lift isolation',
      title: 'Let the workload clients reach port 2379 again',
      tone: 'safe',
    },
  ],
  PAUSE_RESUME,
  [
    ...STOP_START,
    {
      ...RESTART_CONTAINER,
      title:
        'Stop then start the container: the member rejoins from its data directory and catches up from the leader',
    },
  ],
];

/** etcd (Raft)'s palette: the members' moves (move-leader, client isolation, process moves). */
export const etcdRaftPalette: SystemPalette = {
  nodeMoves: { raft: RAFT_MOVES },
};

import { NONE, type MoveKinds } from '../../../shared/move-kinds';

/** etcd (Raft)'s own move on a member: hand the leadership to it (etcdctl move-leader). */
export const ETCD_RAFT_MOVE_KINDS = {
  'move-leader': { effect: NONE, fits: ['raft'], describe: (a) => `move-leader to ${a.node}` },
} satisfies Partial<MoveKinds>;

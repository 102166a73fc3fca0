import { NONE, REJOIN, type MoveKinds } from '../../../shared/move-kinds';

/**
 * Redis Sentinel's own moves: demote a Redis node (REPLICAOF the master the
 * sentinels agree on), and replay a node's saved export onto that master.
 */
export const REDIS_SENTINEL_MOVE_KINDS = {
  demote: { effect: REJOIN, fits: ['redis'] },
  'replay-export': {
    effect: NONE,
    fits: ['redis'],
    describe: (a) => `replay-export ${a.node} (${a.rule ?? 'keep-authoritative'})`,
  },
} satisfies Partial<MoveKinds>;

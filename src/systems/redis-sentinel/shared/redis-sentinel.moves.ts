import { REJOIN, type MoveKinds } from '../../../shared/move-kinds';

/** Redis Sentinel's own move: demote a Redis node (REPLICAOF the master the sentinels agree on). */
export const REDIS_SENTINEL_MOVE_KINDS = {
  demote: { effect: REJOIN, fits: ['redis'] },
} satisfies Partial<MoveKinds>;

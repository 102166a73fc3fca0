import { NONE, REJOIN, type MoveKinds } from '../../../shared/move-kinds';

/**
 * Redis Sentinel's own moves: demote a Redis node (REPLICAOF the master the sentinels agree
 * on), and fix a node's clock (after a clock-skew fault).
 */
export const REDIS_SENTINEL_MOVE_KINDS = {
  demote: { effect: REJOIN, fits: ['redis'] },
  'sync-clock': { effect: NONE, fits: ['redis', 'sentinel'] },
} satisfies Partial<MoveKinds>;

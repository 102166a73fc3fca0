import type { FaultKinds } from '../../../shared/fault-kinds';

/**
 * Redis Sentinel's own fault kind: a node's wall clock jumps (and may drift). The lab's
 * image reads the clock through dojo-clock, so the skew is the node's alone.
 */
export const REDIS_SENTINEL_FAULT_KINDS = {
  'clock-skew': {
    systems: ['redis-sentinel'],
    describe: (spec) =>
      `${spec.node}'s clock jumps ${spec.offset}${spec.drift ? ` and drifts ${spec.drift > 0 ? '+' : ''}${spec.drift} ppm` : ''}${spec.flapEvery ? `, back and forth every ${spec.flapEvery}` : ''}`,
    summary: (spec) => `${spec.node} clock ${spec.offset}`,
    settledBy: (action, spec) => action.kind === 'sync-clock' && action.node === spec.node,
  },
} satisfies Partial<FaultKinds>;

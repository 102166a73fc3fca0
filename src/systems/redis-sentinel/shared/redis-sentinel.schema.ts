import { z } from 'zod';
import { nodeName } from '../../../shared/schema-parts';

/** Redis Sentinel's own parts of the scenario file format: its lab settings and its demote move. */

/** Settings of the Redis Sentinel lab a scenario may set (see src/systems/redis-sentinel/engine/lab/redis-config.ts). */
export const redisSentinelSettingsSchema = z
  .object({
    quorum: z
      .number()
      .int()
      .min(1)
      .max(3)
      .optional()
      .describe(
        "Redis Sentinel lab: how many of the 3 sentinels must agree the master is down before one starts a failover (SENTINEL MONITOR's quorum), 1-3; default 2. With 1, one sentinel that lost sight of a healthy master fails it over on its own.",
      ),
    downAfterMs: z
      .number()
      .int()
      .min(500)
      .max(60_000)
      .optional()
      .describe(
        'Redis Sentinel lab: milliseconds without a valid reply before a sentinel marks the master subjectively down (down-after-milliseconds), 500-60000; default 5000. A cut-off master is seen down about this long after the cut.',
      ),
    failoverTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(600_000)
      .optional()
      .describe(
        "Redis Sentinel lab: milliseconds a sentinel waits before retrying a failover of the same master (Sentinel's failover-timeout), 1000-600000; default 20000.",
      ),
    minReplicasToWrite: z
      .number()
      .int()
      .min(0)
      .max(2)
      .optional()
      .describe(
        'Redis Sentinel lab: the master refuses writes while fewer than this many replicas are within minReplicasMaxLagSeconds of it (min-replicas-to-write), 0-2; default 0 (off). The prevention that stops a cut-off master from acknowledging writes it will lose.',
      ),
    minReplicasMaxLagSeconds: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .describe(
        'Redis Sentinel lab: seconds since its last acknowledgement within which a replica still counts for minReplicasToWrite (min-replicas-max-lag), 1-60; default 10. Lower stops a cut-off master sooner.',
      ),
  })
  .strict()
  .describe('Settings of the Redis Sentinel lab.');
export type RedisSentinelSettingsInput = z.infer<typeof redisSentinelSettingsSchema>;

/** REPLICAOF the master the sentinels agree on: rejoins the node (and wipes what it alone had). */
export const demoteActionSchema = z
  .object({
    kind: z
      .literal('demote')
      .describe(
        'Redis Sentinel: REPLICAOF the master the sentinels agree on: a fence and the rejoin at once, which wipes what the node alone had (export it first). Refused on the agreed master, or when the sentinels disagree.',
      ),
    node: nodeName.describe('The Redis node to demote, e.g. the stale master.'),
  })
  .strict();

/** Redis Sentinel's own tells (scenario `tells`), each with its description. */
export const REDIS_SENTINEL_TELL_DOCS = {
  offsets:
    "Redis Sentinel lab: each data node's replication offset over time, and how far they diverge.",
  replids: "Redis Sentinel lab: each node's replication id; two masters show two ids.",
  'sentinel-events':
    "Redis Sentinel lab: the sentinels' events (+sdown, +odown, +switch-master...).",
  epochs: "Redis Sentinel lab: each sentinel's epoch over time; each step up is a failover.",
} as const;

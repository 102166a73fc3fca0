import { z } from 'zod';
import {
  durationMs,
  durationSchema,
  faultDuration,
  faultId,
  faultTimingSchema,
  nodeName,
  type TraineeSettingForm,
} from '../../../shared/schema-parts';

/**
 * Redis Sentinel's own parts of the scenario file format: its lab settings, its clock-skew
 * fault, and its demote and sync-clock moves.
 */

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

const OFFSET = /^([+-])(\d+(?:\.\d+)?)(ms|s|m)$/;

/** A signed clock offset: `+20s` (ahead), `-1.5s` (behind), `+2m`; at most a day either way. */
export const clockOffsetSchema = z
  .string()
  .regex(OFFSET, 'a signed offset like +20s, -1.5s or +2m')
  .refine(
    (o) => !OFFSET.test(o) || Math.abs(clockOffsetMs(o)) <= 86_400_000,
    'at most a day (+1440m) either way',
  )
  .describe('a signed offset like +20s (ahead), -1.5s (behind) or +2m');

/** Milliseconds of a signed clock offset (`+20s` -> 20000, `-500ms` -> -500). */
export function clockOffsetMs(offset: string): number {
  const m = OFFSET.exec(offset);
  if (!m) throw new Error(`not a clock offset: ${offset}`);
  const n = Number(m[2]) * (m[3] === 'ms' ? 1 : m[3] === 's' ? 1000 : 60_000);
  return Math.round(m[1] === '-' ? -n : n);
}

/**
 * Redis Sentinel lab: a node's wall clock steps (an NTP step, a VM resumed, a bad RTC at
 * boot) and may go on drifting. Every process of the node reads the skewed clock (the image
 * preloads lab-images/redis/dojo-clock.c); the host and the other nodes keep the true time.
 */
export const clockSkewFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('clock-skew')
      .describe(
        "Redis Sentinel lab: the node's wall clock jumps by offset (and drifts by drift, if given) while the other nodes keep the true time. A sentinel that sees its clock jump by 2 s or more, or go back at all, between two of its ticks enters TILT for 30 s: it goes on watching but takes no part in failovers. The revert steps the clock back to the true time, which is a jump too.",
      ),
    node: nodeName.describe(
      'The node whose clock jumps: a sentinel (sentinel-1..3) or a Redis node.',
    ),
    offset: clockOffsetSchema.describe(
      'How far the clock jumps, ahead (+) or behind (-), e.g. +20s; at most a day either way.',
    ),
    drift: z
      .number()
      .int()
      .min(-500_000)
      .max(500_000)
      .optional()
      .describe(
        'From the jump on, the clock gains (+) or loses (-) this many parts per million, -500000 to 500000; 100 is 8.6 s a day. Drift alone is smooth: it never trips TILT by itself.',
      ),
    flapEvery: durationSchema
      .optional()
      .describe(
        'The clock takes turns, this long each: skewed, then the true time, then skewed again, as when two time sources fight over it (a hypervisor setting the clock and NTP setting it back). Every change is a jump; a sentinel flapping more often than every 30 s never leaves TILT. A duration like 10s, at least 1s.',
      ),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict()
  .refine((f) => f.flapEvery === undefined || durationMs(f.flapEvery) >= 1000, {
    message: 'flapEvery must be at least 1s',
    path: ['flapEvery'],
  });

/**
 * Redis Sentinel lab: the node's clock fixed. One step to the true time (its time sources no
 * longer fight); ends a clock-skew fault on the node.
 */
export const syncClockActionSchema = z
  .object({
    kind: z
      .literal('sync-clock')
      .describe(
        "Redis Sentinel lab: steps the node's clock to the true time and keeps it there (its time source fixed), ending a clock-skew fault on it. The step is one last jump: a sentinel enters TILT once more and leaves it 30 s later.",
      ),
    node: nodeName.describe('The node whose clock is fixed: a sentinel or a Redis node.'),
  })
  .strict();

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

/** Redis Sentinel's own grading checks (scenario `grading.checks`), each with its description. */
export const REDIS_SENTINEL_CHECK_DOCS = {
  'clocks-fixed':
    "Redis Sentinel: every node's clock kept within 1 s of the host's over the last 15 s of the run (none still stepping, flapping or drifting).",
} as const;

/** Redis Sentinel's own tells (scenario `tells`), each with its description. */
export const REDIS_SENTINEL_TELL_DOCS = {
  offsets:
    "Redis Sentinel lab: each data node's replication offset over time, and how far they diverge.",
  replids: "Redis Sentinel lab: each node's replication id; two masters show two ids.",
  'sentinel-events':
    "Redis Sentinel lab: the sentinels' events (+sdown, +odown, +switch-master...).",
  epochs: "Redis Sentinel lab: each sentinel's epoch over time; each step up is a failover.",
} as const;

/** Redis Sentinel's part of the scenario format, as the shared registry (system-traits.ts) composes it. */
export const redisSentinelSchemaParts = {
  summary:
    'Redis Sentinel: redis-1 (the first master), redis-2 and redis-3 replicating from it, and sentinel-1 to sentinel-3 watching them.',
  settings: redisSentinelSettingsSchema,
  /**
   * Settings where a stricter final value than the expected one also fixes
   * the lab (config-fixed): more replicas to write, less lag tolerated. Every
   * other setting must be equal (a higher quorum is not safer: it stops failovers).
   */
  settingOrder: { minReplicasToWrite: 'at-least', minReplicasMaxLagSeconds: 'at-most' },
  traineeSettings: {
    minReplicasToWrite: { type: 'number', label: 'min-replicas-to-write', min: 0, max: 2 },
    minReplicasMaxLagSeconds: {
      type: 'number',
      label: 'min-replicas-max-lag',
      min: 1,
      max: 60,
      unit: 's',
    },
    quorum: { type: 'number', label: 'Sentinel quorum', min: 1, max: 3 },
  } satisfies Record<string, TraineeSettingForm>,
  clientModes: {
    sentinel:
      'asks the sentinels for the master and follows failovers (it asks again after a connection error, a READONLY reply or two timeouts in a row).',
    pinned:
      'finds the master once at the start, then keeps writing to that node whatever happens: the app that never re-resolves.',
  },
  faults: [clockSkewFaultSchema] as const,
  actions: [demoteActionSchema, syncClockActionSchema] as const,
  checkDocs: REDIS_SENTINEL_CHECK_DOCS,
  tellDocs: REDIS_SENTINEL_TELL_DOCS,
};

import { z } from 'zod';
import { nodeName, type TraineeSettingForm } from '../../../shared/schema-parts';

/**
 * The lock service's own parts of the scenario file format: its lab settings,
 * its move (the storage's fencing check) and its tells and check. The lab is
 * seed 004's worked example: a lock in etcd under a lease whose revision is
 * the fencing token, two workers that write to storage while they believe
 * they hold it, and storage that may check the token.
 */

/** Settings of the lock-service lab a scenario may set (see engine/lab/lock-service-config.ts). */
export const lockServiceSettingsSchema = z
  .object({
    fencingCheck: z
      .boolean()
      .optional()
      .describe(
        'Lock service: whether storage refuses a write whose fencing token is lower than the highest it has accepted (default false: it takes every write, as storage that does not know about the lock does).',
      ),
    leaseTtlSeconds: z
      .number()
      .int()
      .min(3)
      .max(30)
      .optional()
      .describe(
        "Lock service: the TTL of a worker's etcd lease, s (3-30, default 5). A worker that does not renew it within this long loses the lock, and the other worker may take it.",
      ),
  })
  .strict()
  .describe('Settings of the lock-service lab: etcd-1 keeps the lock, storage takes the writes.');
export type LockServiceSettingsInput = z.infer<typeof lockServiceSettingsSchema>;

/** Lock service: turn storage's fencing check on or off, in place (a row update in its fence table). */
export const fencingCheckActionSchema = z
  .object({
    kind: z
      .literal('fencing-check')
      .describe(
        "Lock service: turns storage's fencing check on or off while it runs (UPDATE dojo_fence SET check_on = ...): on, a write with a token lower than the highest storage has accepted is refused.",
      ),
    node: nodeName.describe('The storage node (storage).'),
    on: z.boolean().describe('true: refuse stale tokens from now on; false: take every write.'),
  })
  .strict();

/** The lock service's own tells (scenario `tells`), each with its description. */
export const LOCK_SERVICE_TELL_DOCS = {
  'lock-holder':
    "Lock service: who holds the lock in etcd, with its fencing token and the seconds left on its lease, and the holder before it: a change of holder means the old holder's lease ran out (no worker lets go).",
  'fencing-tokens':
    'Lock service: every write to storage over time, by worker, at the height of its fencing token, accepted or refused: a write below an earlier accepted token is a zombie write.',
  'lock-events':
    "Lock service: the workers' own words about the lock: acquired with token N, lease expired, gave it up.",
} as const;

/** The lock service's own grading checks. */
export const LOCK_SERVICE_CHECK_DOCS = {
  'stale-token-refused':
    'Lock service: storage accepted no write whose fencing token was lower than one it had accepted before (a zombie holder woken after losing its lease). Fails with the number that got in; unknown without writes.',
} as const;

/** The lock service's part of the scenario format, as the shared registry (system-traits.ts) composes it. */
export const lockServiceSchemaParts = {
  summary:
    'Lock service (fencing tokens): etcd-1 keeps a lock under a lease, worker-1 and worker-2 take it and write to storage with its token.',
  settings: lockServiceSettingsSchema,
  settingOrder: {},
  traineeSettings: {
    fencingCheck: {
      type: 'boolean',
      label: 'storage fencing check',
      title:
        'Storage refuses a write whose fencing token is lower than the highest it has accepted (a worker that lost the lock)',
    },
  } satisfies Record<string, TraineeSettingForm>,
  clientModes: {
    'lock-worker':
      'a worker: takes the lock in etcd-1 under a lease, and while it believes it holds it writes to storage with its fencing token (rate = writes per second), renewing the lease as it goes.',
  },
  faults: [] as const,
  actions: [fencingCheckActionSchema] as const,
  checkDocs: LOCK_SERVICE_CHECK_DOCS,
  tellDocs: LOCK_SERVICE_TELL_DOCS,
};

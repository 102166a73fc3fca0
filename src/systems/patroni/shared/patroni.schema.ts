import { z } from 'zod';
import {
  nodeName,
  faultId,
  faultDuration,
  faultTimingSchema,
  type TraineeSettingForm,
} from '../../../shared/schema-parts';

/**
 * Patroni's own parts of the scenario file format: its lab settings, its
 * fault kinds (kill-patroni, manual-promote) and its moves (stop-postgres,
 * maintenance mode, switchover, failover, reinit).
 */

/** Settings of the Patroni lab a scenario may set (see src/systems/patroni/engine/lab/patroni-config.ts). Seconds for timings. */
export const patroniSettingsSchema = z
  .object({
    /** Leader lease, seconds. */
    ttl: z
      .number()
      .int()
      .min(5)
      .max(120)
      .optional()
      .describe(
        "Patroni lab: the leader lease in seconds (Patroni's ttl), 5-120; default 10. A leader that cannot renew its key in etcd for this long loses it, and a replica is promoted; must be at least loopWait + 2 × retryTimeout unless allowTimingRuleViolation.",
      ),
    /** Seconds between two runs of Patroni's HA loop. */
    loopWait: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .describe(
        "Patroni lab: seconds between two runs of Patroni's HA loop (loop_wait), 1-60; default 2.",
      ),
    /** Seconds Patroni retries the DCS and PostgreSQL before it demotes. */
    retryTimeout: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .describe(
        'Patroni lab: seconds Patroni retries etcd and PostgreSQL operations before the leader demotes itself (retry_timeout), 1-60; default 4.',
      ),
    synchronousMode: z
      .boolean()
      .optional()
      .describe(
        "Patroni lab: Patroni's synchronous_mode: a commit waits until a synchronous standby Patroni assigns has it, so an acknowledged write survives a failover. Default false.",
      ),
    failsafeMode: z
      .boolean()
      .optional()
      .describe(
        "Patroni lab: Patroni's failsafe_mode: the primary keeps running while etcd is unreachable, as long as every member still answers it. Default false (a leader cut from etcd demotes itself).",
      ),
    etcdNodes: z
      .union([
        z.literal(1).describe('One etcd member, etcd-1 (the default).'),
        z
          .literal(2)
          .describe(
            'Two etcd members, etcd-1 and etcd-2: no tie-breaker, so losing either one loses the quorum (a drill setting).',
          ),
        z.literal(3).describe('Three etcd members, etcd-1 to etcd-3.'),
      ])
      .optional()
      .describe('Patroni lab: how many etcd members hold the leader key, 1, 2 or 3; default 1.'),
    /** PostgreSQL's wal_sender_timeout, seconds: bounds how long a demoting primary's shutdown hangs on black-holed replicas. */
    walSenderTimeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(600)
      .optional()
      .describe(
        "Patroni lab: PostgreSQL's wal_sender_timeout in seconds, 1-600; default 60. Bounds how long a demoting primary's shutdown hangs on black-holed replicas.",
      ),
    /** Start even when loop_wait + 2*retry_timeout > ttl (a misconfiguration scenario). */
    allowTimingRuleViolation: z
      .boolean()
      .optional()
      .describe(
        "Patroni lab: start even when loopWait + 2 × retryTimeout > ttl, breaking Patroni's timing rule (for a scenario that teaches that misconfiguration). Default false: such timings are refused.",
      ),
  })
  .strict()
  .describe('Settings of the Patroni lab; timings in seconds.');
export type PatroniSettingsInput = z.infer<typeof patroniSettingsSchema>;

/**
 * Patroni lab: `kill -9` of the Patroni process on a node. PostgreSQL keeps
 * running unmanaged (as primary, if it was one) and nothing fences it. Revert
 * starts Patroni again on the node.
 */
export const killPatroniFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('kill-patroni')
      .describe(
        'Patroni lab: kill -9 of the Patroni process on a node. PostgreSQL keeps running unmanaged (as primary, if it was one) and nothing fences it; the revert starts Patroni again.',
      ),
    node: nodeName.describe('The PostgreSQL node (pg-1 to pg-3) whose Patroni is killed.'),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict();

/**
 * Patroni lab: the well-meaning manual promotion. Maintenance mode on
 * (`patronictl pause`, unless `maintenance` is false), then `pg_ctl promote`
 * of a replica. Revert turns maintenance mode off (`patronictl resume`), at
 * which point Patroni deals with the second primary.
 */
export const manualPromoteFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('manual-promote')
      .describe(
        'Patroni lab: the well-meaning manual promotion: maintenance mode on (patronictl pause, unless maintenance is false), then pg_ctl promote of a replica. The revert turns maintenance mode off, and Patroni then demotes and rewinds the second primary.',
      ),
    node: nodeName.describe(
      'The PostgreSQL node (pg-1 to pg-3) promoted by hand; it must be a replica when the fault fires.',
    ),
    maintenance: z
      .boolean()
      .default(true)
      .describe(
        'Turn maintenance mode on before the promote; default true: Patroni leaves the rogue primary alone until the revert. With false, Patroni demotes it within loop_wait.',
      ),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict();

/** PostgreSQL nodes: stop postgres only (`pg_ctl stop -m fast`); the container and Patroni stay. A fence. */
export const stopPostgresActionSchema = z
  .object({
    kind: z
      .literal('stop-postgres')
      .describe(
        'Patroni: stops postgres only (pg_ctl stop -m fast); the container and Patroni stay. A fence, though Patroni starts postgres again at its next loop unless maintenance mode is on.',
      ),
    node: nodeName.describe('The PostgreSQL node (pg-1 to pg-3) whose postgres is stopped.'),
  })
  .strict();

/** Patroni: maintenance mode on (`patronictl pause`): Patroni stops acting on the cluster. */
export const maintenanceOnActionSchema = z
  .object({
    kind: z
      .literal('maintenance-on')
      .describe(
        'Patroni: maintenance mode on (patronictl pause): Patroni stops acting on the cluster.',
      ),
  })
  .strict();

/** Patroni: maintenance mode off (`patronictl resume`). */
export const maintenanceOffActionSchema = z
  .object({
    kind: z
      .literal('maintenance-off')
      .describe('Patroni: maintenance mode off (patronictl resume): Patroni acts again.'),
  })
  .strict();

/** Patroni: planned switchover of the leader role to `candidate` (needs a healthy leader). */
export const switchoverActionSchema = z
  .object({
    kind: z
      .literal('switchover')
      .describe(
        'Patroni: planned switchover of the leader role to candidate (patronictl switchover); needs a healthy leader.',
      ),
    candidate: nodeName.describe('The replica (pg-1 to pg-3) that becomes the leader.'),
  })
  .strict();

/** Patroni: failover to `candidate` (works without a healthy leader). */
export const failoverActionSchema = z
  .object({
    kind: z
      .literal('failover')
      .describe(
        'Patroni: failover to candidate (patronictl failover); works without a healthy leader.',
      ),
    candidate: nodeName.describe('The PostgreSQL node (pg-1 to pg-3) to promote.'),
  })
  .strict();

/** Patroni: rebuild the node from the leader (`patronictl reinit`): wipes what only it had. */
export const reinitActionSchema = z
  .object({
    kind: z
      .literal('reinit')
      .describe(
        'Patroni: rebuilds the node from the leader (patronictl reinit): wipes what only it had (export it first).',
      ),
    node: nodeName.describe('The PostgreSQL node to rebuild; Patroni refuses the leader.'),
  })
  .strict();

/** Patroni's own tells (scenario `tells`), each with its description. */
export const PATRONI_TELL_DOCS = {
  timelines: "Patroni lab: each PostgreSQL node's timeline.",
  lsn: "Patroni lab: each node's WAL position (LSN) over time, and how far they diverge.",
  'leader-key': "Patroni lab: the etcd leader key's holder and its remaining lease.",
  'patroni-roles': "Patroni lab: the role Patroni's REST API reports, next to postgres's own.",
  'patroni-events': "Patroni lab: Patroni's log events (demoting, promoted, pg_rewind...).",
} as const;

/** Patroni's part of the scenario format, as the shared registry (system-traits.ts) composes it. */
export const patroniSchemaParts = {
  summary:
    'Patroni: PostgreSQL nodes pg-1 to pg-3 managed by Patroni (one primary, two streaming replicas) and etcd holding the leader key.',
  settings: patroniSettingsSchema,
  settingOrder: {},
  traineeSettings: {
    etcdNodes: { type: 'number', label: 'etcd members', min: 1, max: 3 },
    synchronousMode: {
      type: 'boolean',
      label: 'synchronous_mode',
      title: 'A commit waits for a synchronous standby (acked = on two nodes)',
    },
    failsafeMode: {
      type: 'boolean',
      label: 'failsafe_mode',
      title: 'A leader that loses etcd but still sees every member keeps its role',
    },
  } satisfies Record<string, TraineeSettingForm>,
  clientModes: {
    pinned:
      'finds the primary among its hosts once at the start, then keeps writing to that node whatever happens: the app that never re-resolves.',
    'multi-host':
      "tries its hosts in order at the start and after an error or timeout, and writes to the first writable one (libpq's target_session_attrs=read-write).",
  },
  faults: [killPatroniFaultSchema, manualPromoteFaultSchema] as const,
  actions: [
    stopPostgresActionSchema,
    maintenanceOnActionSchema,
    maintenanceOffActionSchema,
    switchoverActionSchema,
    failoverActionSchema,
    reinitActionSchema,
  ] as const,
  checkDocs: {},
  tellDocs: PATRONI_TELL_DOCS,
};

import { z } from 'zod';

/**
 * The scenario file format (scenarios/<system>/<id>.yaml). The zod schema is
 * the single source: the loader validates with it and `scenarioJsonSchema()`
 * exports it as JSON Schema for editors. No transforms, so the JSON Schema is
 * exact; durations stay strings and are read with `durationMs`.
 */

/** A duration: `500ms`, `8s`, `1.5s`, `2m`. */
export const durationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m)$/, 'a duration like 500ms, 8s or 2m')
  .describe('a duration like 500ms, 8s or 2m');
export type Duration = z.infer<typeof durationSchema>;

/** Milliseconds of a duration string. */
export function durationMs(d: Duration): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000);
}

const nodeName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a node or client name like redis-1');
const id = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes');
/**
 * What a scripted step or a hint counts from: `start` (lab ready, workload
 * writing), a fault id (when it fired), or `<fault id>:healed` (when it was
 * reverted: by its `duration`, a heal, or a move that undoes it).
 */
const sinceSchema = z
  .string()
  .regex(/^(start|[a-z][a-z0-9-]{0,63}(:healed)?)$/, 'start, a fault id, or <fault id>:healed');

/** Settings of the Redis Sentinel lab a scenario may set (see core/labs/redis-sentinel/redis-config.ts). */
export const redisSentinelSettingsSchema = z
  .object({
    quorum: z.number().int().min(1).max(3).optional(),
    downAfterMs: z.number().int().min(500).max(60_000).optional(),
    failoverTimeoutMs: z.number().int().min(1000).max(600_000).optional(),
    minReplicasToWrite: z.number().int().min(0).max(2).optional(),
    minReplicasMaxLagSeconds: z.number().int().min(1).max(60).optional(),
  })
  .strict();
export type RedisSentinelSettingsInput = z.infer<typeof redisSentinelSettingsSchema>;

/** Settings of the Patroni lab a scenario may set (see core/labs/patroni/patroni-config.ts). Seconds for timings. */
export const patroniSettingsSchema = z
  .object({
    /** Leader lease, seconds. */
    ttl: z.number().int().min(5).max(120).optional(),
    /** Seconds between two runs of Patroni's HA loop. */
    loopWait: z.number().int().min(1).max(60).optional(),
    /** Seconds Patroni retries the DCS and PostgreSQL before it demotes. */
    retryTimeout: z.number().int().min(1).max(60).optional(),
    synchronousMode: z.boolean().optional(),
    failsafeMode: z.boolean().optional(),
    etcdNodes: z.union([z.literal(1), z.literal(3)]).optional(),
    /** PostgreSQL's wal_sender_timeout, seconds: bounds how long a demoting primary's shutdown hangs on black-holed replicas. */
    walSenderTimeoutSeconds: z.number().int().min(1).max(600).optional(),
    /** Start even when loop_wait + 2*retry_timeout > ttl (a misconfiguration scenario). */
    allowTimingRuleViolation: z.boolean().optional(),
  })
  .strict();
export type PatroniSettingsInput = z.infer<typeof patroniSettingsSchema>;

/**
 * Settings of the keepalived (VRRP) lab a scenario may set (see
 * core/labs/keepalived/keepalived-config.ts). A misconfigured pair is made
 * with a `vrrp-config` fault, not here, so the lab always starts healthy.
 */
export const keepalivedSettingsSchema = z
  .object({
    /** How adverts travel: `multicast` to 224.0.0.18 (VRRP's default) or `unicast` to the peer's address. */
    transport: z.enum(['multicast', 'unicast']).optional(),
    /** Seconds between two adverts of the MASTER (`advert_int`). */
    advertIntSeconds: z.number().int().min(1).max(10).optional(),
    /** A BACKUP with a higher priority does not take over from a running MASTER. */
    nopreempt: z.boolean().optional(),
    /** VRRP priority of router-1 and router-2 (1-254; default 150 and 100). */
    routerPriorities: z
      .tuple([z.number().int().min(1).max(254), z.number().int().min(1).max(254)])
      .optional(),
  })
  .strict();
export type KeepalivedSettingsInput = z.infer<typeof keepalivedSettingsSchema>;

/** The systems scenarios run on (one lab each). */
export const scenarioSystemSchema = z.enum(['redis-sentinel', 'patroni', 'keepalived']);
export type ScenarioSystem = z.infer<typeof scenarioSystemSchema>;

/**
 * Lab settings in a scenario file: the fields of the scenario's system only
 * (Redis Sentinel: quorum, downAfterMs, ...; Patroni: ttl, loopWait, ...;
 * keepalived: transport, advertIntSeconds, ...). The loader refuses a field
 * of another system, naming file, line and field.
 */
export const labSettingsSchema = z
  .object({
    ...redisSentinelSettingsSchema.shape,
    ...patroniSettingsSchema.shape,
    ...keepalivedSettingsSchema.shape,
  })
  .strict();
export type LabSettingsInput = z.infer<typeof labSettingsSchema>;
/** The setting names of each system. */
export const SYSTEM_SETTING_NAMES: Record<ScenarioSystem, readonly string[]> = {
  'redis-sentinel': Object.keys(redisSentinelSettingsSchema.shape),
  patroni: Object.keys(patroniSettingsSchema.shape),
  keepalived: Object.keys(keepalivedSettingsSchema.shape),
};

/** A write client of the workload. */
export const workloadClientSchema = z
  .object({
    name: nodeName,
    /**
     * `sentinel`: asks the sentinels for the master and follows failovers.
     * `pinned`: resolves the master once, then keeps writing to that node
     * whatever happens (the app that never re-resolves).
     * `multi-host` (PostgreSQL labs): tries the nodes in order on start and
     * after an error or timeout, and writes to the first writable one (libpq's
     * target_session_attrs=read-write).
     * `http-session` (keepalived labs): HTTP GETs of the VIP over one
     * keep-alive connection, reused like an app's connection pool; a reset
     * or timeout ends it and the next request opens a new one.
     * `http-oneshot` (keepalived labs): a new TCP connection per request, so
     * each one goes wherever the client's ARP entry for the VIP points now.
     */
    mode: z.enum(['sentinel', 'pinned', 'multi-host', 'http-session', 'http-oneshot']),
    /**
     * PostgreSQL labs: the data nodes this client knows, in the order it tries
     * them (default: every data node). `multi-host` with one host is an app
     * configured with that node only (and target_session_attrs=read-write).
     */
    hosts: z.array(nodeName).min(1).max(3).optional(),
  })
  .strict();

export const workloadSchema = z
  .object({
    /** Write attempts per second, per client. */
    rate: z.number().min(1).max(200).default(20),
    /** A write with no reply within this is recorded as indeterminate. */
    timeout: durationSchema.default('1s'),
    clients: z.array(workloadClientSchema).min(1).max(4),
  })
  .strict();
export type WorkloadSpec = z.infer<typeof workloadSchema>;

/**
 * How a scenario is paced: `human` (what a person plays: faults at a random
 * moment in their window, the card's minutes as the time limit) or `fast`
 * (the headless self-test: the same scenario with short fixed waits).
 */
export const paceSchema = z.enum(['human', 'fast']);
export type Pace = z.infer<typeof paceSchema>;

/** The fast profile's timings (see `pacedScenario`). */
export const fastPaceSchema = z
  .object({
    /** Time limit in the fast profile. */
    timeLimit: durationSchema,
    /**
     * Per fault id: when it fires (`at`, default 5s; instructor-triggered
     * faults stay so) and how long it lasts (`duration`, default the file's).
     */
    faults: z
      .record(
        id,
        z.object({ at: durationSchema.optional(), duration: durationSchema.optional() }).strict(),
      )
      .default({}),
  })
  .strict();
export type FastPace = z.infer<typeof fastPaceSchema>;

/** When a fault fires. Offsets count from the moment the lab is ready and the workload writes. */
export const faultTimingSchema = z.union([
  z.object({ after: durationSchema }).strict(),
  /** A random moment in [from, to], drawn from the run's seed (same seed, same moment). */
  z.object({ between: z.tuple([durationSchema, durationSchema]) }).strict(),
  /** Only when an instructor (or a scripted response) triggers it. */
  z.object({ trigger: z.literal('instructor') }).strict(),
]);
export type FaultTiming = z.infer<typeof faultTimingSchema>;

/**
 * Network partition inside the containers' network namespaces (iptables in a
 * dedicated chain). `groups` are node/client names; traffic between groups
 * is cut. `direction` is seen from the first group: `inbound` drops what the
 * first group receives from the others, `outbound` what it sends to them.
 */
export const partitionFaultSchema = z
  .object({
    id,
    kind: z.literal('partition'),
    groups: z.array(z.array(nodeName).min(1)).length(2),
    direction: z.enum(['both', 'inbound', 'outbound']).default('both'),
    at: faultTimingSchema,
    /** Heals by itself after this long; absent = until healed by an action or the end. */
    duration: durationSchema.optional(),
  })
  .strict();

/** Freezes a node's processes (docker pause), then resumes them. */
export const pauseFaultSchema = z
  .object({
    id,
    kind: z.literal('pause'),
    node: nodeName,
    at: faultTimingSchema,
    duration: durationSchema.optional(),
  })
  .strict();

/**
 * Patroni lab: `kill -9` of the Patroni process on a node. PostgreSQL keeps
 * running unmanaged (as primary, if it was one) and nothing fences it. Revert
 * starts Patroni again on the node.
 */
export const killPatroniFaultSchema = z
  .object({
    id,
    kind: z.literal('kill-patroni'),
    node: nodeName,
    at: faultTimingSchema,
    duration: durationSchema.optional(),
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
    id,
    kind: z.literal('manual-promote'),
    node: nodeName,
    maintenance: z.boolean().default(true),
    at: faultTimingSchema,
    duration: durationSchema.optional(),
  })
  .strict();

/**
 * keepalived lab: drop VRRP (IP protocol 112) in the routers' own network
 * namespaces, like a host firewall or a bad cable would. `inbound`: the
 * router no longer hears adverts (it is deaf); `outbound`: its adverts no
 * longer leave (it is mute); `both`. Unicast adverts are VRRP too and are
 * dropped alike. Revert removes the rules; a restarted router gets them back.
 */
export const blockVrrpFaultSchema = z
  .object({
    id,
    kind: z.literal('block-vrrp'),
    nodes: z.array(nodeName).min(1).max(2),
    direction: z.enum(['both', 'inbound', 'outbound']).default('both'),
    at: faultTimingSchema,
    duration: durationSchema.optional(),
  })
  .strict();

/**
 * keepalived lab: `kill -9` of keepalived on a router. Unlike a clean stop it
 * sends no priority-0 advert and leaves the VIP on the interface, where the
 * kernel keeps answering ARP for it. Revert starts keepalived again.
 */
export const killKeepalivedFaultSchema = z
  .object({
    id,
    kind: z.literal('kill-keepalived'),
    node: nodeName,
    at: faultTimingSchema,
    duration: durationSchema.optional(),
  })
  .strict();

/**
 * keepalived lab: a bad configuration pushed to one router (its
 * keepalived.conf rewritten, keepalived reloaded with SIGHUP): another
 * `virtualRouterId` or `authPass` than its peer's (the two no longer accept
 * each other's adverts and both become MASTER), or another `priority`.
 * Revert puts the router's own configuration back and reloads.
 */
export const vrrpConfigFaultSchema = z
  .object({
    id,
    kind: z.literal('vrrp-config'),
    node: nodeName,
    virtualRouterId: z.number().int().min(1).max(255).optional(),
    /** A VRRPv2 password (1-8 characters), or null for no authentication. */
    authPass: z
      .union([z.string().regex(/^[A-Za-z0-9_.-]{1,8}$/, '1-8 characters'), z.null()])
      .optional(),
    priority: z.number().int().min(1).max(254).optional(),
    at: faultTimingSchema,
    duration: durationSchema.optional(),
  })
  .strict();

/** Stops a node's container (docker stop: a clean shutdown); revert starts it again. */
export const stopNodeFaultSchema = z
  .object({
    id,
    kind: z.literal('stop-node'),
    node: nodeName,
    at: faultTimingSchema,
    duration: durationSchema.optional(),
  })
  .strict();

export const faultSchema = z.discriminatedUnion('kind', [
  partitionFaultSchema,
  pauseFaultSchema,
  killPatroniFaultSchema,
  manualPromoteFaultSchema,
  blockVrrpFaultSchema,
  killKeepalivedFaultSchema,
  vrrpConfigFaultSchema,
  stopNodeFaultSchema,
]);
export type FaultSpec = z.infer<typeof faultSchema>;

/** The trainee's palette moves (and what scripted responses do). */
export const actionSchema = z.discriminatedUnion('kind', [
  /** Reject the node's client port for the workload clients (a network fence). */
  z.object({ kind: z.literal('isolate-clients'), node: nodeName }).strict(),
  z.object({ kind: z.literal('unisolate-clients'), node: nodeName }).strict(),
  z.object({ kind: z.literal('pause'), node: nodeName }).strict(),
  z.object({ kind: z.literal('resume'), node: nodeName }).strict(),
  z.object({ kind: z.literal('stop'), node: nodeName }).strict(),
  z.object({ kind: z.literal('start'), node: nodeName }).strict(),
  /** REPLICAOF the master the sentinels agree on: rejoins the node (and wipes what it alone had). */
  z.object({ kind: z.literal('demote'), node: nodeName }).strict(),
  /** Reverts one fault, or every active fault when `fault` is absent. */
  z.object({ kind: z.literal('heal'), fault: id.optional() }).strict(),
  /** Declares which node holds the truth (graded against the scenario's expectation). */
  z.object({ kind: z.literal('declare-authoritative'), node: nodeName }).strict(),
  /**
   * Saves the workload writes the node holds to the run's artifacts (before a
   * rejoin wipes them): Redis keys, or PostgreSQL rows (with how many of them
   * the current leader lacks: the divergent rows).
   */
  z.object({ kind: z.literal('export-keys'), node: nodeName }).strict(),
  /** PostgreSQL nodes: stop postgres only (`pg_ctl stop -m fast`); the container and Patroni stay. A fence. */
  z.object({ kind: z.literal('stop-postgres'), node: nodeName }).strict(),
  /** Stop then start the node's container (Patroni comes back and rejoins it, by pg_rewind if needed). */
  z.object({ kind: z.literal('restart'), node: nodeName }).strict(),
  /** Patroni: maintenance mode on (`patronictl pause`): Patroni stops acting on the cluster. */
  z.object({ kind: z.literal('maintenance-on') }).strict(),
  /** Patroni: maintenance mode off (`patronictl resume`). */
  z.object({ kind: z.literal('maintenance-off') }).strict(),
  /** Patroni: planned switchover of the leader role to `candidate` (needs a healthy leader). */
  z.object({ kind: z.literal('switchover'), candidate: nodeName }).strict(),
  /** Patroni: failover to `candidate` (works without a healthy leader). */
  z.object({ kind: z.literal('failover'), candidate: nodeName }).strict(),
  /** Patroni: rebuild the node from the leader (`patronictl reinit`): wipes what only it had. */
  z.object({ kind: z.literal('reinit'), node: nodeName }).strict(),
  /**
   * keepalived: stop keepalived on a router (SIGTERM: a priority-0 advert goes
   * out and the VIP is removed); the router and its services stay. A fence.
   */
  z.object({ kind: z.literal('stop-keepalived'), node: nodeName }).strict(),
  /** keepalived: start keepalived on a router again (it starts in BACKUP and the election decides). */
  z.object({ kind: z.literal('start-keepalived'), node: nodeName }).strict(),
  /** keepalived: stop then start keepalived on a router. */
  z.object({ kind: z.literal('restart-keepalived'), node: nodeName }).strict(),
  /**
   * keepalived: the router announces the VIP with gratuitous ARP (`arping -U`),
   * so neighbours whose ARP entry still points at another MAC move to this
   * one. Refused on a router that does not hold the VIP.
   */
  z.object({ kind: z.literal('announce-vip'), node: nodeName }).strict(),
  /** Fires an instructor-triggered fault. */
  z.object({ kind: z.literal('trigger-fault'), fault: id }).strict(),
  /** A command line run in the node's console (recorded like a typed one). */
  z
    .object({ kind: z.literal('console'), node: nodeName, command: z.string().min(1).max(2000) })
    .strict(),
  /** Ends the scenario: final health, ledger read-back, grade. */
  z.object({ kind: z.literal('end') }).strict(),
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionKind = Action['kind'];

/** One step of a scripted response: an action at a time relative to a fault firing or to the start. */
export const responseStepSchema = z
  .object({
    /** `start`, a fault id (when it fired) or `<fault id>:healed` (when it ended). */
    since: sinceSchema.default('start'),
    after: durationSchema,
    do: actionSchema,
    /** Why a good operator does this (shown in the debrief). */
    why: z.string().optional(),
  })
  .strict();
export const responseSchema = z.array(responseStepSchema);
export type ResponseStep = z.infer<typeof responseStepSchema>;

/** The grading checks the engine knows (core/grading); each scenario picks and weights them. */
export const checkIdSchema = z.enum([
  'stale-leader-stopped-writes',
  'fenced-before-rejoin',
  'did-not-fence-new-master',
  'acked-writes-lost',
  'divergent-writes-saved',
  'final-health',
  'config-fixed',
  /** keepalived: the dual master ended (one router in MASTER, one MAC for the VIP) within `withinSeconds` of the first tell. */
  'dual-master-ended',
  /** keepalived: the scenario's `authoritative` router is the one left in MASTER, and nothing stopped or froze it. */
  'right-router-kept',
  /** keepalived: once the split ended, client traffic was answered by one router (one MAC) only. */
  'client-traffic-settled',
  /** keepalived: requests through the VIP that failed or timed out from the fault on (bands: `lostBands`). */
  'requests-failed',
]);
export type CheckId = z.infer<typeof checkIdSchema>;

export const gradingSchema = z
  .object({
    /** Percent of the total weight needed to pass. */
    passMark: z.number().min(0).max(100),
    /**
     * Which tells mark the split for the timing checks (the first one seen
     * counts): `masters-claimed` (two data nodes claim master),
     * `sentinels-moved` (the coordinators name another master: sentinels, or
     * the etcd leader key moved), `lease-stalled` (Patroni: the stale leader
     * stopped renewing its lease; only where its writes are lost from that
     * moment, e.g. when it is cut off from its replicas), `vip-macs`
     * (keepalived: the client sees two MACs answer ARP for the VIP).
     */
    splitTells: z
      .array(z.enum(['masters-claimed', 'sentinels-moved', 'lease-stalled', 'vip-macs']))
      .min(1)
      .default(['masters-claimed', 'sentinels-moved']),
    checks: z
      .array(
        z
          .object({
            check: checkIdSchema,
            weight: z.number().min(0).max(100),
            /**
             * The check carries the scenario's lesson: when it fails, the
             * attempt is not passed whatever the score (the debrief names it).
             * An unknown verdict (nothing to judge) does not fail it.
             */
            required: z.boolean().optional(),
            /**
             * Thresholds for the check: `timeBands` (time-based checks: seconds
             * after the first tell, full and partial credit), `lostBands` (acked-writes-lost: upper bounds
             * of the good / fair bands, in writes; requests-failed: in requests),
             * `settings` (config-fixed: expected final values).
             */
            params: z
              .object({
                /**
                 * Time-based checks (stale-leader-stopped-writes, dual-master-ended,
                 * client-traffic-settled: seconds after the split ended):
                 * seconds after the first tell for full credit and for partial
                 * (half) credit; later fails. Absent: derived from the card's
                 * minutes (see `defaultTimeBands`).
                 */
                timeBands: z.tuple([z.number().positive(), z.number().positive()]).optional(),
                /** Older form of `timeBands`: full credit within this, no partial band. */
                withinSeconds: z.number().positive().optional(),
                lostBands: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
                settings: labSettingsSchema.optional(),
              })
              .strict()
              .default({}),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type GradingSpec = z.infer<typeof gradingSchema>;

const text = z.string().min(1);
export const teachingSchema = z
  .object({
    shape: text,
    howItShows: text,
    tell: text,
    misdiagnoses: z
      .array(z.object({ looksLike: text, butActually: text, howToTell: text }).strict())
      .min(1),
    fix: z.object({ immediate: text, shortTerm: text, longTerm: text }).strict(),
    story: text,
  })
  .strict();

export const tellIdSchema = z.enum([
  'masters-claimed',
  'roles',
  'offsets',
  'replids',
  'sentinel-events',
  'epochs',
  'writes-per-node',
  'ledger',
  'reachability',
  /** Patroni lab: timeline per node. */
  'timelines',
  /** Patroni lab: WAL position per node and its divergence. */
  'lsn',
  /** Patroni lab: the etcd leader key's holder and remaining lease. */
  'leader-key',
  /** Patroni lab: the role Patroni's REST API reports next to postgres's own. */
  'patroni-roles',
  /** Patroni lab: Patroni's log events (demoting, promoted, pg_rewind...). */
  'patroni-events',
  /** keepalived lab: each router's VRRP state over time. */
  'vrrp-states',
  /** keepalived lab: which routers have the VIP on their interface. */
  'vip-holders',
  /** keepalived lab: the MACs answering ARP for the VIP, and the client's neighbour entry for it. */
  'arp-macs',
  /** keepalived lab: which router answered the client's requests through the VIP. */
  'http-responders',
  /** keepalived lab: VRRP adverts received and sent per router. */
  'adverts',
  /** keepalived lab: keepalived's log events (entering MASTER, lower-priority advert, send error...). */
  'keepalived-events',
]);

export type TellId = z.infer<typeof tellIdSchema>;

export const scenarioSchema = z
  .object({
    id,
    system: scenarioSystemSchema,
    title: text,
    /** One-paragraph briefing shown before the start: the situation, not the answer. */
    briefing: text,
    pattern: z.object({ id: z.string().regex(/^FP-\d{3}$/), name: text, family: text }).strict(),
    difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
    minutes: z.number().int().min(1).max(120),
    lab: z
      .object({
        settings: labSettingsSchema.default({}),
        /** Settings the trainee may change before the start (prevention drills). */
        traineeSettings: z
          .array(
            z.enum([
              'minReplicasToWrite',
              'minReplicasMaxLagSeconds',
              'quorum',
              'synchronousMode',
              'failsafeMode',
            ]),
          )
          .default([]),
        /**
         * The values the reference response picks for `traineeSettings` before the
         * start (a scripted run with the reference starts with them; "none" keeps
         * the scenario's own settings).
         */
        referenceSettings: labSettingsSchema.optional(),
      })
      .strict(),
    workload: workloadSchema,
    faults: z.array(faultSchema).min(1),
    /**
     * Human pace: the scenario ends by itself this long after the start if
     * the trainee has not ended it (a safety net, not a target). Absent: the
     * card's `minutes`. A clear warning shows a minute before.
     */
    timeLimit: durationSchema.optional(),
    /**
     * The fast profile (headless self-test, CI): the same scenario with
     * shorter waits. Only timings differ (see `pacedScenario`).
     */
    fast: fastPaceSchema.optional(),
    /**
     * The node the trainee must fence (for grading): the master when the fault
     * fired (Redis, Patroni); keepalived: the router that wrongly claims MASTER.
     */
    staleLeader: nodeName.optional(),
    /**
     * The node that holds the truth and must stay in service: a
     * declare-authoritative naming another node is a misdiagnosis; keepalived:
     * the router that must be the single MASTER at the end.
     */
    authoritative: nodeName.optional(),
    tells: z.array(tellIdSchema).min(1),
    grading: gradingSchema,
    teaching: teachingSchema,
    /**
     * Hints, shown on time or when the trainee asks for one (the next one not
     * yet shown). `after` counts from `since`: `start`, a fault id,
     * `<fault id>:healed`, or (absent) the first fault that fires, whenever
     * that is.
     */
    hints: z
      .array(z.object({ since: sinceSchema.optional(), after: durationSchema, text }).strict())
      .default([]),
    reference: responseSchema.min(1),
    /**
     * Acknowledged writes the reference response lost when it was measured
     * here (headless runner, seed 7): what a good response still costs.
     */
    referenceLost: z.number().int().min(0).optional(),
    /**
     * For prevention drills: what the same fault costs without the prevention,
     * so the debrief can compare this run's loss with it.
     */
    comparison: z
      .object({
        /** Acknowledged writes lost without the prevention (measured or estimated from the workload rate). */
        baselineLost: z.number().int().min(0),
        /** How the baseline was obtained and what it shows, in a sentence or two. */
        text,
      })
      .strict()
      .optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** JSON Schema of the scenario file (for editors and docs). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}

/** Moves a `waitsItOut` response may make: none that changes the run (console reads, the end). */
export const WAIT_IT_OUT_MOVES: readonly ActionKind[] = ['console', 'end'];

/**
 * A wrong response with its header (scenarios/<system>/responses/*.yaml): a
 * typical mistake from the scenario's card, scripted, and the checks it must
 * fail. The self-test plays it and requires it to be graded as not passed,
 * with each of `mustFail` failing.
 */
export const wrongResponseFileSchema = z
  .object({
    scenario: id.describe(
      'The id of the scenario this response is for (scenarios/<system>/<id>.yaml). It must be the scenario the file is run against.',
    ),
    mistake: text
      .max(1000)
      .describe(
        "The typical mistake this response makes, in a sentence or two, taken from the scenario card's misdiagnoses (wait it out, fence the wrong node, a fence that fences nothing, act too late, heal before fencing...).",
      ),
    mustFail: z
      .array(checkIdSchema)
      .min(1)
      .describe(
        "Ids of the scenario's grading checks that must fail (verdict fail) when this response is played, because of the mistake. Each must be a check of the scenario.",
      ),
    waitsItOut: z
      .boolean()
      .optional()
      .describe(
        'True when the response changes nothing (it only watches, with console reads, and ends when a patient person would give up): the self-test plays it instead of doing nothing (`--response none`). Its steps may only be `console` and `end`.',
      ),
    settings: labSettingsSchema
      .optional()
      .describe(
        "The trainee's settings the response starts with (prevention drills): only names from the scenario's lab.traineeSettings.",
      ),
    steps: responseSchema
      .min(1)
      .describe(
        "The scripted moves, in the format of a scenario's `reference`: `since` (start, a fault id, or <fault id>:healed), `after` (a duration), `do` (the move), `why` (optional).",
      ),
  })
  .strict()
  .describe('A wrong response: the mistake it makes, the checks it must fail, and its steps.');
export type WrongResponseFile = z.infer<typeof wrongResponseFileSchema>;

/**
 * A response file: a bare list of steps (a reference-style response, such as
 * one played at a person's pace) or a wrong response with its header.
 */
export const responseFileSchema = z
  .union([
    responseSchema.describe(
      "A list of steps in the format of a scenario's `reference` (a response with no header).",
    ),
    wrongResponseFileSchema,
  ])
  .describe(
    'A scripted response: a list of steps, or a mapping with a header (scenario, mistake, mustFail) and steps.',
  );

/** JSON Schema of a response file (for editors: the `describe` texts are their hover docs). */
export function responseFileJsonSchema(): unknown {
  return z.toJSONSchema(responseFileSchema, { io: 'input', unrepresentable: 'any' });
}

/** What the catalog shows of a scenario. */
export interface ScenarioSummary {
  id: string;
  system: string;
  title: string;
  briefing: string;
  pattern: Scenario['pattern'];
  difficulty: Scenario['difficulty'];
  minutes: number;
  /** Lab settings the trainee may change before the start, with the scenario's values. */
  traineeSettings: { name: string; value: number | boolean | undefined }[];
}

/** A scenario file that could not be loaded: where and why. */
/** What checking a scenario's text found: the file it would be, its problems, and its card when valid. */
export interface ScenarioCheck {
  /** `<system>/<id>.yaml`, from the text's own fields (`draft/...` while they are missing). */
  file: string;
  /** YAML, schema and cross-check problems, each with its line and field. */
  problems: ScenarioProblem[];
  /** The card the catalog would show, when the scenario is valid. */
  summary?: ScenarioSummary;
}

export interface ScenarioProblem {
  /** Path relative to the scenarios folder. */
  file: string;
  /** 1-based line of the offending field (or 1 when the file does not parse at all). */
  line: number;
  /** Field path, e.g. `faults.0.groups`. */
  path: string;
  message: string;
}

import { z } from 'zod';
import {
  withValueDocs,
  durationSchema,
  nodeName,
  id,
  faultId,
  faultDuration,
  faultTimingSchema,
} from './schema-parts';
import { enumWithDocs } from './schema-parts';
import { replayExportActionSchema } from './reconcile.schema';
import { degradeFaultSchema } from './degrade.schema';
import {
  SYSTEM_ACTION_SCHEMAS,
  SYSTEM_CHECK_DOCS,
  SYSTEM_FAULT_SCHEMAS,
  SYSTEM_IDS,
  SYSTEM_SCHEMA_PARTS,
  SYSTEM_SETTINGS_SHAPE,
  SYSTEM_TELL_DOCS,
  SYSTEM_TRAINEE_SETTINGS,
  SYSTEM_TRAITS,
  type TraineeSettingName,
} from './system-traits';

export { durationMs, durationSchema, faultTimingSchema } from './schema-parts';
export type { Duration, FaultTiming } from './schema-parts';
export * from './reconcile.schema';

/**
 * The scenario file format (scenarios/<system>/<id>.yaml). The zod schema is
 * the single source: the loader validates with it and `scenarioJsonSchema()`
 * exports it as JSON Schema for editors. No transforms, so the JSON Schema is
 * exact; durations stay strings and are read with `durationMs`.
 *
 * Every field carries a `.describe()` for a scenario author: the scenario
 * editor shows it on completion and hover, and a unit test
 * (core/scenarios/scenario-schema-docs.test.ts) fails when one is missing.
 * Enums also list one description per value (`enumDescriptions`, see
 * `withValueDocs`). Descriptions are metadata only: validation and the
 * inferred types are the same without them.
 */

/**
 * What a scripted step or a hint counts from: `start` (lab ready, workload
 * writing), `tell` (the first tell on screen), `previous` (scripted steps
 * only: the step before it finished), a fault id (when it fired), or
 * `<fault id>:healed` (when it was reverted: by its `duration`, a heal, or a
 * move that undoes it).
 */
const sinceSchema = z
  .string()
  .regex(
    /^(start|tell|previous|[a-z][a-z0-9-]{0,63}(:healed)?)$/,
    'start, tell, previous, a fault id, or <fault id>:healed',
  )
  .describe(
    "What the delay counts from: start (the lab ready and the workload writing), tell (the first tell of the split on the trainee's screen, after the first fault: what a person reacts to, however long the system took to show it), previous (in a scripted response only: the step before it in the file finished, however long the engine took to carry it out), a fault id (when that fault fired), or <fault id>:healed (when it was reverted: by its duration, a heal, or a move that undid it).",
  );

/** The systems scenarios run on (one lab each). */
export const scenarioSystemSchema = withValueDocs(
  z.enum(SYSTEM_IDS),
  'The system the scenario runs on (one lab each); the file lives in the folder of that name, and the lab settings, client modes, faults and moves must be ones of this system.',
  Object.fromEntries(SYSTEM_IDS.map((id) => [id, SYSTEM_SCHEMA_PARTS[id].summary])) as Record<
    (typeof SYSTEM_IDS)[number],
    string
  >,
);
export type ScenarioSystem = z.infer<typeof scenarioSystemSchema>;

/**
 * Lab settings in a scenario file: the fields of the scenario's system only
 * (each system's schema part lists its own). The loader refuses a field of
 * another system, naming file, line and field.
 */
export const labSettingsSchema = z
  .object(SYSTEM_SETTINGS_SHAPE)
  .strict()
  .describe(
    `Lab settings: the fields of the scenario's system only (${SYSTEM_IDS.map(
      (id) =>
        `${SYSTEM_TRAITS[id].name}: ${Object.keys(SYSTEM_SCHEMA_PARTS[id].settings.shape).slice(0, 2).join(', ')}, ...`,
    ).join('; ')}). Unset ones keep the lab's defaults.`,
  );
export type LabSettingsInput = z.infer<typeof labSettingsSchema>;
/** The setting names of each system. */
export const SYSTEM_SETTING_NAMES: Record<ScenarioSystem, readonly string[]> = Object.fromEntries(
  SYSTEM_IDS.map((id) => [id, Object.keys(SYSTEM_SCHEMA_PARTS[id].settings.shape)]),
) as unknown as Record<ScenarioSystem, readonly string[]>;

/** The name of the system whose lab has the setting `name` (for a doc line). */
function settingSystemName(name: string): string {
  const id = SYSTEM_IDS.find((s) => SYSTEM_SETTING_NAMES[s].includes(name));
  return id ? SYSTEM_TRAITS[id].name : 'no system';
}

type SchemaParts = typeof SYSTEM_SCHEMA_PARTS;
/** A workload client mode of any system. */
type ClientMode = {
  [S in keyof SchemaParts]: keyof SchemaParts[S]['clientModes'] & string;
}[keyof SchemaParts];

/** Every workload client mode, from the systems' schema parts; each system offers some (SystemTraits.clientModes). */
const CLIENT_MODES = [
  ...new Set(SYSTEM_IDS.flatMap((id) => Object.keys(SYSTEM_SCHEMA_PARTS[id].clientModes))),
] as [ClientMode, ...ClientMode[]];

/** Each client mode's docs: what it does on each system that offers it. */
function clientModeDocs(): Record<ClientMode, string> {
  return Object.fromEntries(
    CLIENT_MODES.map((mode) => [
      mode,
      SYSTEM_IDS.flatMap((id) => {
        const doc = (SYSTEM_SCHEMA_PARTS[id].clientModes as Partial<Record<string, string>>)[mode];
        return doc ? [`${SYSTEM_TRAITS[id].name}: ${doc}`] : [];
      }).join(' '),
    ]),
  ) as Record<ClientMode, string>;
}

/** A write client of the workload. */
export const workloadClientSchema = z
  .object({
    name: nodeName.describe(
      "The client's name (lowercase letters, digits and dashes, e.g. app-pinned): part of every key it writes, and how partition groups name it. Unique, and not a lab node's name.",
    ),
    /**
     * How the client finds where to write: one of the modes of the
     * scenario's system (SystemTraits.clientModes; each system's schema part
     * says what a mode does on it).
     */
    mode: withValueDocs(
      z.enum(CLIENT_MODES),
      `How the client finds where to write; only the modes of the scenario's system (${Object.values(
        SYSTEM_TRAITS,
      )
        .map((t) => `${t.name}: ${t.clientModes.join(', ')}`)
        .join('; ')}).`,
      clientModeDocs(),
    ),
    /**
     * Labs whose clients pick a data node themselves: the data nodes this
     * client knows, in the order it tries them (default: every data node).
     * `multi-host` with one host is an app configured with that node only; a
     * `pinned` client of a Raft cluster writes through the first.
     */
    hosts: z
      .array(nodeName)
      .min(1)
      .max(5)
      .optional()
      .describe(
        "Labs whose clients pick a data node themselves only (PostgreSQL's pg-1 to pg-3, etcd's raft-1 to raft-5): the data nodes this client knows, in the order it tries them, 1-5; default every data node. multi-host with one host is an app configured with that node only; a pinned etcd client writes through the first.",
      ),
  })
  .strict()
  .describe('A workload client: a container in the lab network that writes on its own.');

export const workloadSchema = z
  .object({
    /** Write attempts per second, per client. */
    rate: z
      .number()
      .min(1)
      .max(200)
      .default(20)
      .describe(
        'Write attempts (through a VIP: HTTP requests) per second, per client, 1-200; default 20. Sent at a fixed rate whatever the replies, several in flight at once.',
      ),
    /** A write with no reply within this is recorded as indeterminate. */
    timeout: durationSchema
      .default('1s')
      .describe(
        'A write (request) with no reply within this is recorded as indeterminate (timed out); a duration like 1s or 500ms, default 1s.',
      ),
    sharedKeys: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe(
        'Shared keys, 1-1000, for a system whose workload has them (key-value stores; see the system docs): besides its own key, every write updates one of this many keys that every client writes (dojo:s:000, dojo:s:001... in turn), last-write-wins by the clock of the node that applies it: the node stamps the value with its own time and leaves a key whose stamp is newer as it is, while the client is told OK either way. The ledger then also counts acknowledged updates that an older value outlived. Absent: every write is a key of its own.',
      ),
    clients: z
      .array(workloadClientSchema)
      .min(1)
      .max(4)
      .describe(
        "The workload's clients, 1-4, each writing at the rate; the ledger of their writes is what acked-writes-lost and the debrief read.",
      ),
  })
  .strict()
  .describe(
    'The client workload that writes to the cluster from the start to the end (through a VIP: HTTP requests), keeping a ledger of every write and how it ended.',
  );
export type WorkloadSpec = z.infer<typeof workloadSchema>;

/**
 * How a scenario is paced: `human` (what a person plays: faults at a random
 * moment in their window, the card's minutes as the time limit) or `fast`
 * (the headless self-test: the same scenario with short fixed waits).
 */
export const paceSchema = withValueDocs(
  z.enum(['human', 'fast']),
  'How a scenario is paced: the same scenario, only its timings differ.',
  {
    human:
      "What a person plays: the file's timings, faults at a random moment in their window, and the card's minutes (or timeLimit) as the time limit.",
    fast: 'The headless self-test: timed faults at short fixed offsets and the fast time limit (see fast).',
  },
);
export type Pace = z.infer<typeof paceSchema>;

/** The fast profile's timings (see `pacedScenario`). */
export const fastPaceSchema = z
  .object({
    /** Time limit in the fast profile. */
    timeLimit: durationSchema.describe(
      'The time limit in the fast profile, a duration like 60s: not longer than the human one, and the reference must end at least 10 s before it.',
    ),
    /**
     * Per fault id: when it fires (`at`, default 5s; instructor-triggered
     * faults stay so) and how long it lasts (`duration`, default the file's).
     */
    faults: z
      .record(
        id,
        z
          .object({
            at: durationSchema
              .optional()
              .describe(
                'When this fault fires in the fast profile, counted from the start; default 5s. Not for a fault an instructor triggers (it waits for its trigger in every pace).',
              ),
            duration: durationSchema
              .optional()
              .describe(
                "How long this fault lasts in the fast profile before it heals itself; default the fault's own duration.",
              ),
          })
          .strict(),
      )
      .default({})
      .describe(
        "Per fault id: when that fault fires and how long it lasts in the fast profile. A timed fault not listed fires at 5s with the file's duration.",
      ),
  })
  .strict();
export type FastPace = z.infer<typeof fastPaceSchema>;

/**
 * Network partition inside the containers' network namespaces (iptables in a
 * dedicated chain). `groups` are node/client names; traffic between groups
 * is cut. `direction` is seen from the first group: `inbound` drops what the
 * first group receives from the others, `outbound` what it sends to them.
 */
export const partitionFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('partition')
      .describe(
        "A network partition: traffic between the two groups is cut by iptables rules inside each member's own network namespace. The revert removes the rules.",
      ),
    groups: z
      .array(z.array(nodeName).min(1))
      .length(2)
      .describe(
        'The two sides: two lists of lab node and workload client names, e.g. [[redis-1, app-pinned], [redis-2, redis-3, sentinel-1, ...]]. Traffic between the sides is cut; a name belongs to one side at most, and members in neither are untouched.',
      ),
    direction: withValueDocs(
      z.enum(['both', 'inbound', 'outbound']),
      'Which way the cut goes, seen from the first group; default both. TCP needs both ways, so a one-way cut stops TCP like a full one; only datagrams see it as one-way.',
      {
        both: 'Both groups drop what comes from, and what goes to, the other group.',
        inbound:
          'The first group drops what it receives from the other group; its own packets still arrive there.',
        outbound: 'The first group drops what it sends to the other group.',
      },
    ).default('both'),
    at: faultTimingSchema,
    /** Heals by itself after this long; absent = until healed by an action or the end. */
    duration: faultDuration,
  })
  .strict();

/** Freezes a node's processes (docker pause), then resumes them. */
export const pauseFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('pause')
      .describe(
        "Freezes a node's processes (docker pause); the revert resumes them. A frozen leader is a zombie: it wakes up in its old role and answers requests its clients had given up on.",
      ),
    node: nodeName.describe('The lab node (or workload client) to freeze, e.g. redis-1.'),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict();

/** Stops a node's container (docker stop: a clean shutdown); revert starts it again. */
export const stopNodeFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('stop-node')
      .describe(
        "Stops a node's container (docker stop: a clean shutdown). The revert starts it again, with the network faults on it put back.",
      ),
    node: nodeName.describe('The lab node (or workload client) to stop, e.g. redis-1.'),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict();

export const faultSchema = z
  .discriminatedUnion('kind', [
    partitionFaultSchema,
    pauseFaultSchema,
    degradeFaultSchema,
    ...SYSTEM_FAULT_SCHEMAS,
    stopNodeFaultSchema,
  ])
  .describe(
    `A fault the scenario injects, by kind; it fires once, at its time, and is reverted when it heals or the run ends. Some kinds exist on one system only (${SYSTEM_IDS.filter(
      (id) => SYSTEM_SCHEMA_PARTS[id].faults.length > 0,
    )
      .map(
        (id) =>
          `${SYSTEM_SCHEMA_PARTS[id].faults.map((f) => f.shape.kind.value).join(', ')}: ${SYSTEM_TRAITS[id].name}`,
      )
      .join('; ')}).`,
  );
export type FaultSpec = z.infer<typeof faultSchema>;

/** The trainee's palette moves (and what scripted responses do). */
export const actionSchema = z
  .discriminatedUnion('kind', [
    /** Reject the node's client port for the workload clients (a network fence). */
    z
      .object({
        kind: z
          .literal('isolate-clients')
          .describe(
            "A network fence (a node with a client port): every TCP connection to the node's client port (Redis 6379, Sentinel 26379, PostgreSQL 5432, etcd 2379) is reset, except from the cluster's own members and the engine's probes.",
          ),
        node: nodeName.describe('The node to fence from its clients, e.g. redis-1.'),
      })
      .strict(),
    z
      .object({
        kind: z
          .literal('unisolate-clients')
          .describe("Lifts the node's client fence (isolate-clients)."),
        node: nodeName.describe('The node whose client fence is lifted.'),
      })
      .strict(),
    z
      .object({
        kind: z
          .literal('pause')
          .describe(
            'Freezes the node (docker pause). Not a fence: it wakes up as it was, a zombie if it led.',
          ),
        node: nodeName.describe('The node to freeze.'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('resume').describe('Resumes a paused node (docker unpause).'),
        node: nodeName.describe('The paused node to resume.'),
      })
      .strict(),
    z
      .object({
        kind: z
          .literal('stop')
          .describe("Stops the node's container (docker stop, 3 s before SIGKILL). A fence."),
        node: nodeName.describe('The node to stop.'),
      })
      .strict(),
    z
      .object({
        kind: z
          .literal('start')
          .describe(
            "Starts a stopped node's container: fences made before the stop are gone, and the network faults on it are put back.",
          ),
        node: nodeName.describe('The stopped node to start.'),
      })
      .strict(),
    /** Reverts one fault, or every active fault when `fault` is absent. */
    z
      .object({
        kind: z
          .literal('heal')
          .describe('Reverts one fault, or every fault in place when fault is absent.'),
        fault: id
          .optional()
          .describe("The id of the fault to heal (one of the scenario's faults); absent: all."),
      })
      .strict(),
    /** Declares which node holds the truth (graded against the scenario's expectation). */
    z
      .object({
        kind: z
          .literal('declare-authoritative')
          .describe(
            "Declares which node holds the truth; it changes nothing in the lab. right-router-kept (VRRP) fails when it names another router than the scenario's authoritative one.",
          ),
        node: nodeName.describe('The node declared authoritative.'),
      })
      .strict(),
    /**
     * Saves the workload writes the node holds to the run's artifacts (before a
     * rejoin wipes them): Redis keys, or PostgreSQL rows (with how many of them
     * the current leader lacks: the divergent rows).
     */
    z
      .object({
        kind: z
          .literal('export-keys')
          .describe(
            "Data stores only: saves the workload writes the node holds to the run's artifacts before a rejoin wipes them (Redis keys, or PostgreSQL rows with those the current leader lacks). divergent-writes-saved looks for it.",
          ),
        node: nodeName.describe('The data node whose writes are saved, usually the stale leader.'),
      })
      .strict(),
    replayExportActionSchema,
    /** Stop then start the node's container (a managed PostgreSQL node rejoins, by pg_rewind if needed). */
    z
      .object({
        kind: z
          .literal('restart')
          .describe(
            "Stops then starts the node's container (a PostgreSQL node's manager comes back and rejoins it, by pg_rewind if needed); fences made before are gone.",
          ),
        node: nodeName.describe('The node to restart.'),
      })
      .strict(),
    ...SYSTEM_ACTION_SCHEMAS,
    /** Fires an instructor-triggered fault. */
    z
      .object({
        kind: z
          .literal('trigger-fault')
          .describe(
            'Fires a fault now, as an instructor would (meant for a fault whose at is trigger: instructor); a fault fires once at most.',
          ),
        fault: id.describe("The id of the fault to fire (one of the scenario's faults)."),
      })
      .strict(),
    /** A command line run in the node's console (recorded like a typed one). */
    z
      .object({
        kind: z
          .literal('console')
          .describe("A command line run in the node's console, recorded like a typed one."),
        node: nodeName.describe('The node whose console runs the command.'),
        command: z
          .string()
          .min(1)
          .max(2000)
          .describe(
            'The command line (1-2000 characters), run with bash -lc inside the node and killed after 15 s.',
          ),
      })
      .strict(),
    /** Ends the scenario: final health, ledger read-back, grade. */
    z
      .object({
        kind: z
          .literal('end')
          .describe('Ends the scenario: final health read, ledger read-back, then the grade.'),
      })
      .strict(),
  ])
  .describe(
    "The move, chosen by kind: one of the trainee's palette moves, or a step only scripts take (trigger-fault, console, end). Some kinds exist on some systems only (see each kind).",
  );
export type Action = z.infer<typeof actionSchema>;
export type ActionKind = Action['kind'];

/** One step of a scripted response: an action at a time relative to a fault firing or to the start. */
export const responseStepSchema = z
  .object({
    /** `start`, `tell`, `previous` (the step before finished), a fault id (when it fired) or `<fault id>:healed` (when it ended). */
    since: sinceSchema
      .default('start')
      .describe(
        "What after counts from: start (the default), tell (the first tell of the split on the trainee's screen), previous (the step before this one finished), a fault id (when it fired) or <fault id>:healed (when it was reverted).",
      ),
    after: durationSchema.describe(
      'How long after since the step is due, a duration like 8s; a step never starts before the one before it has finished.',
    ),
    do: actionSchema,
    /** Why a good operator does this (shown in the debrief). */
    why: z
      .string()
      .optional()
      .describe(
        "Why a good operator does this, shown in the debrief; it may name {newMaster} and {staleLeader}, filled in with the run's nodes.",
      ),
  })
  .strict();
export const responseSchema = z.array(responseStepSchema);
export type ResponseStep = z.infer<typeof responseStepSchema>;

/** The grading checks the engine knows (core/grading); each scenario picks and weights them. */
/** The grading checks every system's scenarios may use (core/grading), each with its description. */
export const GENERIC_CHECK_DOCS = {
  'stale-leader-stopped-writes':
    'How soon the stale leader stopped acknowledging writes after the first tell (until it rejoined), in the time bands (timeBands); when a move stopped it, the trainee is timed to that move.',
  'fenced-before-rejoin':
    'The stale leader was fenced (isolate-clients, stop, stop-postgres or stop-keepalived; a pause does not count) after the fault and before it rejoined as a replica.',
  'did-not-fence-new-master':
    'No move that takes a node out of service (a fence, a pause, a restart) hit the master the coordinators elected, from the fault on.',
  'acked-writes-lost':
    "Acknowledged writes missing from the final master, in the bands lostBands (default [50, 200] writes); writes acknowledged while the trainee's first fence was landing are not counted against them.",
  'divergent-writes-saved':
    "The stale leader's writes were exported (export-keys) after the fault and before it rejoined; passes when it acknowledged nothing after the fault.",
  'divergent-writes-recovered':
    "The stale leader's writes acknowledged after the fault are on the final master at the end, put back by replay-export (counted as recovered in the ledger), and the replay deleted none of the authoritative node's keys; passes when it acknowledged nothing after the fault.",
  'final-health':
    'The lab was healthy when the scenario ended: one master with every replica following and caught up, the coordinators agreeing, and no fault or fence left in place.',
  'config-fixed': 'The settings in params.settings (required) hold when the scenario ended.',
  'failed-over':
    'The master was lost (a sample from the first fault on in which no node claimed master) and another node took over: seconds from that sample on screen to the first sample with one master that is not the lost one, in the time bands (timeBands); the trainee is timed to the last move before it. Fails when no other node led by the end.',
  'slow-leader-replaced':
    'Grey failure (the leader-slow tell): how soon the slow leader stopped being the leader, in the time bands (timeBands); when a move handed its role on (a switchover or failover to another node, or the slow node taken out of service), the trainee is timed to that move. Fails when it still led at the end.',
  'newest-update-kept':
    "Last-write-wins by real time (a workload with sharedKeys): at the end every shared key holds a value that no acknowledged update of it came after (sent after that value's write was acknowledged, by the host's clock). Fails when an older value outlived newer acknowledged ones, e.g. because a node's clock ran ahead and its stamps won a comparison or a keep-newer replay.",
} as const;

/** The grading checks the engine knows (core/grading and each system's own); each scenario picks and weights them. */
export const checkIdSchema = enumWithDocs(
  {
    ...GENERIC_CHECK_DOCS,
    ...SYSTEM_CHECK_DOCS,
  },
  'The check to run (each at most once per scenario); each gives pass (full or half credit), fail, or unknown when the run shows nothing to judge.',
);
export type CheckId = z.infer<typeof checkIdSchema>;

export const gradingSchema = z
  .object({
    /** Percent of the total weight needed to pass. */
    passMark: z
      .number()
      .min(0)
      .max(100)
      .describe(
        'The score needed to pass, in percent (0-100); score = sum of weight × credit over the sum of weights. A failed required check fails the attempt whatever the score.',
      ),
    /**
     * Which tells mark the split for the timing checks (the first one seen
     * counts): `masters-claimed` (two data nodes claim master),
     * `sentinels-moved` (the coordinators name another master: sentinels, or
     * the etcd leader key moved), `lease-stalled` (the stale leader
     * stopped renewing its lease; only where its writes are lost from that
     * moment, e.g. when it is cut off from its replicas), `vip-macs`
     * (VRRP: the client sees two MACs answer ARP for the VIP),
     * `leader-slow` (any system: the stale leader slow to answer its probe).
     */
    splitTells: z
      .array(
        withValueDocs(
          z.enum([
            'masters-claimed',
            'sentinels-moved',
            'lease-stalled',
            'vip-macs',
            'leader-slow',
          ]),
          'A tell that marks the split.',
          {
            'masters-claimed':
              'Two data nodes claim master (Redis role, PostgreSQL out of recovery; VRRP: two routers in MASTER).',
            'sentinels-moved':
              'Most coordinators name another master than the stale leader: the sentinels, or the etcd leader key moved.',
            'lease-stalled':
              'The stale leader still holds the DCS leader key but stopped renewing it for over a loop. Only where its writes are lost from that moment, e.g. when it is cut off from its replicas.',
            'vip-macs': 'VRRP: the client sees more than one MAC answer ARP for the VIP.',
            'leader-slow':
              'Grey failure, any system: the stale leader, its container running, answers no probe within 300 ms three samples in a row (slow, not down). Needs staleLeader.',
          },
        ),
      )
      .min(1)
      .default(['masters-claimed', 'sentinels-moved'])
      .describe(
        'Which tells mark the split (the first one seen after the first fault counts): the time-based checks count from it, and the split checks need one. Default [masters-claimed, sentinels-moved].',
      ),
    checks: z
      .array(
        z
          .object({
            check: checkIdSchema,
            weight: z
              .number()
              .min(0)
              .max(100)
              .describe(
                "The check's weight, 0-100: it earns weight × credit (pass 1, half credit 0.5, fail or unknown 0) of the sum of the weights.",
              ),
            /**
             * The check carries the scenario's lesson: when it fails, the
             * attempt is not passed whatever the score (the debrief names it).
             * An unknown verdict (nothing to judge) does not fail it.
             */
            required: z
              .boolean()
              .optional()
              .describe(
                "The check carries the scenario's lesson: when it fails, the attempt is not passed whatever the score (the debrief names it). An unknown verdict does not fail it.",
              ),
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
                timeBands: z
                  .tuple([
                    z
                      .number()
                      .positive()
                      .describe('Seconds within which the check gets full credit.'),
                    z
                      .number()
                      .positive()
                      .describe(
                        'Seconds within which it gets half credit (later fails): not below the first, and within the time limit.',
                      ),
                  ])
                  .optional()
                  .describe(
                    "Time-based checks only (stale-leader-stopped-writes, dual-master-ended: seconds after the first tell; client-traffic-settled: after the split ended): [full credit, half credit] bounds. Absent: withinSeconds if set, else [30, the card's minutes × 15 kept within 60-180].",
                  ),
                /** Older form of `timeBands`: full credit within this, no partial band. */
                withinSeconds: z
                  .number()
                  .positive()
                  .optional()
                  .describe(
                    'Older form of timeBands: full credit within this many seconds, no half-credit band.',
                  ),
                lostBands: z
                  .tuple([
                    z
                      .number()
                      .int()
                      .min(0)
                      .describe('The good band: up to this many, full credit.'),
                    z
                      .number()
                      .int()
                      .min(0)
                      .describe(
                        'The fair band: up to this many, half credit (more fails); not below the first.',
                      ),
                  ])
                  .optional()
                  .describe(
                    'acked-writes-lost (in writes, default [50, 200]) and requests-failed (in requests, default [10, 40]): inclusive upper bounds of the good and fair bands.',
                  ),
                settings: labSettingsSchema
                  .optional()
                  .describe(
                    'config-fixed (required there): the settings expected when the scenario ends. minReplicasToWrite may be higher and minReplicasMaxLagSeconds lower (stricter); the others must be equal.',
                  ),
              })
              .strict()
              .default({})
              .describe(
                "The check's thresholds: timeBands or withinSeconds (time-based checks), lostBands (acked-writes-lost, requests-failed), settings (config-fixed).",
              ),
          })
          .strict(),
      )
      .min(1)
      .describe(
        'The checks that grade the run, at least one, each at most once, not all weighing 0.',
      ),
  })
  .strict()
  .describe('How the run is graded: the checks, their weights and the pass mark.');
export type GradingSpec = z.infer<typeof gradingSchema>;

const text = z.string().min(1);
/** Where a teaching text may name the run's nodes. */
const RUN_FACTS = "It may name {newMaster} and {staleLeader}, filled in with the run's nodes.";
export const teachingSchema = z
  .object({
    shape: text.describe(`The pattern's shape: what goes wrong, in a few sentences. ${RUN_FACTS}`),
    howItShows: text.describe(`How the pattern shows in this system. ${RUN_FACTS}`),
    tell: text.describe(`The tell: what tells this pattern apart. ${RUN_FACTS}`),
    misdiagnoses: z
      .array(
        z
          .object({
            looksLike: text.describe(`What the situation looks like. ${RUN_FACTS}`),
            butActually: text.describe(`What it actually is. ${RUN_FACTS}`),
            howToTell: text.describe(`How to tell the two apart. ${RUN_FACTS}`),
          })
          .strict(),
      )
      .min(1)
      .describe('The misdiagnosis traps of the pattern, at least one.'),
    fix: z
      .object({
        immediate: text.describe(`What to do now, during the incident. ${RUN_FACTS}`),
        shortTerm: text.describe(`What to do in the following days. ${RUN_FACTS}`),
        longTerm: text.describe(`What prevents it for good. ${RUN_FACTS}`),
      })
      .strict()
      .describe('The fix, immediate, short-term and long-term.'),
    story: text.describe(`A short real-world story of the pattern. ${RUN_FACTS}`),
  })
  .strict()
  .describe(
    "The failure-pattern card the debrief shows (hidden until the debrief in a blind game-day drill), in the project's own words.",
  );

/** The tells every system's workspace can chart, each with its description. */
export const GENERIC_TELL_DOCS = {
  'masters-claimed':
    'How many data nodes claim master: the headline above the charts, which shows in every run.',
  roles: "Each data node's role over time, as the node itself reports it.",
  'writes-per-node':
    'Acknowledged writes per second per node (through a VIP: requests answered per router), with the failed ones.',
  ledger:
    'The ledger counters: attempts, acknowledged, failed, timed out, and (after the read-back) acknowledged but lost.',
  reachability: 'Who reaches whom, read after each partition is put in place or healed.',
  'probe-rtt':
    "Each data node's probe round trip in ms, a probe with no answer drawn at its 400 ms budget: a grey (slow, not down) node climbs while its container runs.",
  'clock-offset':
    "Each node's wall clock minus the host's, in seconds, as the probe reads it (labs whose nodes report their time): a step shows as a cliff, drift as a slope.",
} as const;

/** Every tell, with its description: the generic ones and each system's own. */
const TELLS = {
  ...GENERIC_TELL_DOCS,
  ...SYSTEM_TELL_DOCS,
};

export const tellIdSchema = enumWithDocs(TELLS, 'A tell the workspace charts during the run.');

export type TellId = z.infer<typeof tellIdSchema>;

export const scenarioSchema = z
  .object({
    id: id.describe(
      "The scenario's id (lowercase letters, digits and dashes, e.g. stale-leader): the file must be <system>/<id>.yaml, and no other scenario may have it.",
    ),
    system: scenarioSystemSchema,
    title: text.describe("The scenario's title, on its card in the catalog and in the debrief."),
    /** One-paragraph briefing shown before the start: the situation, not the answer. */
    briefing: text.describe(
      'One-paragraph briefing shown before the start: the situation, not the answer.',
    ),
    pattern: z
      .object({
        id: z
          .string()
          .regex(/^FP-\d{3}$/)
          .describe("The pattern card's id: FP- and three digits, e.g. FP-015."),
        name: text.describe("The pattern's name, e.g. Stale Leader."),
        family: text.describe("The pattern's family, e.g. Split Brain."),
      })
      .strict()
      .describe('The failure pattern the scenario teaches, as its card names it.'),
    difficulty: withValueDocs(
      z.enum(['beginner', 'intermediate', 'advanced']),
      'How hard the scenario is, shown as a badge on its card.',
      {
        beginner:
          "The system's basic split with plain tells: the first one to play on it (e.g. stale-leader).",
        intermediate:
          'A variant that takes more than the basic fence: a zombie, a one-way cut, a prevention drill (e.g. zombie-leader).',
        advanced:
          'Misleading tells, or a cause in the configuration (e.g. quorum-one, maintenance-promote).',
      },
    ),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(120)
      .describe(
        "How long the scenario takes, in minutes (1-120), shown on its card. It is the human pace's time limit unless timeLimit is set, and sets the default time bands.",
      ),
    lab: z
      .object({
        settings: labSettingsSchema
          .default({})
          .describe(
            "The lab's settings for this scenario: only fields of its system; those left out keep the lab's defaults.",
          ),
        /** Settings the trainee may change before the start (prevention drills). */
        traineeSettings: z
          .array(
            withValueDocs(
              z.enum(
                Object.keys(SYSTEM_TRAINEE_SETTINGS) as [
                  TraineeSettingName,
                  ...TraineeSettingName[],
                ],
              ),
              "A setting the trainee may choose; it must be a setting of the scenario's system.",
              Object.fromEntries(
                Object.entries(SYSTEM_TRAINEE_SETTINGS).map(([name, form]) => [
                  name,
                  `${settingSystemName(name)}: ${form.label} (see settings).`,
                ]),
              ) as Record<TraineeSettingName, string>,
            ),
          )
          .default([])
          .describe(
            "Settings the trainee may change before the start (prevention drills); the catalog shows them with the scenario's values. Default none.",
          ),
        /**
         * The values the reference response picks for `traineeSettings` before the
         * start (a scripted run with the reference starts with them; "none" keeps
         * the scenario's own settings).
         */
        referenceSettings: labSettingsSchema
          .optional()
          .describe(
            "The values the reference response picks for traineeSettings (only those) before the start: a scripted run of the reference starts with them, and the debrief shows them. Absent: the scenario's own settings.",
          ),
      })
      .strict()
      .describe('The lab the scenario runs on: its settings, and those the trainee may choose.'),
    workload: workloadSchema,
    faults: z
      .array(faultSchema)
      .min(1)
      .describe(
        'The faults the scenario injects, at least one, each with a unique id; every fault still in place is reverted when the run ends.',
      ),
    /**
     * Human pace: the scenario ends by itself this long after the start if
     * the trainee has not ended it (a safety net, not a target). Absent: the
     * card's `minutes`. A clear warning shows a minute before.
     */
    timeLimit: durationSchema
      .optional()
      .describe(
        "Human pace: the scenario ends by itself this long after the start if the trainee has not ended it (a safety net, not a target), a duration like 10m; a warning shows a minute before. Absent: the card's minutes.",
      ),
    /**
     * The fast profile (headless self-test, CI): the same scenario with
     * shorter waits. Only timings differ (see `pacedScenario`).
     */
    fast: fastPaceSchema
      .optional()
      .describe(
        'The fast profile (headless self-test, CI): the same scenario with shorter waits; only the timings differ. Absent: timed faults fire at 5s, with the human time limit.',
      ),
    /**
     * The node the trainee must fence (for grading): the master when the fault
     * fired (a data store); VRRP: the router that wrongly claims MASTER.
     */
    staleLeader: nodeName
      .optional()
      .describe(
        'The data node the trainee must fence, which the checks judge: the master when the fault fired (VRRP: the router that wrongly claims MASTER). Absent: the master just before the first fault (VRRP: the router that entered MASTER at the tell).',
      ),
    /**
     * The node that holds the truth and must stay in service: a
     * declare-authoritative naming another node is a misdiagnosis; VRRP:
     * the router that must be the single MASTER at the end.
     */
    authoritative: nodeName
      .optional()
      .describe(
        'The data node that holds the truth and must stay in service; not the staleLeader. VRRP: the router that must be the single MASTER at the end (right-router-kept; absent: the higher priority), where a declare-authoritative naming the other router is a misdiagnosis.',
      ),
    tells: z
      .array(tellIdSchema)
      .min(1)
      .describe(
        "The tells the workspace charts during the run, at least one; the headline and the topology always show. They do not affect grading (see grading's splitTells).",
      ),
    grading: gradingSchema,
    teaching: teachingSchema,
    /**
     * Hints, shown on time or when the trainee asks for one (the next one not
     * yet shown). `after` counts from `since`: `start`, `tell`, a fault id,
     * `<fault id>:healed`, or (absent) the first fault that fires, whenever
     * that is.
     */
    hints: z
      .array(
        z
          .object({
            since: sinceSchema
              .optional()
              .describe(
                "What after counts from: start, tell (the first tell of the split on the trainee's screen), a fault id (when it fired) or <fault id>:healed (when it was reverted). Absent: the first fault that fires, whenever that is. Not previous: that is for scripted steps.",
              ),
            after: durationSchema.describe(
              'How long after since the hint shows by itself, a duration like 20s; it must come before the time limit.',
            ),
            text: text.describe('The hint, as the hints panel shows it.'),
          })
          .strict(),
      )
      .default([])
      .describe(
        'Hints, each shown once: on time, or earlier when the trainee asks for one (the next one not yet shown). Default none.',
      ),
    reference: responseSchema
      .min(1)
      .describe(
        "The reference response: the steps a good operator takes, at least one, ending with an end step. The self-test plays it, and the debrief shows it with each step's why.",
      ),
    /**
     * Acknowledged writes the reference response lost when it was measured
     * here (headless runner, seed 7): what a good response still costs.
     */
    referenceLost: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        "Acknowledged writes the reference response lost when it was measured (headless runner, seed 7): what a good response still costs. The debrief shows it next to the run's loss.",
      ),
    /**
     * For prevention drills: what the same fault costs without the prevention,
     * so the debrief can compare this run's loss with it.
     */
    comparison: z
      .object({
        /** Acknowledged writes lost without the prevention (measured or estimated from the workload rate). */
        baselineLost: z
          .number()
          .int()
          .min(0)
          .describe(
            'Acknowledged writes lost without the prevention (measured, or estimated from the workload rate).',
          ),
        /** How the baseline was obtained and what it shows, in a sentence or two. */
        text: text.describe(
          'How the baseline was obtained and what it shows, in a sentence or two.',
        ),
      })
      .strict()
      .optional()
      .describe(
        "Prevention drills: what the same fault costs without the prevention, so the debrief can compare this run's loss with it.",
      ),
  })
  .strict()
  .describe(
    'A Failover Dojo scenario: a lab, a workload, the faults to inject, what to chart, how to grade, and what to teach.',
  );

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** JSON Schema of the scenario file (for editors and docs). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}

/**
 * Where a scenario comes from: `shipped` with the app (the repository's
 * `scenarios/`, read-only) or the user's `library` folder (editable).
 */
export type ScenarioSource = 'shipped' | 'library';

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
        "The scripted moves, in the format of a scenario's `reference`: `since` (start, tell, previous, a fault id, or <fault id>:healed), `after` (a duration), `do` (the move), `why` (optional).",
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
  /** Shipped with the app (read-only: copy it to edit) or from the user's library. */
  source: ScenarioSource;
  title: string;
  briefing: string;
  pattern: Scenario['pattern'];
  difficulty: Scenario['difficulty'];
  minutes: number;
  /** Lab settings the trainee may change before the start, with the scenario's values. */
  traineeSettings: { name: string; value: number | boolean | undefined }[];
}

/** What checking a scenario's text found: the file it would be, its problems, and its card when valid. */
export interface ScenarioCheck {
  /** `<system>/<id>.yaml`, from the text's own fields (`draft/...` while they are missing). */
  file: string;
  /** YAML, schema and cross-check problems, each with its line and field. */
  problems: ScenarioProblem[];
  /** The card the catalog would show, when the scenario is valid. */
  summary?: ScenarioSummary;
  /** The teaching card the debrief would show, when the scenario is valid. */
  teaching?: Scenario['teaching'];
}

/** A scenario file that could not be loaded: where and why. */
export interface ScenarioProblem {
  /**
   * Path relative to the scenarios folder (`<system>/x.yaml`); a file
   * of the user's library is written `library: <system>/x.yaml`.
   */
  file: string;
  /** 1-based line of the offending field (or 1 when the file does not parse at all). */
  line: number;
  /** Field path, e.g. `faults.0.groups`. */
  path: string;
  message: string;
}

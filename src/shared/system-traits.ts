import type { CheckId, ScenarioSystem, TellId } from './scenario-schema';
import type { NodeKind } from './lab-types';
import type { RunTextField } from './run-text';
import { etcdRaftTraits } from '../systems/etcd-raft/shared/etcd-raft.traits';
import { lockServiceTraits } from '../systems/lock-service/shared/lock-service.traits';
import { lockServiceSchemaParts } from '../systems/lock-service/shared/lock-service.schema';
import { LOCK_SERVICE_MOVE_KINDS } from '../systems/lock-service/shared/lock-service.moves';
import type { ExplainStep as LockExplainStep } from '../systems/lock-service/shared/lock-explain-steps';
import {
  lockEventLogLine,
  type LockEventBody,
  type LockFinalHealthPart,
  type LockObservation,
} from '../systems/lock-service/shared/lock-service.types';
import { keepalivedTraits } from '../systems/keepalived/shared/keepalived.traits';
import { patroniTraits } from '../systems/patroni/shared/patroni.traits';
import { redisSentinelTraits } from '../systems/redis-sentinel/shared/redis-sentinel.traits';
import { etcdRaftSchemaParts } from '../systems/etcd-raft/shared/etcd-raft.schema';
import { keepalivedSchemaParts } from '../systems/keepalived/shared/keepalived.schema';
import { patroniSchemaParts } from '../systems/patroni/shared/patroni.schema';
import { redisSentinelSchemaParts } from '../systems/redis-sentinel/shared/redis-sentinel.schema';
import { KEEPALIVED_FAULT_KINDS } from '../systems/keepalived/shared/keepalived.faults';
import { PATRONI_FAULT_KINDS } from '../systems/patroni/shared/patroni.faults';
import { REDIS_SENTINEL_FAULT_KINDS } from '../systems/redis-sentinel/shared/redis-sentinel.faults';
import { ETCD_RAFT_MOVE_KINDS } from '../systems/etcd-raft/shared/etcd-raft.moves';
import { KEEPALIVED_MOVE_KINDS } from '../systems/keepalived/shared/keepalived.moves';
import { PATRONI_MOVE_KINDS } from '../systems/patroni/shared/patroni.moves';
import { REDIS_SENTINEL_MOVE_KINDS } from '../systems/redis-sentinel/shared/redis-sentinel.moves';
import {
  raftEventLogLine,
  type RaftEventBody,
  type RaftFinalHealthPart,
  type RaftObservation,
} from '../systems/etcd-raft/shared/etcd-raft.types';
import {
  keepalivedEventLogLine,
  type KeepalivedEventBody,
  type KeepalivedFinalHealthPart,
  type KeepalivedObservation,
} from '../systems/keepalived/shared/keepalived.types';
import {
  patroniEventLogLine,
  type PatroniEventBody,
  type PatroniFinalHealthPart,
  type PatroniObservation,
} from '../systems/patroni/shared/patroni.types';
import type { SentinelEventBody } from '../systems/redis-sentinel/shared/redis-sentinel.types';

export type * from '../systems/etcd-raft/shared/etcd-raft.types';
export type * from '../systems/keepalived/shared/keepalived.types';
export type * from '../systems/lock-service/shared/lock-service.types';
export type * from '../systems/patroni/shared/patroni.types';
export type * from '../systems/redis-sentinel/shared/redis-sentinel.types';
export { KEEPALIVED_EVENT_WORDS } from '../systems/keepalived/shared/keepalived.types';
export { RAFT_EVENT_LABELS } from '../systems/etcd-raft/shared/etcd-raft.types';

/**
 * The shared registry of systems: the only file of src/shared that names
 * them. Each system's shared folder (`src/systems/<system>/shared/`) defines its
 * traits, its fault kinds and moves, its part of the scenario format and its
 * shared types; this file composes them for the generic code (the scenario schema, the
 * fault and move registries, the run history's and the probes' types).
 */

/** Every system's id, in the catalog's order (the scenario format's `system`). */
export const SYSTEM_IDS = [
  'redis-sentinel',
  'patroni',
  'keepalived',
  'etcd-raft',
  'lock-service',
] as const;

/**
 * Each system's part of the scenario format: a one-line summary (the
 * `system` field's docs), its lab settings, its own fault kinds and moves,
 * and the docs of its own checks and tells.
 */
export const SYSTEM_SCHEMA_PARTS = {
  'redis-sentinel': redisSentinelSchemaParts,
  patroni: patroniSchemaParts,
  keepalived: keepalivedSchemaParts,
  'etcd-raft': etcdRaftSchemaParts,
  'lock-service': lockServiceSchemaParts,
} as const satisfies Record<(typeof SYSTEM_IDS)[number], unknown>;

/** The systems' own fault schemas (the scenario schema's fault union adds them to the generic ones). */
export const SYSTEM_FAULT_SCHEMAS = [
  ...redisSentinelSchemaParts.faults,
  ...patroniSchemaParts.faults,
  ...keepalivedSchemaParts.faults,
  ...etcdRaftSchemaParts.faults,
  ...lockServiceSchemaParts.faults,
] as const;

/** The systems' own move schemas (the scenario schema's action union adds them to the generic ones). */
export const SYSTEM_ACTION_SCHEMAS = [
  ...redisSentinelSchemaParts.actions,
  ...patroniSchemaParts.actions,
  ...keepalivedSchemaParts.actions,
  ...etcdRaftSchemaParts.actions,
  ...lockServiceSchemaParts.actions,
] as const;

/** Every system's lab settings, one object shape (each field belongs to one system). */
export const SYSTEM_SETTINGS_SHAPE = {
  ...redisSentinelSchemaParts.settings.shape,
  ...patroniSchemaParts.settings.shape,
  ...keepalivedSchemaParts.settings.shape,
  ...etcdRaftSchemaParts.settings.shape,
  ...lockServiceSchemaParts.settings.shape,
};

/**
 * Lab settings where a stricter final value also counts as fixed, by setting
 * name: `at-least` (higher is stricter) or `at-most` (lower is stricter);
 * every other setting must hold exactly its expected value (config-fixed).
 */
export const SYSTEM_SETTING_ORDER: Readonly<Record<string, 'at-least' | 'at-most' | undefined>> = {
  ...(redisSentinelSchemaParts.settingOrder as Record<string, 'at-least' | 'at-most'>),
  ...(patroniSchemaParts.settingOrder as Record<string, 'at-least' | 'at-most'>),
  ...(keepalivedSchemaParts.settingOrder as Record<string, 'at-least' | 'at-most'>),
  ...(etcdRaftSchemaParts.settingOrder as Record<string, 'at-least' | 'at-most'>),
  ...(lockServiceSchemaParts.settingOrder as Record<string, 'at-least' | 'at-most'>),
};

/** The systems' own check docs, by check id. */
export const SYSTEM_CHECK_DOCS = {
  ...redisSentinelSchemaParts.checkDocs,
  ...patroniSchemaParts.checkDocs,
  ...keepalivedSchemaParts.checkDocs,
  ...etcdRaftSchemaParts.checkDocs,
  ...lockServiceSchemaParts.checkDocs,
};

/** The systems' own tell docs, by tell id. */
export const SYSTEM_TELL_DOCS = {
  ...redisSentinelSchemaParts.tellDocs,
  ...patroniSchemaParts.tellDocs,
  ...keepalivedSchemaParts.tellDocs,
  ...etcdRaftSchemaParts.tellDocs,
  ...lockServiceSchemaParts.tellDocs,
};

/** Every setting a trainee may change before a start, from each system's schema part, with its card form. */
export const SYSTEM_TRAINEE_SETTINGS = {
  ...redisSentinelSchemaParts.traineeSettings,
  ...patroniSchemaParts.traineeSettings,
  ...keepalivedSchemaParts.traineeSettings,
  ...etcdRaftSchemaParts.traineeSettings,
  ...lockServiceSchemaParts.traineeSettings,
};
/** The name of a setting a trainee may change before a start. */
export type TraineeSettingName = keyof typeof SYSTEM_TRAINEE_SETTINGS;

/** The systems' own fault kinds (fault-registry.ts adds the generic ones; a missing kind is a compile error there). */
export const SYSTEM_FAULT_KINDS = {
  ...REDIS_SENTINEL_FAULT_KINDS,
  ...PATRONI_FAULT_KINDS,
  ...KEEPALIVED_FAULT_KINDS,
};

/** The systems' own moves (move-registry.ts adds the generic ones; a missing kind is a compile error there). */
export const SYSTEM_MOVE_KINDS = {
  ...REDIS_SENTINEL_MOVE_KINDS,
  ...PATRONI_MOVE_KINDS,
  ...KEEPALIVED_MOVE_KINDS,
  ...ETCD_RAFT_MOVE_KINDS,
  ...LOCK_SERVICE_MOVE_KINDS,
};

/** The debrief timeline's lane of each system's own event stream (a TimelineEntry kind). */
export type SystemEventLane = 'sentinel' | 'patroni' | 'keepalived' | 'raft' | 'lock';

/** An event of a system's own stream in the run history (Sentinel's pub/sub, a node's log line...). */
export type SystemEventBody =
  SentinelEventBody | PatroniEventBody | KeepalivedEventBody | RaftEventBody | LockEventBody;

/** The run event kinds of the systems' own streams. */
export const SYSTEM_EVENT_KINDS: readonly SystemEventBody['kind'][] = [
  'sentinel-event',
  'patroni-event',
  'keepalived-event',
  'raft-event',
  'lock-event',
];

/** A system event as one line of the run log (the run view's "Events" panel). */
export interface SystemEventLogLine {
  level: 'info' | 'warn';
  text: string;
}

/** How each system event kind reads in the run log; null: not logged (the system's own panel shows it). */
const SYSTEM_EVENT_LOG_LINES: {
  [K in SystemEventBody['kind']]:
    ((e: Extract<SystemEventBody, { kind: K }>) => SystemEventLogLine) | null;
} = {
  'sentinel-event': null,
  'patroni-event': patroniEventLogLine,
  'keepalived-event': keepalivedEventLogLine,
  'raft-event': raftEventLogLine,
  'lock-event': lockEventLogLine,
};

/** The run log's line of a system event, or null when the run log does not show that kind. */
export function systemEventLogLine(event: SystemEventBody): SystemEventLogLine | null {
  const line = SYSTEM_EVENT_LOG_LINES[event.kind] as
    ((e: SystemEventBody) => SystemEventLogLine) | null;
  return line ? line(event) : null;
}

/** The systems' fields of a node's reading (each set only on its system's node kinds; see NodeObservation). */
export type SystemObservationParts = PatroniObservation &
  KeepalivedObservation &
  RaftObservation &
  LockObservation;

/**
 * A step of a system's explain mode (seed 004's "see it work"), derived from
 * a run's history when its debrief is built: the lock service's today.
 */
export type SystemExplainStep = LockExplainStep;

/** The systems' parts of a scenario's final health (each present only for its system's lab). */
export type SystemFinalHealthParts = PatroniFinalHealthPart &
  KeepalivedFinalHealthPart &
  RaftFinalHealthPart &
  LockFinalHealthPart;

/**
 * What the generic code needs to know of a system, as data: its words, its
 * units, its labs and nodes, its default tells. Pure; shared by the engine,
 * the hosts and the renderer. Each system defines its own in
 * `src/systems/<system>/shared/<system>.traits.ts`; `SYSTEM_TRAITS` is the
 * one registry, keyed by every `ScenarioSystem` (a missing system is a
 * compile error).
 */
export interface SystemTraits {
  /** The system's id, as in a scenario's `system`. */
  id: ScenarioSystem;
  /** Display name, e.g. "Redis Sentinel". */
  name: string;
  /** Ids of the catalog's labs that run this system (a plain lab run names its system this way). */
  labIds: readonly string[];
  /** Node kinds only this system's labs have: a run's probed kinds name its system. */
  ownKinds: readonly NodeKind[];
  /**
   * The TCP port the workload's clients use on this system's node kinds
   * (PostgreSQL 5432, Redis 6379...): what a client fence rejects. A kind
   * without one takes no client fence.
   */
  clientPorts: Readonly<Partial<Record<NodeKind, number>>>;
  /** Node names this system's labs use, with the kind each has (`^pg-` → postgres). */
  nodeNames: readonly { pattern: RegExp; kind: NodeKind }[];
  /** The word for the node that leads: `master`, `primary`, `MASTER`. */
  leaderWord: string;
  /** What a run fact reads as when the run did not establish it ("the new primary"). */
  runTextFallback: Readonly<Record<RunTextField, string>>;
  /** Who chooses the leader, as the debrief names it ("the sentinels", "etcd's leader key"). */
  coordinators: string;
  /**
   * How the workload's outcomes are counted: `writes` (acknowledged writes,
   * each read back at the end for its fate) or `answers` (requests answered,
   * no data left behind to read back).
   */
  ledger: 'writes' | 'answers';
  /** One workload record a data node holds, singular and plural ("key"/"keys", "row"/"rows"). */
  recordUnit: { one: string; many: string };
  /** What a data node is called in messages ("Redis node", "PostgreSQL node", "router"). */
  dataNodeLabel: string;
  /** What the console's shell offers in this system's lab, in a few words. */
  shellHint: string;
  /** The tells the run view charts when the scenario has not said. */
  defaultTells: readonly TellId[];
  /** The workload client modes this system's scenarios may use. */
  clientModes: readonly string[];
  /** What healthy looks like on this system's charts, for a briefing that names no fault. */
  healthy: string;
  /**
   * Why the history shows no split when a fault fired and no tell followed;
   * `{coordinators}` and `{staleLeader}` are filled in.
   */
  noSplit: string;
  /** Check titles in this system's words where they differ from the generic (Sentinel's) ones. */
  checkTitles: Readonly<Partial<Record<CheckId, string>>>;
  /** The debrief timeline's lane of this system's own event stream (a TimelineEntry kind). */
  eventLane: SystemEventLane;
  /**
   * The shape of this system's split. `stale-leader`: coordinators elect a
   * new leader while the old one, cut off, still acts as one (the stale
   * leader is the master when the fault fired). `dual-master`: peers with no
   * coordinator both claim the role (the stale leader is the one that rose
   * beside the master; the split ends when one steps down; one peer is the
   * authoritative one to keep).
   */
  splitKind: 'stale-leader' | 'dual-master';
  /**
   * Console lines that change the system's settings by hand (`SENTINEL SET`,
   * `CONFIG SET`...): config-fixed counts them as a figure. Absent: none counted.
   */
  configCommands?: RegExp;
  /**
   * The role that can go stale is held by workload clients, not nodes (the
   * lock service's workers): a scenario's `staleLeader` names a client.
   */
  leadersAreClients?: boolean;
  /**
   * The workload can update shared keys, last-write-wins by the applying
   * node's clock (a scenario's `workload.sharedKeys`). Absent: it cannot.
   */
  sharedKeys?: boolean;
  /** The scenario studio's template for a new scenario: its label, and the shipped scenario it starts from (the simplest of the system). */
  studio: { label: string; templateBase: string };
}

/** Every system's traits, by id. */
export const SYSTEM_TRAITS: Readonly<Record<ScenarioSystem, SystemTraits>> = {
  'redis-sentinel': redisSentinelTraits,
  patroni: patroniTraits,
  keepalived: keepalivedTraits,
  'etcd-raft': etcdRaftTraits,
  'lock-service': lockServiceTraits,
};

/** Every system, in the catalog's order. */
export const SYSTEMS: readonly ScenarioSystem[] = Object.keys(SYSTEM_TRAITS) as ScenarioSystem[];

/** The traits of `system`, or undefined for one this build does not have (a newer build's debrief). */
export function findSystemTraits(system: string): SystemTraits | undefined {
  return Object.hasOwn(SYSTEM_TRAITS, system) ? SYSTEM_TRAITS[system as ScenarioSystem] : undefined;
}

/** The traits of `system`; throws, naming it, for a system this build does not have. */
export function systemTraits(system: string): SystemTraits {
  const t = findSystemTraits(system);
  if (!t) throw new Error(`unknown system "${system}" (this build has ${SYSTEMS.join(', ')})`);
  return t;
}

/**
 * The system of a lab run: from its lab id, else from the kinds its probes
 * report (a kind only one system has). Undefined when neither names one.
 */
export function systemOfLab(
  labId: string,
  kinds: readonly string[] = [],
): ScenarioSystem | undefined {
  for (const t of Object.values(SYSTEM_TRAITS)) if (t.labIds.includes(labId)) return t.id;
  for (const t of Object.values(SYSTEM_TRAITS))
    if (kinds.some((k) => (t.ownKinds as readonly string[]).includes(k))) return t.id;
  return undefined;
}

/** A node's kind from its name, by the systems' naming rules; undefined when no system names it so. */
export function kindOfNodeName(name: string): NodeKind | undefined {
  for (const t of Object.values(SYSTEM_TRAITS))
    for (const n of t.nodeNames) if (n.pattern.test(name)) return n.kind;
  return undefined;
}

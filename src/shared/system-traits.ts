import type { CheckId, ScenarioSystem, TellId } from './scenario-schema';
import type { NodeKind } from './lab-types';
import type { RunTextField } from './run-text';
import type { TimelineEntry } from './debrief-types';
import { etcdRaftTraits } from '../systems/etcd-raft/shared/etcd-raft.traits';
import { keepalivedTraits } from '../systems/keepalived/shared/keepalived.traits';
import { patroniTraits } from '../systems/patroni/shared/patroni.traits';
import { redisSentinelTraits } from '../systems/redis-sentinel/shared/redis-sentinel.traits';

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
  eventLane: TimelineEntry['kind'];
  /**
   * The shape of this system's split. `stale-leader`: coordinators elect a
   * new leader while the old one, cut off, still acts as one (the stale
   * leader is the master when the fault fired). `dual-master`: peers with no
   * coordinator both claim the role (the stale leader is the one that rose
   * beside the master; the split ends when one steps down; one peer is the
   * authoritative one to keep).
   */
  splitKind: 'stale-leader' | 'dual-master';
}

/** Every system's traits, by id. */
export const SYSTEM_TRAITS: Readonly<Record<ScenarioSystem, SystemTraits>> = {
  'redis-sentinel': redisSentinelTraits,
  patroni: patroniTraits,
  keepalived: keepalivedTraits,
  'etcd-raft': etcdRaftTraits,
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

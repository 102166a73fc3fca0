import { isDataNodeKind, type ProbeSample } from '../../shared/lab-types';
import { isFence, isRejoin } from '../../shared/move-effects';
import { faultKindOf } from '../../shared/fault-registry';
import type { RunEvent } from '../../shared/run-events';
import type { Action, FaultSpec, Scenario } from '../../shared/scenario-schema';
import type {
  FinalHealth,
  KeepalivedLogEvent,
  LedgerCounts,
  ScenarioEventBody,
  WriteRecord,
} from '../../shared/scenario-types';
import type { AuthoritativeNode } from './system-grading';
import { systemGrading } from './system-gradings';
import { findTell, type Tell, type TellOptions } from './tell';
import { systemTraits } from '../../shared/system-traits';

/** An action from the run history, with its time (ms since epoch). */
export interface TimedAction {
  /** When the engine finished it (took effect or failed). */
  t: number;
  /** When it was issued (the click, or the scripted step's start); `t` in older histories. */
  issuedAt: number;
  action: Action;
  source: string;
  ok: boolean;
  detail?: string;
}

/** A fault injected or reverted, with its time (ms since epoch). */
export interface TimedFault {
  /** When the engine finished injecting or reverting it. */
  t: number;
  /** When it began (a partition goes in and out member by member); absent in older histories. */
  startedAt?: number;
  faultId: string;
  phase: 'inject' | 'revert';
  spec: FaultSpec;
}

/** A router's log line that marks a state change or a VRRP tell (`keepalived-event`), with its time. */
export interface TimedKeepalivedEvent {
  t: number;
  node: string;
  event: KeepalivedLogEvent;
  line: string;
}

/**
 * What grading needs from a run, derived once from the scenario and the
 * history. Times are ms since epoch; `t0` is the scenario's start.
 */
export interface RunFacts {
  scenario: Scenario;
  runId: string;
  /** The scenario's start (the `scenario` event), else the first `running` phase, else the first event. */
  t0: number;
  /** Last event's time. */
  endedAt: number;
  /** Who picks the master, for sentences, in the system's words (SystemTraits.coordinators). */
  coordinators: string;
  /** Lab settings in force (from the `scenario` event). */
  settings: Record<string, number | boolean>;
  /** Probe samples from t0 on, in order. */
  samples: ProbeSample[];
  /**
   * When the first fault took effect, ms since epoch: for a kind that acts
   * while it is injected (a partition, see FaultKind.actsFromStart) when its
   * injection began, since its `fault` event is when the injection finished,
   * seconds later on a busy machine; for the others, that event.
   */
  firstFaultAt?: number;
  /**
   * The node that must be fenced: the scenario's `staleLeader`, else the
   * master just before the first fault (a dual-master system: else the node
   * that took the role at the tell beside the one that held it, see
   * SystemGrading.dualMaster).
   */
  staleLeader?: string;
  staleLeaderFrom: 'scenario' | 'observed' | 'unknown';
  /** The first moment the split showed (see `findTell`). */
  tell?: Tell;
  /**
   * When the tell's sample reached the trainee's screen (its `shownAt`, else
   * its time): a trainee's reaction is measured from here.
   */
  tellShownAt?: number;
  /**
   * A dual-master system (SystemGrading.dualMaster): when the split ended,
   * the first sample after the tell from which on no sample shows it. Absent
   * while still split at the end, and for the other systems.
   */
  splitEndedAt?: number;
  /** A dual-master system: the node that must stay the single leader (SystemGrading.dualMaster). */
  authoritative?: AuthoritativeNode;
  /** A dual-master system: MAC address -> node, from the samples; empty for the others. */
  routerMacs: Record<string, string>;
  /** The master the coordinators chose after the tell (SystemGrading.coordinatorChoice), else another node read as master. */
  newMaster?: string;
  /** When `newMaster` was first seen (the sample's time). */
  newMasterAt?: number;
  /** When the stale leader rejoined: first replica reading after the tell, or an earlier demote of it. */
  rejoinedAt?: number;
  rejoinedBy?: 'replica-reading' | 'demote' | 'reinit';
  /** Every action from t0 on (failed ones too). */
  actions: TimedAction[];
  /** Every fault injection and revert, in order. */
  faults: TimedFault[];
  /** The `keepalived-event` log events of the history, in order. */
  keepalivedEvents: TimedKeepalivedEvent[];
  /** Fences that succeeded (isolate-clients, stop), in order. */
  fences: TimedAction[];
  /** Key exports of a node (the action or the artifact event), in order. */
  exports: { t: number; node: string; keys?: number }[];
  /** Replays of a saved export (the `replayed-keys` events), in order. */
  replays: TimedReplay[];
  /** Lines typed into (or scripted for) node consoles. */
  consoleLines: { t: number; node: string; line: string }[];
  /** Every write attempt, once each (the latest record of a client's sequence number wins). */
  writes: WriteRecord[];
  finalHealth?: FinalHealth;
  ledger?: {
    counts: LedgerCounts;
    lostKeys: string[];
    lostAckedAt?: number[];
    lostByNode?: Record<string, number>;
    shared?: Record<string, string>;
  };
}

/** A saved export replayed onto a node (replay-export), as the history recorded it. */
export type TimedReplay = Omit<
  Extract<ScenarioEventBody, { kind: 'replayed-keys' }>,
  'kind' | 'addedKeys'
> & { t: number };

function startOf(events: readonly RunEvent[]): number {
  const scenario = events.find((e) => e.kind === 'scenario');
  if (scenario) return scenario.t;
  const running = events.find((e) => e.kind === 'phase' && e.phase === 'running');
  return running?.t ?? events[0]?.t ?? 0;
}

/** The only data node reading master in the last sample before `before`. */
function observedMaster(samples: readonly ProbeSample[], before: number): string | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    if (s.t >= before) continue;
    const masters = s.nodes.filter((n) => isDataNodeKind(n.kind) && n.role === 'master');
    return masters.length === 1 ? masters[0]!.node : undefined;
  }
  return undefined;
}

/**
 * The master the lab's coordinators choose in a sample, if a strict majority
 * of them agree (SystemGrading.coordinatorChoice: the node most sentinels
 * name, the holder of the leader key as the etcd members report it); the
 * sample's system is known by its lab.
 */
export function coordinatorChoice(sample: ProbeSample, system: string): string | undefined {
  return systemGrading(system).coordinatorChoice(sample);
}

function findNewMaster(
  samples: readonly ProbeSample[],
  from: number,
  stale: string | undefined,
  system: string,
): { node: string; at: number } | undefined {
  for (const s of samples) {
    if (s.t < from) continue;
    const agreed = coordinatorChoice(s, system);
    if (agreed && agreed !== stale) return { node: agreed, at: s.t };
    const other = s.nodes.find(
      (n) => isDataNodeKind(n.kind) && n.role === 'master' && n.node !== stale,
    );
    if (other) return { node: other.node, at: s.t };
  }
  return undefined;
}

/**
 * Whether the stale node reads as a replica of the cluster again. PostgreSQL:
 * in recovery *on the single primary's timeline* (a node that demoted itself
 * but still sits on its old timeline keeps its divergent rows until pg_rewind;
 * it has not rejoined). Redis: role replica (REPLICAOF resyncs at once).
 */
function rejoined(s: ProbeSample, stale: string): boolean {
  const node = s.nodes.find((n) => n.node === stale);
  if (node?.role !== 'replica') return false;
  if (node.kind !== 'postgres') return true;
  const primaries = s.nodes.filter((n) => n.kind === 'postgres' && n.role === 'master');
  const tl = primaries.length === 1 ? primaries[0]?.timeline : undefined;
  return tl !== undefined && node.timeline === tl;
}

/** Slack, seconds, before a lease that was not renewed on time counts as stalled. */
const LEASE_STALL_SLACK_S = 2;

/**
 * A lease under ttl - loop_wait - slack was not renewed by the last loop
 * (for the systems whose settings have a lease: `ttl` and `loopWait`).
 */
function tellOptions(scenario: Scenario, settings: Record<string, number | boolean>): TellOptions {
  const { ttl, loopWait } = settings;
  const kinds = scenario.grading.splitTells;
  const base: TellOptions = { kinds };
  if (!kinds.includes('lease-stalled') || typeof ttl !== 'number' || typeof loopWait !== 'number')
    return base;
  return { ...base, leaseStallBelowSeconds: ttl - loopWait - LEASE_STALL_SLACK_S };
}

/** Derives the run facts grading works from. Pure. */
export function deriveRunFacts(scenario: Scenario, events: readonly RunEvent[]): RunFacts {
  const t0 = startOf(events);
  const samples: ProbeSample[] = [];
  const allSamples: ProbeSample[] = [];
  const actions: TimedAction[] = [];
  const exports: RunFacts['exports'] = [];
  const replays: TimedReplay[] = [];
  const consoleLines: RunFacts['consoleLines'] = [];
  const faults: TimedFault[] = [];
  const keepalivedEvents: TimedKeepalivedEvent[] = [];
  const writes = new Map<string, WriteRecord>();
  let settings: Record<string, number | boolean> = {};
  let firstFaultAt: number | undefined;
  let finalHealth: FinalHealth | undefined;
  let ledger: RunFacts['ledger'];
  for (const e of events) {
    switch (e.kind) {
      case 'scenario':
        settings = e.settings;
        break;
      case 'sample':
        allSamples.push(e.sample);
        if (e.sample.t >= t0) samples.push(e.sample);
        break;
      case 'fault':
        // A partition applied member by member on a busy machine cuts its first links seconds
        // before the last, and the event is the last: count from when its injection began.
        if (e.phase === 'inject' && firstFaultAt === undefined)
          firstFaultAt =
            e.startedMs !== undefined && faultKindOf(e.spec).actsFromStart
              ? Math.min(e.t, t0 + e.startedMs)
              : e.t;
        faults.push({
          t: e.t,
          ...(e.startedMs !== undefined ? { startedAt: t0 + e.startedMs } : {}),
          faultId: e.faultId,
          phase: e.phase,
          spec: e.spec,
        });
        break;
      case 'keepalived-event':
        keepalivedEvents.push({ t: e.t, node: e.node, event: e.event, line: e.line });
        break;
      case 'action':
        if (e.t >= t0) {
          actions.push({
            t: e.t,
            issuedAt: Math.min(e.issuedAt ?? e.t, e.t),
            action: e.action,
            source: e.source,
            ok: e.ok,
            ...(e.detail ? { detail: e.detail } : {}),
          });
          if (e.action.kind === 'export-keys' && e.ok)
            exports.push({ t: e.t, node: e.action.node });
        }
        break;
      case 'exported-keys':
        exports.push({ t: e.t, node: e.node, keys: e.keys });
        break;
      case 'replayed-keys': {
        const { kind: _kind, addedKeys: _keys, ...replay } = e;
        replays.push(replay);
        break;
      }
      case 'console-line':
        consoleLines.push({ t: e.t, node: e.node, line: e.line });
        break;
      case 'writes':
        for (const r of e.records) writes.set(`${r.client}\u0000${r.seq}`, r);
        break;
      case 'final-health':
        finalHealth = e.health;
        break;
      case 'ledger':
        ledger = {
          counts: e.counts,
          lostKeys: e.lostKeys,
          ...(e.lostAckedAt ? { lostAckedAt: e.lostAckedAt } : {}),
          ...(e.lostByNode ? { lostByNode: e.lostByNode } : {}),
          ...(e.shared ? { shared: e.shared } : {}),
        };
        break;
      default:
        break;
    }
  }
  exports.sort((a, b) => a.t - b.t);

  const traits = systemTraits(scenario.system);
  const grading = systemGrading(scenario.system);
  const dualMaster = traits.splitKind === 'dual-master' ? grading.dualMaster : undefined;
  let staleLeader = scenario.staleLeader;
  let staleLeaderFrom: RunFacts['staleLeaderFrom'] = staleLeader ? 'scenario' : 'unknown';
  if (!staleLeader && firstFaultAt !== undefined && !dualMaster) {
    staleLeader = observedMaster(allSamples, firstFaultAt);
    if (staleLeader) staleLeaderFrom = 'observed';
  }

  const tell =
    firstFaultAt === undefined
      ? undefined
      : findTell(samples, firstFaultAt, staleLeader, grading, tellOptions(scenario, settings));
  const split = dualMaster?.({
    scenario,
    settings,
    samples,
    ...(tell ? { tellAt: tell.at } : {}),
    ...(firstFaultAt !== undefined
      ? { masterBefore: observedMaster(allSamples, firstFaultAt) }
      : {}),
  });
  if (!staleLeader && split?.rogue && tell && firstFaultAt !== undefined) {
    staleLeader = split.rogue;
    staleLeaderFrom = 'observed';
  }
  const newMaster = tell
    ? findNewMaster(samples, tell.at, staleLeader, scenario.system)
    : undefined;
  const tellSample = tell ? samples.find((s) => s.t === tell.at) : undefined;
  const tellShownAt = tell ? Math.max(tell.at, tellSample?.shownAt ?? tell.at) : undefined;

  let rejoinedAt: number | undefined;
  let rejoinedBy: RunFacts['rejoinedBy'];
  if (tell && staleLeader) {
    const reading = samples.find((s) => s.t > tell.at && rejoined(s, staleLeader));
    const demote = actions.find(
      (a) =>
        a.ok &&
        a.t >= tell.at &&
        isRejoin(a.action.kind) &&
        'node' in a.action &&
        a.action.node === staleLeader,
    );
    if (reading) [rejoinedAt, rejoinedBy] = [reading.t, 'replica-reading'];
    if (demote && (rejoinedAt === undefined || demote.t <= rejoinedAt))
      [rejoinedAt, rejoinedBy] = [demote.t, demote.action.kind === 'reinit' ? 'reinit' : 'demote'];
  }

  const splitEndedAt = tell ? split?.splitEndedAt : undefined;
  const authoritative = split?.authoritative;

  return {
    scenario,
    runId: events[0]?.runId ?? '',
    t0,
    endedAt: events.at(-1)?.t ?? t0,
    settings,
    coordinators: traits.coordinators,
    samples,
    ...(firstFaultAt !== undefined ? { firstFaultAt } : {}),
    ...(staleLeader ? { staleLeader } : {}),
    staleLeaderFrom,
    ...(tell ? { tell, tellShownAt } : {}),
    ...(splitEndedAt !== undefined ? { splitEndedAt } : {}),
    ...(authoritative ? { authoritative } : {}),
    routerMacs: split?.routerMacs ?? {},
    ...(newMaster ? { newMaster: newMaster.node, newMasterAt: newMaster.at } : {}),
    ...(rejoinedAt !== undefined ? { rejoinedAt, rejoinedBy } : {}),
    actions,
    faults,
    keepalivedEvents,
    fences: actions.filter((a) => a.ok && isFence(a.action.kind)),
    exports,
    replays,
    consoleLines,
    writes: [...writes.values()],
    ...(finalHealth ? { finalHealth } : {}),
    ...(ledger ? { ledger } : {}),
  };
}

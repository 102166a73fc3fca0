import { faultSummary } from '../../../shared/fault-registry';
import type {
  FinalHealth,
  GradeResult,
  LedgerCounts,
  ReachabilityMatrix,
  ScenarioEventBody,
  SystemEventBody,
  WriteRecord,
} from '../../../shared/scenario-types';
import { SCENARIO_EVENT_KINDS } from '../../../shared/scenario-types';
import { SYSTEM_EVENT_KINDS } from '../../../shared/system-traits';
import type { Pace } from '../../../shared/scenario-schema';
import type { RunEvent } from '../../../shared/run-events';
import { actionEntryOf, appendMove, type ActionEntry } from './action-entries';

export { actionLabel, actionNode, type ActionEntry } from './action-entries';

/** Bounds of the per-run lists the scenario view keeps (older entries are dropped). */
export const SCENARIO_LIMITS = {
  /** See MOVES_LIMIT. */
  actions: 200,
  /** Events of the system's own stream (see ScenarioLive.systemEvents). */
  systemEvents: 300,
  /** Seconds of write buckets kept (the charts' window is 120 s). */
  writeSeconds: 150,
} as const;

/** A fault's active window in wall-clock ms (`to` absent: still active). */
export interface LiveFaultWindow {
  faultId: string;
  kind: string;
  /** What the fault does, e.g. `partition redis-1 | redis-2 redis-3` (see faultSummary). */
  summary?: string;
  from: number;
  to?: number;
}

/**
 * An event of the system's own stream as the scenario view keeps it (a
 * sentinel's pub/sub message, a node's log line...): the run event's body
 * with its sequence number and time (ms since the epoch, when the engine
 * read it). Each system's views pick their own kinds (systemEventsOf).
 */
export type SystemEventEntry = SystemEventBody & { seq: number; t: number };

const byKind = new WeakMap<readonly SystemEventEntry[], Map<string, SystemEventEntry[]>>();

/**
 * The entries of one kind, oldest first. The same list (by identity) for the
 * same `events` and kind, so a view can memoise on it.
 */
export function systemEventsOf<K extends SystemEventBody['kind']>(
  events: readonly SystemEventEntry[],
  kind: K,
): Extract<SystemEventEntry, { kind: K }>[] {
  let kinds = byKind.get(events);
  if (!kinds) byKind.set(events, (kinds = new Map()));
  let list = kinds.get(kind);
  if (!list) kinds.set(kind, (list = events.filter((e) => e.kind === kind)));
  return list as Extract<SystemEventEntry, { kind: K }>[];
}

const SYSTEM_EVENT_KIND_SET: ReadonlySet<string> = new Set(SYSTEM_EVENT_KINDS);

/**
 * Acknowledged writes in one wall-clock second, per node, plus the attempts
 * that were not acknowledged (failed or timed out) in that second.
 */
export interface WriteBucket {
  /** Whole seconds since the epoch (floor of the reply time / 1000). */
  sec: number;
  acked: Record<string, number>;
  notAcked: number;
  /**
   * Requests through a VIP: attempts in that second per MAC the client's ARP entry
   * for the VIP pointed at when they were sent (WriteRecord.via), whatever
   * their outcome. Empty for other labs.
   */
  via: Record<string, number>;
}

/** A hint as shown: on time, or because the trainee asked for it (`requested`). */
export interface HintEntry {
  index: number;
  t: number;
  text: string;
  requested: boolean;
}

/** What the UI knows of a scenario run, kept current by the scenario's run events. */
export interface ScenarioLive {
  scenarioId: string;
  /** From the `scenario` event (absent until it arrives). */
  seed?: number;
  settings?: Record<string, number | boolean>;
  responseName?: string;
  /**
   * Time of the `scenario` event: the scenario's start, t0 of every time the
   * run view shows (the debrief's base too).
   */
  startedAt?: number;
  /** The pace played (absent in older histories). */
  pace?: Pace;
  /** The scenario ends by itself this long after `startedAt`, ms (absent in older histories). */
  timeLimitMs?: number;
  /** Who plays, if they gave a name. */
  player?: string;
  faults: LiveFaultWindow[];
  actions: ActionEntry[];
  /** Events of the system's own stream, oldest first (bounded; see systemEventsOf). */
  systemEvents: SystemEventEntry[];
  /**
   * The first tell of the split, once it reached the screen: the moment the
   * time-based checks and the debrief count from (the run's `tell-shown`
   * event). `at` is the sample's time, `shownAt` when it was on screen (ms
   * since the epoch); `detail` says what showed.
   */
  tell?: { kind: string; detail: string; at: number; shownAt: number };
  /** Oldest first, one per second that had replies; bounded by SCENARIO_LIMITS.writeSeconds. */
  writes: WriteBucket[];
  /** Live counts (from write records) until the final `ledger` event replaces them. */
  ledger: LedgerCounts;
  /** True once the final ledger (with fates) arrived. */
  ledgerFinal: boolean;
  lostKeys?: string[];
  reachability?: { t: number; matrix: ReachabilityMatrix; reason: string };
  hints: HintEntry[];
  exported: { t: number; node: string; keys: number; file?: string }[];
  finalHealth?: FinalHealth;
  grade?: GradeResult;
}

export function emptyScenarioLive(scenarioId: string): ScenarioLive {
  return {
    scenarioId,
    faults: [],
    actions: [],
    systemEvents: [],
    writes: [],
    ledger: { attempts: 0, acked: 0, failed: 0, indeterminate: 0 },
    ledgerFinal: false,
    hints: [],
    exported: [],
  };
}

const SCENARIO_KINDS = SCENARIO_EVENT_KINDS;

export type ScenarioRunEvent = Extract<RunEvent, { kind: ScenarioEventBody['kind'] }>;

export function isScenarioEvent(event: RunEvent): event is ScenarioRunEvent {
  return SCENARIO_KINDS.has(event.kind);
}

function bounded<T>(list: T[], item: T, limit: number): T[] {
  const next = list.length >= limit ? list.slice(list.length - limit + 1) : list.slice();
  next.push(item);
  return next;
}

/**
 * Adds write records to the per-second buckets and the live counters. Records
 * can arrive a little out of order (replies of different clients), so a bucket
 * is found from the end rather than assumed to be the last one.
 */
export function addWrites(
  buckets: WriteBucket[],
  ledger: LedgerCounts,
  records: WriteRecord[],
): { writes: WriteBucket[]; ledger: LedgerCounts } {
  if (records.length === 0) return { writes: buckets, ledger };
  const next = buckets.slice();
  const touched = new Set<number>();
  const counts = { ...ledger };
  for (const r of records) {
    counts.attempts += 1;
    if (r.outcome === 'ack') counts.acked += 1;
    else if (r.outcome === 'fail') counts.failed += 1;
    else counts.indeterminate += 1;
    const sec = Math.floor(r.doneAt / 1000);
    let i = next.length - 1;
    while (i >= 0 && next[i]!.sec > sec) i--;
    if (i < 0 || next[i]!.sec !== sec) {
      next.splice(i + 1, 0, { sec, acked: {}, notAcked: 0, via: {} });
      i += 1;
    } else if (!touched.has(sec)) {
      const b = next[i]!;
      next[i] = { sec, acked: { ...b.acked }, notAcked: b.notAcked, via: { ...b.via } };
    }
    touched.add(sec);
    const bucket = next[i]!;
    if (r.outcome === 'ack') bucket.acked[r.node] = (bucket.acked[r.node] ?? 0) + 1;
    else bucket.notAcked += 1;
    if (r.via !== undefined) bucket.via[r.via] = (bucket.via[r.via] ?? 0) + 1;
  }
  const newest = next[next.length - 1]!.sec;
  let start = 0;
  while (start < next.length && next[start]!.sec <= newest - SCENARIO_LIMITS.writeSeconds) start++;
  return { writes: start === 0 ? next : next.slice(start), ledger: counts };
}

/** Applies one scenario event to what the UI knows of the scenario (creating it on first sight). */
export function applyScenarioEvent(
  current: ScenarioLive | undefined,
  event: ScenarioRunEvent,
): ScenarioLive {
  const s: ScenarioLive = current
    ? { ...current }
    : emptyScenarioLive(event.kind === 'scenario' ? event.scenarioId : '');
  if (SYSTEM_EVENT_KIND_SET.has(event.kind)) {
    s.systemEvents = bounded(
      s.systemEvents,
      event as unknown as SystemEventEntry,
      SCENARIO_LIMITS.systemEvents,
    );
    return s;
  }
  switch (event.kind) {
    case 'scenario':
      s.scenarioId = event.scenarioId;
      s.seed = event.seed;
      s.settings = event.settings;
      if (event.responseName !== undefined) s.responseName = event.responseName;
      s.startedAt = event.t;
      if (event.pace !== undefined) s.pace = event.pace;
      if (event.timeLimitMs !== undefined) s.timeLimitMs = event.timeLimitMs;
      if (event.player !== undefined) s.player = event.player;
      break;
    case 'fault':
      if (event.phase === 'inject') {
        s.faults = [
          ...s.faults,
          {
            faultId: event.faultId,
            kind: event.spec.kind,
            summary: faultSummary(event.spec),
            from: event.t,
          },
        ];
      } else {
        // Close the newest open window of that fault; a revert without an inject is ignored.
        let i = s.faults.length - 1;
        while (i >= 0 && (s.faults[i]!.faultId !== event.faultId || s.faults[i]!.to !== undefined))
          i--;
        if (i >= 0) {
          s.faults = s.faults.slice();
          s.faults[i] = { ...s.faults[i]!, to: event.t };
        }
      }
      break;
    case 'action':
    case 'console-line':
      s.actions = appendMove(s.actions, actionEntryOf(event));
      break;
    case 'writes': {
      if (s.ledgerFinal) {
        // Late records after the final ledger: the chart still takes them, the counts are final.
        s.writes = addWrites(s.writes, s.ledger, event.records).writes;
      } else {
        const { writes, ledger } = addWrites(s.writes, s.ledger, event.records);
        s.writes = writes;
        s.ledger = ledger;
      }
      break;
    }
    case 'reachability':
      s.reachability = { t: event.t, matrix: event.matrix, reason: event.reason };
      break;
    case 'hint':
      // A facilitator's hint is not one of the scenario's (the run log shows it).
      if (event.from === 'facilitator') break;
      if (!s.hints.some((h) => h.index === event.index))
        s.hints = [
          ...s.hints,
          { index: event.index, t: event.t, text: event.text, requested: event.requested === true },
        ].sort((a, b) => a.index - b.index);
      break;
    case 'exported-keys':
      s.exported = [
        ...s.exported,
        {
          t: event.t,
          node: event.node,
          keys: event.keys,
          ...(event.file !== undefined ? { file: event.file } : {}),
        },
      ];
      break;
    case 'final-health':
      s.finalHealth = event.health;
      break;
    case 'ledger':
      s.ledger = event.counts;
      s.ledgerFinal = true;
      s.lostKeys = event.lostKeys;
      break;
    case 'tell-shown':
      s.tell = { kind: event.tell, detail: event.detail, at: event.at, shownAt: event.shownAt };
      break;
    case 'grade':
      s.grade = event.result;
      break;
  }
  return s;
}

/** The faults open right now (injected, not reverted), newest last. */
export function activeFaults(faults: LiveFaultWindow[]): LiveFaultWindow[] {
  return faults.filter((f) => f.to === undefined);
}

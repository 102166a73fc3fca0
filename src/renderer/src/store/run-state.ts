import type {
  BuildProgress,
  ProbeSample,
  ReadinessStatus,
  RunPhase,
  RunSnapshot,
} from '../../../shared/lab-types';
import type { RunEvent } from '../../../shared/run-events';
import {
  actionEntryOf,
  appendMove,
  isMoveEvent,
  MOVES_LIMIT,
  type ActionEntry,
} from './action-entries';
import { appendLog, nodeLogEntry, scenarioLogEntry, type RunLogEntry } from './run-log-entries';
import {
  applyScenarioEvent,
  emptyScenarioLive,
  isScenarioEvent,
  type ScenarioLive,
  type ScenarioRunEvent,
} from './scenario-state';
import { SYSTEM_VIEWS } from '../components/system-views';
import {
  mergeTracked,
  trackSample,
  type SampleTracker,
  type TrackedStates,
} from './sample-trackers';

export type { RunLogEntry } from './run-log-entries';

/** How many samples a run keeps in the UI, and how far back (the charts' window). */
export const SAMPLE_WINDOW = { maxSamples: 600, maxAgeMs: 120_000 } as const;
/**
 * Scenario events kept while a run is not (yet) known to be a scenario run:
 * a scenario's workload and event streams start just before its `scenario`
 * event, and a window that did not start it sees them first.
 */
const PENDING_LIMIT = 500;

/** Everything the UI knows about one run: a snapshot kept current by run events. */
export interface RunState {
  runId: string;
  /** Empty until a snapshot says which lab (a run first seen through an event). */
  labId: string;
  phase: RunPhase;
  phaseDetail?: string;
  /** The phase the run was in when it failed (live events only). */
  failedFrom?: RunPhase;
  startedAt: number;
  readyAfterMs?: number;
  /** When the run reached `stopped` (live events only). */
  stoppedAt?: number;
  error?: string;
  build: BuildProgress[];
  readiness?: ReadinessStatus;
  /** Oldest first, bounded by SAMPLE_WINDOW. */
  samples: ProbeSample[];
  log: RunLogEntry[];
  /** Seq of the last event applied; 0 = no baseline (after a snapshot or reconnect). */
  lastSeq: number;
  /** True once a getRun/listRuns snapshot has been merged. */
  hasSnapshot: boolean;
  /**
   * Present for a scenario run: set by startScenario (this window started it)
   * or by the run's `scenario` event, then kept current by scenario events.
   * Nothing else makes a run a scenario run (a plain lab's moves do not).
   */
  scenario?: ScenarioLive;
  /**
   * A plain lab's moves (palette actions and console command lines), oldest
   * first, bounded. A scenario run keeps its moves in `scenario.actions`.
   */
  labMoves: ActionEntry[];
  /** Scenario events seen before the `scenario` event (see PENDING_LIMIT); replayed by it. */
  pendingScenarioEvents?: ScenarioRunEvent[];
  /** Wall-clock time of the first sample in which more than one node claimed master. */
  firstSplitAt?: number;
  /**
   * What the systems' trackers derived from every sample of the run, not only
   * the window's (SystemViews.sampleTrackers), by tracker key; absent until
   * one tracks something.
   */
  tracked?: TrackedStates;
}

let trackers: SampleTracker<unknown>[] | undefined;
/**
 * Every system's sample trackers, gathered on first use (not on import: the
 * registry imports the systems' views, some of which import the store).
 */
function sampleTrackers(): SampleTracker<unknown>[] {
  return (trackers ??= Object.values(SYSTEM_VIEWS).flatMap((v) => v.sampleTrackers ?? []));
}

export const PHASES_IN_ORDER: readonly RunPhase[] = [
  'preparing',
  'building',
  'starting',
  'waiting-ready',
  'running',
  'grading',
  'stopping',
  'stopped',
];

const TERMINAL: ReadonlySet<RunPhase> = new Set(['stopped', 'failed']);

export function isTerminal(phase: RunPhase): boolean {
  return TERMINAL.has(phase);
}

/** A run that holds (or is about to hold) containers. */
export function isActive(phase: RunPhase): boolean {
  return !TERMINAL.has(phase);
}

/** Phases only move forward; `failed` and `stopped` are the end. */
function phaseRank(phase: RunPhase): number {
  if (phase === 'failed' || phase === 'stopped') return 100;
  return PHASES_IN_ORDER.indexOf(phase);
}

export function emptyRunState(
  runId: string,
  labId = '',
  startedAt = Date.now(),
  scenarioId?: string,
): RunState {
  const run: RunState = {
    runId,
    labId,
    phase: 'preparing',
    startedAt,
    build: [],
    samples: [],
    log: [],
    lastSeq: 0,
    hasSnapshot: false,
    labMoves: [],
  };
  if (scenarioId) run.scenario = emptyScenarioLive(scenarioId);
  return run;
}

function firstSplit(samples: ProbeSample[]): number | undefined {
  return samples.find((s) => s.mastersClaimed > 1)?.t;
}

/** Keeps the newest samples within the window. Returns the same array when nothing is dropped. */
export function trimSamples(samples: ProbeSample[]): ProbeSample[] {
  if (samples.length === 0) return samples;
  const newest = samples[samples.length - 1]!.t;
  let start = Math.max(0, samples.length - SAMPLE_WINDOW.maxSamples);
  while (start < samples.length && samples[start]!.t < newest - SAMPLE_WINDOW.maxAgeMs) start++;
  return start === 0 ? samples : samples.slice(start);
}

/** Union of two sample lists by time (both oldest first); `b` wins on equal times. */
function mergeSamples(a: ProbeSample[], b: ProbeSample[]): ProbeSample[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const byTime = new Map<number, ProbeSample>();
  for (const s of a) byTime.set(s.t, s);
  for (const s of b) byTime.set(s.t, s);
  return [...byTime.values()].sort((x, y) => x.t - y.t);
}

function upsertBuild(
  list: BuildProgress[],
  progress: BuildProgress,
  monotonic: boolean,
): BuildProgress[] {
  const i = list.findIndex((b) => b.image === progress.image);
  if (i < 0) return [...list, progress];
  const current = list[i]!;
  if (monotonic && progress.fraction < current.fraction) return list;
  const next = list.slice();
  next[i] = { ...progress, cached: progress.cached ?? current.cached };
  return next;
}

/** How {@link mergeSnapshot} treats the scenario's events. */
export interface MergeOptions {
  /**
   * Rebuild the scenario's live state (faults, tells, moves, hints) from the
   * snapshot's events even though this window has a baseline: events older
   * than the last one applied arrived (a blind drill releases a fault's events
   * once the fault is over), and applying events in order would drop them.
   */
  rebuildScenario?: boolean;
}

/**
 * Merges a snapshot into what the UI already knows. The snapshot may be older
 * than events already applied (they can overtake the answer), so the phase and
 * build fractions never move backwards and samples are a union by time.
 */
export function mergeSnapshot(
  existing: RunState | undefined,
  snap: RunSnapshot,
  options: MergeOptions = {},
): RunState {
  const base = existing ?? emptyRunState(snap.runId, snap.labId, snap.startedAt);
  const keepPhase = existing !== undefined && phaseRank(existing.phase) > phaseRank(snap.phase);
  let build = base.build;
  for (const b of snap.build) build = upsertBuild(build, b, true);
  const readiness =
    base.readiness?.ready && snap.readiness && !snap.readiness.ready
      ? base.readiness
      : (snap.readiness ?? base.readiness);
  const next: RunState = {
    ...base,
    labId: snap.labId || base.labId,
    startedAt: snap.startedAt,
    phase: keepPhase ? base.phase : snap.phase,
    readyAfterMs: snap.readyAfterMs ?? base.readyAfterMs,
    error: snap.error ?? base.error,
    build,
    samples: trimSamples(mergeSamples(base.samples, snap.samples)),
    hasSnapshot: true,
  };
  const split = firstSplit(snap.samples);
  if (split !== undefined && (next.firstSplitAt === undefined || split < next.firstSplitAt))
    next.firstSplitAt = split;
  // Samples a snapshot adds may hold what this window missed: each tracker merges.
  const tracked = mergeTracked(base.tracked, next.samples, sampleTrackers());
  if (tracked) next.tracked = tracked;
  if (readiness) next.readiness = readiness;
  // Rebuild the scenario's tells from the snapshot when this window has no
  // baseline for them (a reload, or a reconnect that may have missed events),
  // or when events arrived late, below the last one applied (see MergeOptions).
  if (
    snap.scenarioEvents &&
    (base.scenario === undefined || base.lastSeq === 0 || options.rebuildScenario)
  ) {
    const rebuilt = rebuildFromHistory(snap.scenarioEvents, base.scenario?.scenarioId);
    if (rebuilt.scenario) {
      next.scenario = rebuilt.scenario;
      next.labMoves = [];
      delete next.pendingScenarioEvents;
    } else next.labMoves = unionBySeq(base.labMoves, rebuilt.labMoves);
  }
  return next;
}

/**
 * Applies one live event. Events arrive in order on one channel, so the phase
 * is taken as given. Returns the same object if the event was a duplicate.
 */
export function applyRunEvent(state: RunState, event: RunEvent): RunState {
  if (state.lastSeq > 0 && event.seq <= state.lastSeq) return state;
  const next: RunState = { ...state, lastSeq: event.seq };
  switch (event.kind) {
    case 'phase': {
      if (event.phase === 'failed' && state.phase !== 'failed') next.failedFrom = state.phase;
      next.phase = event.phase;
      if (event.detail !== undefined) next.phaseDetail = event.detail;
      else delete next.phaseDetail;
      if (event.phase === 'failed' && event.detail && !next.error) next.error = event.detail;
      if (event.phase === 'stopped' && next.stoppedAt === undefined) next.stoppedAt = event.t;
      if (event.phase === 'running' && next.readyAfterMs === undefined && next.startedAt) {
        next.readyAfterMs = Math.max(0, event.t - next.startedAt);
      }
      next.log = appendLog(state.log, {
        seq: event.seq,
        t: event.t,
        level: event.phase === 'failed' ? 'error' : 'info',
        text: `phase → ${event.phase}${event.detail ? `: ${event.detail}` : ''}`,
      });
      break;
    }
    case 'build':
      next.build = upsertBuild(state.build, event.progress, false);
      break;
    case 'readiness':
      next.readiness = event.status;
      break;
    case 'sample': {
      const last = state.samples[state.samples.length - 1];
      if (last && event.sample.t <= last.t) {
        next.samples = mergeSamples(state.samples, [event.sample]);
      } else {
        next.samples = trimSamples([...state.samples, event.sample]);
      }
      if (
        event.sample.mastersClaimed > 1 &&
        (state.firstSplitAt === undefined || event.sample.t < state.firstSplitAt)
      )
        next.firstSplitAt = event.sample.t;
      const tracked = trackSample(state.tracked, event.sample, sampleTrackers());
      if (tracked) next.tracked = tracked;
      break;
    }
    case 'node':
      next.log = appendLog(state.log, nodeLogEntry(event, state.phase));
      break;
    case 'error':
      next.log = appendLog(state.log, {
        seq: event.seq,
        t: event.t,
        level: 'error',
        text: event.message,
      });
      break;
    default:
      if (isScenarioEvent(event)) {
        applyScenarioOrLabEvent(state, next, event);
        const entry = scenarioLogEntry(event);
        if (entry) next.log = appendLog(state.log, entry);
      }
  }
  return next;
}

/**
 * A scenario event goes to the scenario's tells once the run is a scenario
 * run. Before that, the `scenario` event makes it one (replaying what was
 * held back), a move is a plain lab's move, and anything else is held back.
 */
function applyScenarioOrLabEvent(state: RunState, next: RunState, event: ScenarioRunEvent): void {
  if (state.scenario) {
    next.scenario = applyScenarioEvent(state.scenario, event);
    return;
  }
  if (event.kind === 'scenario') {
    let scenario = emptyScenarioLive(event.scenarioId);
    for (const e of state.pendingScenarioEvents ?? []) scenario = applyScenarioEvent(scenario, e);
    next.scenario = applyScenarioEvent(scenario, event);
    delete next.pendingScenarioEvents;
    return;
  }
  if (isMoveEvent(event)) {
    next.labMoves = appendMove(state.labMoves, actionEntryOf(event));
    return;
  }
  if (event.kind === 'exported-keys') return; // a plain lab's export: in the run log only
  const pending = state.pendingScenarioEvents ?? [];
  next.pendingScenarioEvents = [...pending.slice(-(PENDING_LIMIT - 1)), event];
}

/** Moves of both lists, once each, in history order (a snapshot may be older than live events). */
function unionBySeq(a: ActionEntry[], b: ActionEntry[]): ActionEntry[] {
  if (a.length === 0) return b;
  const bySeq = new Map<number, ActionEntry>();
  for (const m of [...a, ...b]) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq).slice(-MOVES_LIMIT);
}

/**
 * The scenario (if the history holds its `scenario` event, or `scenarioId`
 * says this window started one) or the plain lab's moves, from a snapshot's
 * scenario events.
 */
function rebuildFromHistory(
  events: readonly RunEvent[],
  scenarioId: string | undefined,
): { scenario?: ScenarioLive; labMoves: ActionEntry[] } {
  const scenarioEvents = events.filter(isScenarioEvent);
  const start = scenarioEvents.find((e) => e.kind === 'scenario');
  const id = start?.kind === 'scenario' ? start.scenarioId : scenarioId;
  if (id !== undefined) {
    let scenario = emptyScenarioLive(id);
    for (const e of scenarioEvents) scenario = applyScenarioEvent(scenario, e);
    return { scenario, labMoves: [] };
  }
  let labMoves: ActionEntry[] = [];
  for (const e of scenarioEvents)
    if (isMoveEvent(e)) labMoves = appendMove(labMoves, actionEntryOf(e));
  return { labMoves };
}

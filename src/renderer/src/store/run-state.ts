import type {
  BuildProgress,
  ProbeSample,
  ReadinessStatus,
  RunPhase,
  RunSnapshot,
} from '../../../shared/lab-types';
import type { RunEvent } from '../../../shared/run-events';
import {
  actionLabel,
  applyScenarioEvent,
  emptyScenarioLive,
  isScenarioEvent,
  type ScenarioLive,
  type ScenarioRunEvent,
} from './scenario-state';
import { neighbourFlipsOf, trackNeighbour, type NeighbourFlips } from './vip-neighbour';

/** How many samples a run keeps in the UI, and how far back (the charts' window). */
export const SAMPLE_WINDOW = { maxSamples: 600, maxAgeMs: 120_000 } as const;
const LOG_LIMIT = 200;

export interface RunLogEntry {
  seq: number;
  t: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

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
   */
  scenario?: ScenarioLive;
  /** Wall-clock time of the first sample in which more than one node claimed master. */
  firstSplitAt?: number;
  /** keepalived lab: the client's neighbour entry for the VIP and how often it moved. */
  vipNeighbour?: NeighbourFlips;
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

/**
 * Merges a snapshot into what the UI already knows. The snapshot may be older
 * than events already applied (they can overtake the answer), so the phase and
 * build fractions never move backwards and samples are a union by time.
 */
export function mergeSnapshot(existing: RunState | undefined, snap: RunSnapshot): RunState {
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
  // Samples a snapshot adds may hold flips this window missed: keep the larger count.
  const flips = neighbourFlipsOf(next.samples);
  if (flips && (!base.vipNeighbour || flips.flips > base.vipNeighbour.flips))
    next.vipNeighbour = flips;
  if (readiness) next.readiness = readiness;
  // Rebuild the scenario's tells from the snapshot when this window has no
  // baseline for them (a reload, or a reconnect that may have missed events).
  if (snap.scenarioEvents && (base.scenario === undefined || base.lastSeq === 0)) {
    let scenario: ScenarioLive | undefined;
    for (const e of snap.scenarioEvents)
      if (isScenarioEvent(e)) scenario = applyScenarioEvent(scenario, e);
    if (scenario) next.scenario = scenario;
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
      const neighbour = trackNeighbour(state.vipNeighbour, event.sample);
      if (neighbour) next.vipNeighbour = neighbour;
      break;
    }
    case 'node':
      next.log = appendLog(state.log, {
        seq: event.seq,
        t: event.t,
        level: event.state === 'died' ? 'warn' : 'info',
        text: `${event.node} ${event.state}${event.detail ? `: ${event.detail}` : ''}`,
      });
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
        next.scenario = applyScenarioEvent(state.scenario, event);
        const entry = scenarioLogEntry(event);
        if (entry) next.log = appendLog(state.log, entry);
      }
  }
  return next;
}

/** keepalived log events worth a warning in the run log. */
const KEEPALIVED_WARNINGS: ReadonlySet<string> = new Set([
  'lower-priority-advert',
  'advert-send-error',
  'entering-fault',
  'stopped',
]);

/** The run log line of a scenario event worth a line (not writes, samples of the tells). */
function scenarioLogEntry(event: ScenarioRunEvent): RunLogEntry | null {
  const at = { seq: event.seq, t: event.t };
  switch (event.kind) {
    case 'scenario':
      return { ...at, level: 'info', text: `scenario ${event.scenarioId} (seed ${event.seed})` };
    case 'fault':
      return {
        ...at,
        level: 'warn',
        text: `fault ${event.faultId} ${event.phase === 'inject' ? 'injected' : 'reverted'}${
          event.detail ? `: ${event.detail}` : ''
        }`,
      };
    case 'action':
      return {
        ...at,
        level: event.ok ? 'info' : 'error',
        text: `${event.source}: ${actionLabel(event.action)}${event.detail ? ` — ${event.detail}` : ''}`,
      };
    case 'patroni-event':
      return {
        ...at,
        level: event.event === 'dcs-unreachable' || event.event === 'lock-lost' ? 'warn' : 'info',
        text: `${event.node} patroni: ${event.event} — ${event.line}`,
      };
    case 'keepalived-event':
      return {
        ...at,
        level: KEEPALIVED_WARNINGS.has(event.event) ? 'warn' : 'info',
        text: `${event.node} keepalived: ${event.event} — ${event.line}`,
      };
    case 'hint':
      return { ...at, level: 'info', text: `hint ${event.index + 1}: ${event.text}` };
    case 'exported-keys':
      return { ...at, level: 'info', text: `exported ${event.keys} keys from ${event.node}` };
    case 'grade':
      return {
        ...at,
        level: event.result.passed ? 'info' : 'warn',
        text: `graded: ${event.result.score} / 100 (${event.result.passed ? 'passed' : 'not passed'})`,
      };
    default:
      return null;
  }
}

function appendLog(log: RunLogEntry[], entry: RunLogEntry): RunLogEntry[] {
  const next = log.length >= LOG_LIMIT ? log.slice(log.length - LOG_LIMIT + 1) : log.slice();
  next.push(entry);
  return next;
}

import type { FinalHealth, GradeResult, LedgerCounts } from './scenario-types';
import type { Pace, ResponseStep, Scenario } from './scenario-schema';
import type { SystemEventLane, SystemExplainStep } from './system-traits';

/** One line of a run's timeline, for the debrief and the charts' markers. */
export interface TimelineEntry {
  /** ms since the scenario started (lab ready, workload writing). */
  at: number;
  /**
   * A SystemEventLane: an event of the system's own stream (a Sentinel
   * pub/sub event, a node's log line that marks a role change...);
   * `unknown`: nodes that could not be read from then on (their probe got no
   * answer): a grey hollow mark, never a tell. `note`: a note the trainee
   * or the facilitator wrote on the run.
   */
  kind:
    | 'fault'
    | 'action'
    | 'console'
    | 'tell'
    | 'unknown'
    | SystemEventLane
    | 'hint'
    | 'note'
    | 'phase';
  label: string;
  detail?: string;
  /** Node concerned, when there is one. */
  node?: string;
}

/** A fault's active window, for shading charts. `to` absent = still active at the end. */
export interface FaultWindow {
  faultId: string;
  kind: string;
  /** ms since the scenario started. */
  from: number;
  to?: number;
}

/** Everything the debrief shows; a pure function of the run history plus the scenario. */
export interface Debrief {
  runId: string;
  scenario: Scenario;
  /** ms since epoch. */
  startedAt: number;
  endedAt: number;
  seed: number;
  settings: Record<string, number | boolean>;
  /** `reference`, `none`, a file name, or absent for a trainee's own run. */
  responseName?: string;
  /** The pace played (`human` for a person, `fast` for the headless self-test). */
  pace: Pace;
  /** Who played, when they gave a name. */
  player?: string;
  /** The hints shown, in order: when (ms since the scenario started) and whether the trainee asked. */
  hints: { index: number; at: number; requested: boolean }[];
  /**
   * Notes written on the run (the trainee's reasoning, the facilitator's
   * annotations and hints), in order; `at` in ms since the scenario started.
   * Absent in debriefs stored before notes existed.
   */
  notes?: { at: number; author: 'trainee' | 'facilitator'; name?: string; text: string }[];
  /** The files of keys (or rows) export-keys saved during the run, in order. */
  exports: KeyExport[];
  /**
   * The system's explain mode for this run, step by step from its history
   * (SystemDebrief.explain: the lock service's fencing tokens). Absent for a
   * system without one, and in debriefs stored before it existed.
   */
  explain?: SystemExplainStep[];
  /**
   * When the fault, the tell and the first fence came, for comparing runs
   * side by side (a game day's group debrief). Absent in older debriefs.
   */
  timing?: RunTiming;
  grade: GradeResult;
  ledger: LedgerCounts;
  /** Up to 50 of the acknowledged keys that were lost. */
  lostKeys: string[];
  finalHealth?: FinalHealth;
  timeline: TimelineEntry[];
  faultWindows: FaultWindow[];
  /** The reference response's steps, with their reasons. */
  reference: ResponseStep[];
  /**
   * What this run's history says about the pattern's misdiagnoses, one
   * sentence each with its figures (e.g. for a VRRP pair: how long the split lasted,
   * against "a network blip"; how the requests spread over the routers and how
   * many failed, against "application flakiness"). Empty when there is
   * nothing to say.
   */
  observations?: Observation[];
}

/** The run's key moments; times in ms since the scenario started. */
export interface RunTiming {
  /** The first fault took effect. */
  faultAt?: number;
  /** The split first showed (see the tell), and when that reading reached the screen. */
  tellAt?: number;
  tellShownAt?: number;
  /** The node the grading expects to be fenced. */
  staleLeader?: string;
  /**
   * The first successful fence after the fault: which move, on which node,
   * the trainee's reaction (tell on screen → move issued, s) and the engine's
   * latency (issued → taken effect, s), apart.
   */
  firstFence?: { move: string; node?: string; reactionSeconds: number; engineSeconds: number };
}

/** A file of keys (Redis) or rows (PostgreSQL) that export-keys saved from a node during a run. */
export interface KeyExport {
  /** ms since the scenario started. */
  at: number;
  /** The node the keys were read from. */
  node: string;
  /** How many keys (or rows) the file holds. */
  keys: number;
  /**
   * The file's name in the run's artifacts folder, for `getArtifact`
   * (download); absent in histories recorded before downloads existed.
   */
  name?: string;
}

/** A misdiagnosis of the scenario's card, held against what this run showed. */
export interface Observation {
  /** The misdiagnosis, as the teaching card words it (`looksLike`), or a short title. */
  looksLike: string;
  /** What the history shows instead, with figures. */
  shows: string;
}

/** A stored attempt, as the history list shows it. */
export interface AttemptSummary {
  /** Same as the run id. */
  attemptId: string;
  scenarioId: string;
  title: string;
  /** When the scenario started (or, for a run that never got that far, when it was asked for), ms since epoch. */
  startedAt: number;
  /** 0-100; 0 for an attempt that was not graded (see `notGraded`). */
  score: number;
  /** False for an attempt that was not graded (see `notGraded`): read that first. */
  passed: boolean;
  /** Acknowledged writes lost; 0 for an attempt that was not graded (nothing was counted). */
  ackedLost: number;
  responseName?: string;
  /** Who played, when they gave a name. */
  player?: string;
  /** The pace played (absent in attempts stored before paces existed). */
  pace?: Pace;
  /**
   * Present when the run ended without a grade (stopped before the end, the
   * app closed, the lab or the Docker engine failed, a scheduled fault could
   * not be put in place, grading failed): there is no debrief, and `score`,
   * `passed` and `ackedLost` mean nothing. Such an attempt is not a failure
   * of the trainee. `reason` says why, in one line (no stack trace, at most
   * ATTEMPT_REASON_MAX characters). Absent for graded attempts and in every
   * attempt stored before ungraded ones were kept.
   */
  notGraded?: { reason: string };
}

/** The longest `AttemptSummary.notGraded.reason`, in characters. */
export const ATTEMPT_REASON_MAX = 300;

/**
 * `text` as one line of at most ATTEMPT_REASON_MAX characters: its first
 * non-empty line (what follows, a stack trace included, is dropped), blanks
 * collapsed, cut with an ellipsis when too long.
 */
export function oneLineReason(text: string): string {
  const first =
    text
      .split(/\r?\n|\r/)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .find((l) => l.length > 0) ?? '';
  return first.length > ATTEMPT_REASON_MAX ? `${first.slice(0, ATTEMPT_REASON_MAX - 1)}…` : first;
}

export type ExportFormat = 'md' | 'html' | 'json';

/**
 * What the reference response lost next to what this run lost, in one
 * sentence, or undefined when the scenario has no measured figure.
 */
export function referenceLossSentence(d: Debrief): string | undefined {
  const ref = d.scenario.referenceLost;
  if (ref === undefined) return undefined;
  const lost = d.ledger.fates?.['acked-lost'];
  const run = lost === undefined ? '' : `; this run lost ${lost}`;
  return `The scripted reference (a bot's best case, acting seconds after the fault) lost ${ref} acknowledged writes when measured here${run}.`;
}

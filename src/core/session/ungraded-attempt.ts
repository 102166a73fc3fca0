import { oneLineReason } from '../../shared/debrief-types';
import type { RunEvent } from '../../shared/run-events';
import { EngineUnreachableError } from '../runtime/container-runtime';
import { scenarioStart } from '../debrief/timeline';
import type { UngradedAttempt } from './attempt-store';
import type { ScenarioRunOptions } from './scenario-run';

// Why a scenario run ended without a grade, one line each (AttemptSummary.notGraded):
// what the attempt list shows. The run's history keeps the details.

/** The run was stopped (the trainee's stop, a facilitator's, a script's) before the scenario ended. */
export const STOPPED_BEFORE_THE_END = 'stopped before the end';

/** The app shut down during the run (window closed, Ctrl+C, SIGTERM, SIGHUP). */
export const APP_CLOSED = 'the app closed during the run';

/** How the Docker runtime words an engine that does not answer (see EngineUnreachableError). */
const ENGINE_GONE = /^No Docker engine answers\b/;

/** The first line of an error's message (its stack never). */
function messageOf(error: unknown): string {
  return oneLineReason(error instanceof Error ? error.message : String(error));
}

/** `the Docker engine went away: <message>` when the error says no engine answers, else undefined. */
function engineGone(error: unknown): string | undefined {
  const message = messageOf(error);
  return error instanceof EngineUnreachableError || ENGINE_GONE.test(message)
    ? oneLineReason(`the Docker engine went away: ${message}`)
    : undefined;
}

/** The lab failed while coming up: `detail` is the `failed` phase's (the error's message). */
export function bringUpFailedReason(detail: string): string {
  return engineGone(detail) ?? oneLineReason(`the lab could not be brought up: ${detail}`);
}

/** The workload's clients could not be started on a lab that was up. */
export function workloadFailedReason(error: unknown): string {
  return engineGone(error) ?? oneLineReason(`the workload could not start: ${messageOf(error)}`);
}

/** A scheduled fault could not be put in place: the drill did not happen as written. */
export function faultFailedReason(faultId: string, error: unknown): string {
  return oneLineReason(`the fault ${faultId} could not be put in place: ${messageOf(error)}`);
}

/** Reading the end of the run (final health, surviving writes) or grading it failed. */
export function gradingFailedReason(error: unknown): string {
  return engineGone(error) ?? oneLineReason(`grading failed: ${messageOf(error)}`);
}

/** Why the lab is not running after its bring-up: the last `failed` phase's reason, or a stop. */
export function labEndedReason(events: readonly RunEvent[]): string {
  const failed = events.findLast((e) => e.kind === 'phase' && e.phase === 'failed');
  return failed?.kind === 'phase'
    ? bringUpFailedReason(failed.detail ?? 'no reason given')
    : STOPPED_BEFORE_THE_END;
}

/**
 * A run's attempt as an ungraded one keeps it (its reason aside), from its
 * options and its history so far: `startedAt` as a debrief's (the scenario's
 * start, else the lab's `running`, else the run's first event).
 */
export function ungradedAttemptOf(
  runId: string,
  options: Pick<ScenarioRunOptions, 'scenario' | 'pace' | 'player' | 'response'>,
  events: readonly RunEvent[],
): Omit<UngradedAttempt, 'reason'> {
  return {
    attemptId: runId,
    scenarioId: options.scenario.id,
    title: options.scenario.title,
    startedAt: scenarioStart(events) || Date.now(),
    ...(options.response ? { responseName: options.response.name } : {}),
    ...(options.player ? { player: options.player } : {}),
    pace: options.pace,
  };
}

/** What an UngradedKeeper reads and writes through. */
export interface UngradedKeeperHooks {
  /** Whether the run may be kept as ungraded now: it was started and has no debrief. */
  keepable(): boolean;
  /** The attempt as it stands (its reason aside). */
  attempt(): Omit<UngradedAttempt, 'reason'>;
  /** Stores it (ScenarioRunOptions.onNotGraded). */
  store(attempt: UngradedAttempt): Promise<void>;
  /** Records a failed store (one line), e.g. in the run's history. */
  failed(message: string): void;
}

/**
 * Keeps a scenario run that ended without a debrief as an ungraded attempt,
 * once: the first reason given wins, and nothing is kept while the run is
 * not keepable. Never rejects: a failed store is reported through `failed`.
 */
export class UngradedKeeper {
  private kept: Promise<void> | undefined;

  constructor(private readonly hooks: UngradedKeeperHooks) {}

  /** Keeps the attempt with `reason` (see the class); resolves once stored, or not. */
  keep(reason: string): Promise<void> {
    if (!this.hooks.keepable()) return this.kept ?? Promise.resolve();
    this.kept ??= this.hooks.store({ ...this.hooks.attempt(), reason }).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.hooks.failed(`the ungraded attempt could not be kept: ${oneLineReason(message)}`);
    });
    return this.kept;
  }

  /**
   * Keeps the attempt with `reason` while `cleanup` runs (removing the lab
   * does not wait for the write); resolves once both are done.
   */
  async during(reason: string, cleanup: () => Promise<void>): Promise<void> {
    const kept = this.keep(reason);
    try {
      await cleanup();
    } finally {
      await kept;
    }
  }
}

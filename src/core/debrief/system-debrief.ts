import type { Observation, TimelineEntry } from '../../shared/debrief-types';
import type { ProbeSample } from '../../shared/lab-types';
import type { RunEvent } from '../../shared/run-events';
import type { FinalHealth } from '../../shared/scenario-types';
import type { SystemExplainStep } from '../../shared/system-traits';
import type { RunFacts } from '../grading/run-facts';

/** Turns a system's own log events into timeline entries, merging repeats; one per timeline. */
export interface LogEntries {
  /** The entry for `e` (`at`: ms since the scenario's start), or undefined when `e` is not this system's or merged into an earlier entry. */
  add(e: RunEvent, at: number): TimelineEntry | undefined;
  /** Writes repeat counts into the entries handed out; called once, after the last event. */
  finish(): void;
}

/**
 * Reads this system's own changes between samples (`prev` undefined for the
 * first sample; `view`: the sample with every unreadable node as last read;
 * `at`: ms since the scenario's start); one per timeline, it may keep state.
 */
export type SampleChanges = (
  prev: ProbeSample | undefined,
  view: ProbeSample,
  s: ProbeSample,
  at: number,
) => TimelineEntry[];

/**
 * What one system adds to the debrief of a run: pure, in
 * `src/systems/<system>/grading/`, registered in `system-debriefs.ts`.
 */
export interface SystemDebrief {
  /** The timeline label of the coordinators' choice (`sentinels name redis-2 as master`), or for no agreed choice. */
  choiceLabel(choice: string | undefined): string;
  /** The timeline label of `n` data nodes claiming the role (`2 nodes claim master`). */
  mastersLabel(n: number): string;
  /** Node kinds whose changes `sampleChanges` reports itself (the generic role changes skip them). */
  ownRoleKinds: readonly string[];
  /** A fresh reader of this system's own sample changes, if it has any. */
  sampleChanges?(): SampleChanges;
  /** A fresh reader of this system's log events. */
  logEntries(): LogEntries;
  /** What the run's history says against the card's misdiagnoses; empty when it has nothing to say. */
  observations(facts: RunFacts): Observation[];
  /** The final health as label/value pairs in the system's own terms; plain text, the caller escapes. */
  healthRows(f: FinalHealth): [string, string][];
  /** Its explain mode's steps from the run's history (Debrief.explain); absent for a system without one. */
  explain?(events: readonly RunEvent[]): SystemExplainStep[];
}

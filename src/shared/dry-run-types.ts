import type { Pace } from './scenario-schema';

/** One headless run of a dry run: a scripted response and the self-test's verdict on its grade. */
export interface DryRunEntry {
  /** `reference`, `none`, or a wrong response's file name (e.g. `stale-leader-wait.yaml`). */
  response: string;
  /** For a wrong response: the mistake it makes, as its header says. */
  mistake?: string;
  /** For a wrong response: the checks that must fail. */
  mustFail?: string[];
  /** waiting → running → graded, or not-graded (the run ended without a grade; `why` says why). */
  state: 'waiting' | 'running' | 'graded' | 'not-graded';
  /** The run's id once started (its debrief opens under it when graded). */
  runId?: string;
  passed?: boolean;
  /** 0-100. */
  score?: number;
  requiredFailed?: string[];
  /** The self-test's judgement: the reference passed, `none` did not, a wrong response failed for its reasons. */
  ok?: boolean;
  /** Why the judgement is what it is, in one line. */
  why?: string;
  /** Wall time of the run, whole seconds. */
  seconds?: number;
}

/** A dry run of one scenario: its self-test (reference, none, wrong responses) on the real engine. */
export interface DryRun {
  id: string;
  scenarioId: string;
  pace: Pace;
  /** running until every entry is graded or not graded; `done` then, `ok` true iff every entry is ok. */
  state: 'running' | 'done';
  ok?: boolean;
  /** Epoch ms. */
  startedAt: number;
  entries: DryRunEntry[];
  /** Problems that kept files out of the plan (a broken response file), one line each. */
  problems: string[];
}

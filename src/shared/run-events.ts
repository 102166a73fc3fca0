import type { BuildProgress, ProbeSample, ReadinessStatus, RunPhase } from './lab-types';
import type { ScenarioEventBody } from './scenario-types';

/**
 * The append-only history of a run is a sequence of these events. Grading and
 * the timeline are computed from it alone, so every fact worth grading must
 * appear here with its time.
 */
export type RunEventBody =
  | { kind: 'phase'; phase: RunPhase; detail?: string }
  | { kind: 'build'; progress: BuildProgress }
  | { kind: 'readiness'; status: ReadinessStatus }
  | { kind: 'sample'; sample: ProbeSample }
  | {
      kind: 'node';
      node: string;
      /**
       * What happened to the node's container. `stopped`: it exited because
       * the app stopped it on purpose (the lab being stopped, a scenario's
       * workload ending); `died`: it exited on its own or was killed by
       * something else.
       */
      state: 'created' | 'started' | 'paused' | 'unpaused' | 'stopped' | 'died' | 'removed';
      detail?: string;
    }
  | { kind: 'error'; message: string }
  | ScenarioEventBody;

/** One event in a run's history. */
export type RunEvent = RunEventBody & {
  runId: string;
  /** 1-based position in the run's history; strictly increasing, no gaps. */
  seq: number;
  /** Wall-clock time the event was recorded, ms since epoch. */
  t: number;
};

export type RunEventKind = RunEvent['kind'];

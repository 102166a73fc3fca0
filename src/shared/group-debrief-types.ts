import type { CheckId, Scenario } from './scenario-schema';
import type { GameDay, TraineeRunState } from './game-day-types';
import type { Verdict } from './scenario-types';

/** One trainee's attempt in a game day's group debrief. */
export interface GroupDebriefRow {
  traineeId: string;
  name: string;
  scenarioId: string;
  runId?: string;
  state: TraineeRunState;
  /** Why the run ended without a grade. */
  reason?: string;
  passed?: boolean;
  /** 0..100, rounded. */
  score?: number;
  /** The trainee's reaction from the tell on screen to the first fence, s; and the engine's latency apart. */
  reactionSeconds?: number;
  engineSeconds?: number;
  /** The first fence: the move, and whether it took the node the grading expects out of service. */
  firstFence?: { move: string; rightNode: boolean };
  /** Acknowledged writes lost (after the read-back). */
  writesLost?: number;
  /** Each check's verdict and credit (0..1), by check id. */
  checks: Partial<Record<CheckId, { verdict: Verdict; credit: number; why: string }>>;
  /** Moves, notes and the cluster's tells, in s from the fault (negative: before it). */
  moments: { at: number; kind: string; text: string }[];
}

/** A game day's attempts side by side, and the teaching cards they reveal. */
export interface GroupDebrief {
  gameDay: Pick<GameDay, 'id' | 'name' | 'mode' | 'timing' | 'createdAt' | 'startedAt'>;
  rows: GroupDebriefRow[];
  /** The check ids of every graded attempt, in the order the scenarios list them. */
  checkIds: CheckId[];
  /** Each check's title, as its system words it. */
  checkTitles: Partial<Record<CheckId, string>>;
  /** The scenarios played, revealed: title, pattern and teaching card. */
  scenarios: Pick<Scenario, 'id' | 'title' | 'pattern' | 'teaching'>[];
}

import type { Scenario, ScenarioSummary } from './scenario-schema';

/**
 * A game day: a facilitated session in which several trainees each play a
 * scenario run of their own, started, watched and debriefed together.
 *
 * `blind`: a trainee sees a neutral briefing and nothing that names the
 * pattern (no pattern id or name, no title, no scenario hint, no fault label
 * or shading) until the fault is over or the run has ended. `open`: each
 * trainee sees the scenario card as in self-paced practice.
 */
export type GameDayMode = 'blind' | 'open';

/**
 * When each trainee's scheduled faults fire: `window` keeps the scenario's
 * own timing (random windows drawn from each run's seed); `trigger` holds
 * every fault until the facilitator fires it (for one trainee or all).
 */
export type GameDayTiming = 'window' | 'trigger';

/** Where a trainee's run stands, as the facilitator's board shows it. */
export type TraineeRunState =
  /** Named, no run yet (the game day has not started). */
  | 'waiting'
  /** The lab is coming up or the drill is on. */
  | 'running'
  /** The run ended and was graded (see the debrief). */
  | 'graded'
  /** The run ended without a grade: `reason` says why (the app restarted, the engine went away...). */
  | 'ended';

/** One trainee of a game day, as the facilitator sees it (never holds the token itself). */
export interface GameDayTrainee {
  /** Stable id within the game day (`t1`, `t2`...). */
  id: string;
  /** The name the facilitator gave (1-40 printable characters). */
  name: string;
  /** The scenario this trainee plays (picked, or drawn from the pool). */
  scenarioId: string;
  /** The trainee's run, once the game day has started. */
  runId?: string;
  /** The engine of the pool the run was placed on: its id and name (see PoolEngine). */
  engine?: { id: string; name: string; over?: boolean };
  state: TraineeRunState;
  /** Why the run ended without a grade (one line). */
  reason?: string;
}

/** A game day as stored and as the facilitator's API returns it. */
export interface GameDay {
  id: string;
  name: string;
  mode: GameDayMode;
  timing: GameDayTiming;
  /** ms since epoch. */
  createdAt: number;
  /** When the facilitator started the runs, ms since epoch. */
  startedAt?: number;
  /** Seed the pool draw and the runs' fault moments derive from. */
  seed: number;
  trainees: GameDayTrainee[];
}

/** What the facilitator asks for when creating a game day. */
export interface GameDayInput {
  name: string;
  mode: GameDayMode;
  timing: GameDayTiming;
  /**
   * The scenarios to play: one id gives every trainee the same drill; several
   * form a pool each trainee's scenario is drawn from (seeded, so the draw
   * can be repeated).
   */
  scenarioIds: string[];
  /** The trainees' names, in order (1-12). */
  trainees: string[];
  /** Seed of the draw and of the runs' fault moments; random when absent. */
  seed?: number;
}

/** A trainee's link: shown once to the facilitator when the game day is created. */
export interface TraineeLink {
  traineeId: string;
  name: string;
  /** The secret the trainee opens the app with (`/?token=...`). Only a hash is stored. */
  token: string;
}

/**
 * What a trainee is told before and during a blind drill: the system, what
 * the apps do and what healthy looks like, in words that do not name the
 * pattern or hint at the fault.
 */
export interface NeutralBriefing {
  system: Scenario['system'];
  /** One paragraph: the cluster and its nodes. */
  cluster: string;
  /** One sentence per app: what it does and how it finds the node it writes to. */
  apps: string[];
  /** What a healthy cluster looks like on the charts. */
  healthy: string;
  /** What the trainee is asked to do (the same for every drill). */
  task: string;
  /** The drill's time limit, minutes. */
  minutes: number;
}

/** One row of the facilitator's board: a trainee's run at a glance. */
export interface BoardRow {
  traineeId: string;
  name: string;
  scenarioId: string;
  runId?: string;
  /** Where the lab runs: the pool engine's id and name; `over` when placed past its room. */
  engine?: { id: string; name: string; over?: boolean };
  state: TraineeRunState;
  /** The run's phase (`starting`, `ready`, `running`, `stopped`...), when there is a run. */
  phase?: string;
  /** When the first fault took effect, ms since epoch. */
  faultAt?: number;
  /** Nodes whose latest reading claims leadership (master, primary, MASTER). */
  leaders: string[];
  /** Acknowledged writes lost: known once the run's writes are read back at the end. */
  writesLost?: number;
  /** Writes acknowledged since the first fault took effect (all clients). */
  ackedSinceFault: number;
  /** Writes that failed or timed out since the first fault took effect. */
  failedSinceFault: number;
  /** The trainee's last move: what and when (ms since epoch). */
  lastMove?: { text: string; at: number; ok: boolean };
  /** Notes written by the trainee so far. */
  notes: number;
  /** The scenario's faults (the facilitator may fire any not fired yet), in the scenario's order. */
  faults: { id: string; kind: string; fired: boolean }[];
  /** The grade, once graded. */
  verdict?: { passed: boolean; score: number };
  reason?: string;
}

/** Who a trainee token belongs to. */
export interface TraineePrincipal {
  role: 'trainee';
  gameDayId: string;
  traineeId: string;
  name: string;
}

/** What a trainee sees of their drill: the briefing (neutral when blind), and their run once started. */
export interface TraineeDrill {
  gameDayName: string;
  traineeName: string;
  mode: GameDay['mode'];
  runId?: string;
  system: Scenario['system'];
  /** Blind: the neutral briefing. */
  briefing?: NeutralBriefing;
  /** Open: the scenario's card as the catalog shows it. */
  card?: ScenarioSummary;
}

/**
 * Where trainees open their links: the host's room (the served UI). In the
 * Electron app the room is a server on this machine that starts when the
 * facilitator first asks for it.
 */
export interface RoomAddress {
  /** `http://host:port`: a trainee's link is this origin with `/?token=<their token>`. */
  origin: string;
  /** True when the room listens on a non-loopback address (reachable from the network). */
  onNetwork: boolean;
}

/** Who is calling: the facilitator (the app's own token), or a trainee of a game day. */
export type Principal = { role: 'facilitator' } | TraineePrincipal;

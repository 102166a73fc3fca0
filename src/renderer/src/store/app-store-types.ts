import type { AttemptSummary, Debrief, ExportFormat } from '../../../shared/debrief-types';
import type { EngineStatus, LabSummary } from '../../../shared/lab-types';
import type { PoolEngine } from '../../../shared/engine-pool-types';
import type { BoardRow, GameDay, Principal, TraineeDrill } from '../../../shared/game-day-types';
import type { GameDaySlice } from './gameday-slice';
import type {
  Action,
  LabSettingsInput,
  Scenario,
  ScenarioProblem,
  ScenarioSummary,
} from '../../../shared/scenario-schema';
import type { ConnectionState, DojoClient } from '../client/types';
import type { ConsoleHandlers } from './console-router';
import type { RunState } from './run-state';
import type { PlayerStorage } from './saved-player';

/**
 * The app store's contracts: the state the views read, the store's
 * operations, and its options (see createAppStore).
 */

/** Everything the views read: one object, replaced (never changed in place) on every change. */
export interface AppState {
  connection: ConnectionState;
  /** Null until the first answer; kept while a re-check runs. */
  engineStatus: EngineStatus | null;
  engineChecking: boolean;
  /** Why getEngineStatus itself failed (the host, not Docker). */
  engineStatusError?: string;
  labs: LabSummary[] | null;
  labsError?: string;
  runs: Readonly<Record<string, RunState>>;
  runsLoaded: boolean;
  /** Run ids the engine answered `null` for. */
  missingRuns: Readonly<Record<string, true>>;
  /** Lab ids with a startLab call in flight. */
  starting: Readonly<Record<string, true>>;
  startErrors: Readonly<Record<string, string>>;
  /** Run ids with a stopLab call in flight. */
  stopping: Readonly<Record<string, true>>;
  stopErrors: Readonly<Record<string, string>>;

  /** The scenario catalog; null until the first answer. */
  scenarios: ScenarioSummary[] | null;
  /** Scenario files that could not be loaded (shown to instructors). */
  scenarioProblems: ScenarioProblem[];
  scenariosError?: string;
  /** Whole scenarios by id (briefing, faults, teaching); null = the engine has no such scenario. */
  scenarioDetails: Readonly<Record<string, Scenario | null>>;
  /** Scenario ids with a startScenario call in flight. */
  startingScenarios: Readonly<Record<string, true>>;
  scenarioStartErrors: Readonly<Record<string, string>>;
  /** Stored attempts, newest first; null until the first answer. */
  attempts: AttemptSummary[] | null;
  attemptsError?: string;
  /** Debriefs by run id; null = the engine has none (yet) for that id. */
  debriefs: Readonly<Record<string, Debrief | null>>;
  debriefErrors: Readonly<Record<string, string>>;
  /** Who is playing, as given once on this machine (kept in localStorage); null = no name given. */
  player: string | null;

  /** Who this connection acts as; null until known. A trainee sees their own drill only. */
  principal: Principal | null;
  /** A trainee's drill (briefing, run id once started). */
  drill: TraineeDrill | null;
  /** The facilitator's game days; null until loaded. */
  gameDays: GameDay[] | null;
  /** The board of each game day loaded, by id. */
  boards: Readonly<Record<string, BoardRow[]>>;
  gameDayError?: string;
  /** The engine pool (the facilitator's); null until loaded. Pushed by `engines` events. */
  engines: PoolEngine[] | null;
  enginesError?: string | undefined;
}

/** Options of a scenario start chosen on the catalog card. */
export interface ScenarioStartOptions {
  /** The trainee's overrides (numbers, and booleans such as synchronousMode). */
  settings?: LabSettingsInput;
  seed?: number;
  /** Who plays (kept with the attempt); a valid name (see shared/player-name.ts). */
  player?: string;
}

/** The store the views subscribe to, read and act through (see createAppStore). */
export interface AppStore extends GameDaySlice {
  getState(): AppState;
  subscribe(listener: () => void): () => void;
  /** Loads everything the first time the link opens (and again after each reconnect). */
  start(): void;
  recheckEngine(): Promise<void>;
  /** Starts a lab; resolves with the run id (null on failure, the error goes to `startErrors`). */
  startLab(labId: string): Promise<string | null>;
  stopLab(runId: string): Promise<void>;
  /** Fetches a run's snapshot and merges it. */
  refreshRun(runId: string): Promise<void>;
  /** Applies the events queued since the last flush right now (tests, teardown). */
  flush(): void;
  dispose(): void;

  // --- scenarios ---
  loadScenarios(): Promise<void>;
  /** Fetches a whole scenario once (cached in `scenarioDetails`). */
  loadScenario(scenarioId: string): Promise<void>;
  /** Starts a scenario; resolves with the run id (null on failure, see `scenarioStartErrors`). */
  startScenario(scenarioId: string, options?: ScenarioStartOptions): Promise<string | null>;
  /** Performs a palette action; an engine error comes back as `{ ok: false, detail }`. */
  act(runId: string, action: Action): Promise<{ ok: boolean; detail: string }>;
  /**
   * Asks for the scenario's next hint not yet shown (it arrives as a `hint`
   * event marked `requested`); an engine error comes back as `{ ok: false, detail }`.
   */
  requestHint(runId: string): Promise<{ ok: boolean; detail: string }>;
  loadAttempts(): Promise<void>;
  /** Fetches (again) a run's debrief into `debriefs`; resolves with it. */
  loadDebrief(runId: string): Promise<Debrief | null>;
  exportDebrief(
    runId: string,
    format: ExportFormat,
  ): Promise<{ filename: string; content: string }>;
  /** A file the run saved (export-keys), by its name in the run's `exported-keys` event. */
  getArtifact(
    runId: string,
    name: string,
  ): Promise<{ filename: string; content: string; mediaType: string }>;
  /** Sets (and saves for the next sessions) who is playing; null forgets the name. */
  setPlayer(name: string | null): void;

  // --- consoles and logs (pass-through; console output is routed, not stored) ---
  openConsole(runId: string, node: string, cols: number, rows: number): Promise<string>;
  consoleInput(consoleId: string, data: string): Promise<void>;
  resizeConsole(consoleId: string, cols: number, rows: number): Promise<void>;
  closeConsole(consoleId: string): Promise<void>;
  /**
   * Receives a console's output and exit as they arrive (output that came
   * before the subscription is replayed first). Returns the unsubscribe.
   */
  onConsole(consoleId: string, handlers: ConsoleHandlers): () => void;
  getLogs(runId: string, node: string, tail: number): Promise<string[]>;

  /** The scenario studio's calls, straight to the engine (nothing of them is kept in the state). */
  readonly studio: StudioClient;
}

/** What the studio asks the engine: check, read, save, share and dry-run scenario files. */
export type StudioClient = Pick<
  DojoClient,
  | 'checkScenario'
  | 'getScenarioSource'
  | 'saveScenario'
  | 'deleteScenario'
  | 'exportScenario'
  | 'importScenario'
  | 'startDryRun'
  | 'getDryRun'
>;

/** How the store schedules its work and where it keeps the player's name. */
export interface AppStoreOptions {
  /**
   * Schedules a flush of queued events. Default: the next animation frame, or
   * 250 ms if frames are not being painted (background tab), whichever comes first.
   */
  scheduleFlush?: (flush: () => void) => () => void;
  /** Re-check an unreachable Docker engine this often, ms (0 = never). Default 5000. */
  engineRecheckMs?: number;
  /** Where the player's name is kept. Default: the page's localStorage (null: nowhere). */
  playerStorage?: PlayerStorage | null;
}

import { z } from 'zod';
import type { AttemptSummary, Debrief, ExportFormat } from './debrief-types';
import type { DryRun } from './dry-run-types';
import type { GroupDebrief } from './group-debrief-types';
import type {
  BoardRow,
  GameDay,
  Principal,
  RoomAddress,
  TraineeDrill,
  TraineeLink,
} from './game-day-types';
import type { AddEngineInput, PoolEngine } from './engine-pool-types';
import type { EngineStatus, LabSummary, RunSnapshot } from './lab-types';
import { PLAYER_MAX_LENGTH, PLAYER_PRINTABLE } from './player-name';
import type { RunEvent } from './run-events';
import {
  actionSchema,
  labSettingsSchema,
  type Action,
  paceSchema,
  type LabSettingsInput,
  type Pace,
  type Scenario,
  type ScenarioCheck,
  type ScenarioProblem,
  type ScenarioSummary,
} from './scenario-schema';
import type {
  DeleteScenarioResult,
  ImportScenarioResult,
  SaveScenarioResult,
  ScenarioSourceText,
} from './scenario-library-types';

/**
 * The engine's API: the one service that both hosts (Electron IPC and the
 * WebSocket server) expose and the renderer consumes through EngineClient.
 *
 * Each method takes at most one argument object, validated at the host
 * boundary by `engineArgSchemas` before it reaches the engine. There is no
 * generic invoke: a host exposes exactly these methods.
 */
export interface EngineApi {
  /** Whether a Docker engine answers, where we looked, and how to start one if not. */
  getEngineStatus(): Promise<EngineStatus>;
  /** The labs the catalog offers. */
  listLabs(): Promise<LabSummary[]>;
  /**
   * Starts a lab: builds missing images, creates its network and containers,
   * waits for readiness, then samples probes. Resolves as soon as the run
   * exists (with its id); progress arrives as run events.
   */
  startLab(args: {
    labId: string;
    /** The pool engine to run it on (see listEngines); default this machine's. */
    engineId?: string;
  }): Promise<{ runId: string }>;
  /** Stops a run and removes every container and network it created. Resolves when all are gone. */
  stopLab(args: { runId: string }): Promise<void>;
  /** Snapshot of one run (bounded recent samples), or null if the id is unknown. */
  getRun(args: { runId: string }): Promise<RunSnapshot | null>;
  /** Snapshots of the runs this engine holds (active and recently ended), newest first. */
  listRuns(): Promise<RunSnapshot[]>;

  // --- scenarios ---
  /** The scenario catalog, and the files that could not be loaded (file, line, field, why). */
  listScenarios(): Promise<{ scenarios: ScenarioSummary[]; problems: ScenarioProblem[] }>;
  /** A whole scenario (teaching card, reference response) — for the debrief. */
  getScenario(args: { scenarioId: string }): Promise<Scenario | null>;
  /**
   * Checks a scenario's YAML text as the catalog would load it (syntax,
   * schema, cross-checks), saving nothing: the file it would be, every
   * problem with its line and field, and its card when valid.
   */
  checkScenario(args: { text: string }): Promise<ScenarioCheck>;
  /**
   * A scenario's own file, for the studio's editor: its text verbatim, where
   * it comes from (a shipped one is read-only: "copy to edit"), and its
   * response files. Read as the catalog reads (regular files only, bounded).
   * Null when no scenario of the catalog has this id.
   */
  getScenarioSource(args: { scenarioId: string }): Promise<ScenarioSourceText | null>;
  /**
   * Saves a scenario's YAML text to the library as `<library>/<system>/<id>.yaml`
   * (temp file and rename, 0644; the folder made when missing). The text must
   * pass checkScenario; a shipped id is refused (copy it under a new id), an
   * id already in the library too unless `replace`. Nothing is written when
   * problems are returned.
   */
  saveScenario(args: { text: string; replace?: boolean }): Promise<SaveScenarioResult>;
  /**
   * Deletes a library scenario: its file and the response files whose
   * `scenario:` field names it (files matched by name only are kept).
   * Rejects (nothing deleted) for a shipped scenario or an unknown id.
   */
  deleteScenario(args: { scenarioId: string }): Promise<DeleteScenarioResult>;
  /**
   * A scenario (shipped or library) and its response files as one JSON file
   * (`<id>.dojo-scenario.json`, format `failover-dojo.scenario-bundle`),
   * texts verbatim: what a colleague imports.
   */
  exportScenario(args: { scenarioId: string }): Promise<{ filename: string; content: string }>;
  /**
   * Imports a bundle made by exportScenario into the library: checked whole
   * (at most 1 MiB, 50 responses, the scenario text as saveScenario checks
   * it) before anything is written. A shipped id is refused, a library one
   * too unless `replace`; a response that would overwrite another scenario's
   * file is refused.
   */
  importScenario(args: { content: string; replace?: boolean }): Promise<ImportScenarioResult>;
  /**
   * Starts a dry run of a catalog scenario: its self-test (the reference must
   * pass, doing nothing must fail, each wrong response beside it must fail for
   * the checks its header names) played headless on the real engine by the
   * runner's own code (`npm run scenario -- selftest`), two runs at a time.
   * Resolves at once; progress is read with getDryRun. One dry run per
   * scenario at a time. `pace` defaults to `fast`.
   */
  startDryRun(args: { scenarioId: string; pace?: Pace }): Promise<{ dryRunId: string }>;
  /** A dry run's progress and verdicts, or null for an unknown id. */
  getDryRun(args: { dryRunId: string }): Promise<DryRun | null>;
  /**
   * Starts a scenario: its lab (with the scenario's settings plus the trainee's
   * allowed overrides), the workload, and the fault schedule. Resolves with the
   * run id at once; the run ends by the `end` action or the time limit.
   */
  startScenario(args: {
    scenarioId: string;
    /** Seed for random fault timing; random when absent. */
    seed?: number;
    /** Overrides of the scenario's `traineeSettings` only. */
    settings?: LabSettingsInput;
    /** `human` (default: what a person plays) or `fast` (the self-test's short waits). */
    pace?: Pace;
    /** Who plays (kept with the attempt; 1-40 characters). */
    player?: string;
    /** The pool engine to run the lab on (see listEngines); default this machine's. */
    engineId?: string;
  }): Promise<{ runId: string }>;
  /**
   * Performs a palette action (fence, heal, console command, end...) in a
   * scenario run; in a plain lab run, the node moves only (free exploration,
   * recorded in the run's history, nothing graded).
   */
  act(args: { runId: string; action: Action }): Promise<{ ok: boolean; detail: string }>;
  /** Shows the scenario's next hint not yet shown (recorded as asked for). */
  requestHint(args: { runId: string }): Promise<{ ok: boolean; detail: string }>;
  /**
   * A file the run saved (keys or rows exported by `export-keys`), by its
   * name as the `exported-keys` event gives it, for download. Only files in
   * that run's own artifacts folder.
   */
  getArtifact(args: {
    runId: string;
    name: string;
  }): Promise<{ filename: string; content: string; mediaType: string }>;
  /** The debrief of an ended scenario run or of a stored attempt (same id), or null. */
  getDebrief(args: { runId: string }): Promise<Debrief | null>;
  /** Stored attempts, newest first (they survive restarts). */
  listAttempts(): Promise<AttemptSummary[]>;
  /** The debrief as a file: Markdown, HTML or JSON. */
  exportDebrief(args: {
    runId: string;
    format: ExportFormat;
  }): Promise<{ filename: string; content: string }>;

  // --- consoles and logs ---
  /** Opens an interactive shell (docker exec TTY) in a node; output arrives as `console` events. */
  openConsole(args: {
    runId: string;
    node: string;
    cols: number;
    rows: number;
  }): Promise<{ consoleId: string }>;
  /** Keystrokes for a console (UTF-8 text as typed; a line is recorded when Enter is sent). */
  consoleInput(args: { consoleId: string; data: string }): Promise<void>;
  resizeConsole(args: { consoleId: string; cols: number; rows: number }): Promise<void>;
  closeConsole(args: { consoleId: string }): Promise<void>;
  /** The last `tail` lines of a node's log (stdout+stderr). */
  getLogs(args: { runId: string; node: string; tail: number }): Promise<string[]>;

  // --- notes, and who is calling ---
  /** A note of the trainee on their run's timeline (what they see, why they act). */
  addNote(args: { runId: string; text: string }): Promise<void>;
  /** Who this connection acts as: the facilitator, or one trainee of a game day. */
  whoAmI(): Promise<Principal>;
  /** A trainee's own drill (briefing, run id once started); a facilitator has none. */
  getMyDrill(): Promise<TraineeDrill>;

  // --- game days (facilitator only) ---
  /** Creates a game day; the trainees' links (tokens) are returned this once and never again. */
  createGameDay(args: {
    name: string;
    mode: 'blind' | 'open';
    timing: 'window' | 'trigger';
    scenarioIds: string[];
    trainees: string[];
    seed?: number;
  }): Promise<{ gameDay: GameDay; links: TraineeLink[] }>;
  /** Stored game days, newest first (they survive restarts). */
  listGameDays(): Promise<GameDay[]>;
  /** Starts a run for every trainee still waiting. */
  startGameDay(args: { gameDayId: string }): Promise<GameDay>;
  /** Fires a held (or extra) fault in one trainee's run, or in every running run. */
  triggerGameDayFault(args: {
    gameDayId: string;
    traineeId?: string;
    faultId?: string;
  }): Promise<{ traineeId: string; ok: boolean; detail: string }[]>;
  /** Sends a hint to one trainee (shown at once, kept on their timeline). */
  sendHint(args: { gameDayId: string; traineeId: string; text: string }): Promise<void>;
  /** The facilitator's note on a trainee's run. */
  annotateRun(args: { gameDayId: string; traineeId: string; text: string }): Promise<void>;
  /** Every trainee's run at a glance. */
  getGameDayBoard(args: { gameDayId: string }): Promise<BoardRow[]>;
  /** All attempts of the game day side by side, lined up on the fault, with the cards revealed. */
  getGroupDebrief(args: { gameDayId: string }): Promise<GroupDebrief>;
  /** The group debrief as one Markdown or HTML report. */
  exportGroupDebrief(args: {
    gameDayId: string;
    format: 'md' | 'html';
  }): Promise<{ filename: string; content: string }>;
  /**
   * Where trainees join: the origin their links start with. The served UI
   * answers its own address; the Electron app starts its room server on the
   * first call. Null when this host cannot serve trainees (headless).
   */
  openRoom(): Promise<RoomAddress | null>;

  // --- the engine pool (facilitator only) ---
  /** The engines labs run on, each looked at (capacity, labs, images, round trip) within 2 s. */
  listEngines(): Promise<PoolEngine[]>;
  /** Adds an engine (`ssh://user@host`, `tcp://host:2376` with TLS, a docker context); it must answer. */
  addEngine(args: AddEngineInput): Promise<PoolEngine>;
  /** Removes an added engine with no lab of this app on it. */
  removeEngine(args: { engineId: string }): Promise<void>;
  /**
   * Builds, or copies from another engine of the pool, every lab image missing on the
   * engine (of the labs `labIds`, default every lab, and the workload client); progress arrives as `engines` events (the engine's `preparing`).
   */
  prepareEngine(args: { engineId: string; labIds?: string[] }): Promise<{ images: number }>;
}

/** The name of an EngineApi method; ENGINE_METHODS (engine-methods.ts) lists them all. */
export type EngineMethod = keyof EngineApi;

const runIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{4,64}$/, 'run id: lowercase letters, digits, dashes');
const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'id: lowercase letters, digits, dashes');
const nodeSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'node name');
const consoleIdSchema = z.string().regex(/^c[a-z0-9-]{3,40}$/, 'console id');
const dimension = z.number().int().min(2).max(1000);
/** A player's name: printable, no control characters, trimmed, 1-40 characters (see player-name.ts). */
export const playerSchema = z
  .string()
  .max(PLAYER_MAX_LENGTH)
  .regex(PLAYER_PRINTABLE, 'no control characters')
  .refine(
    (s) => s.trim().length > 0 && s.trim() === s,
    'a name, without leading or trailing spaces',
  );
/** A note or hint: 1-1000 characters, printable (newlines allowed). */
const noteSchema = z
  .string()
  .max(1000)
  .refine(
    (s) => [...s].every((ch) => ch === '\n' || (ch >= ' ' && ch !== '\u007f')),
    'no control characters',
  )
  .refine((s) => s.trim().length > 0, 'some text');
const engineIdSchema = z.string().regex(/^(local|e\d{1,4})$/, 'engine id');
const gameDayIdSchema = z.string().regex(/^g[0-9a-f]{16}$/, 'game day id');
const traineeIdSchema = z.string().regex(/^t\d{1,2}$/, 'trainee id');
/** A file name in a run's artifacts folder (no path). */
const artifactNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'file name');

/**
 * The typed channel map: one schema per method for its single argument
 * (`z.undefined()` for none). Hosts reject calls whose method is not a key
 * here or whose argument does not parse.
 */
export const engineArgSchemas = {
  getEngineStatus: z.undefined(),
  listLabs: z.undefined(),
  startLab: z
    .object({
      labId: z.string().regex(/^[a-z0-9-]{1,64}$/),
      engineId: z
        .string()
        .regex(/^(local|e\d{1,4})$/, 'engine id')
        .optional(),
    })
    .strict(),
  stopLab: z.object({ runId: runIdSchema }).strict(),
  getRun: z.object({ runId: runIdSchema }).strict(),
  listRuns: z.undefined(),
  listScenarios: z.undefined(),
  getScenario: z.object({ scenarioId: idSchema }).strict(),
  // The engine answers an over-long text with a problem of its own; this bounds the message.
  checkScenario: z.object({ text: z.string().max(1024 * 1024) }).strict(),
  getScenarioSource: z.object({ scenarioId: idSchema }).strict(),
  saveScenario: z
    .object({ text: z.string().max(1024 * 1024), replace: z.boolean().optional() })
    .strict(),
  deleteScenario: z.object({ scenarioId: idSchema }).strict(),
  exportScenario: z.object({ scenarioId: idSchema }).strict(),
  // The engine answers a bundle over SCENARIO_BUNDLE_MAX_CHARS with a problem; this bounds the message.
  importScenario: z
    .object({ content: z.string().max(4 * 1024 * 1024), replace: z.boolean().optional() })
    .strict(),
  startDryRun: z.object({ scenarioId: idSchema, pace: paceSchema.optional() }).strict(),
  getDryRun: z.object({ dryRunId: z.string().regex(/^dry-[0-9a-f]{12}$/) }).strict(),
  startScenario: z
    .object({
      scenarioId: idSchema,
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .optional(),
      settings: labSettingsSchema.optional(),
      pace: paceSchema.optional(),
      player: playerSchema.optional(),
      engineId: engineIdSchema.optional(),
    })
    .strict(),
  act: z.object({ runId: runIdSchema, action: actionSchema }).strict(),
  requestHint: z.object({ runId: runIdSchema }).strict(),
  getArtifact: z.object({ runId: runIdSchema, name: artifactNameSchema }).strict(),
  getDebrief: z.object({ runId: runIdSchema }).strict(),
  listAttempts: z.undefined(),
  exportDebrief: z.object({ runId: runIdSchema, format: z.enum(['md', 'html', 'json']) }).strict(),
  openConsole: z
    .object({ runId: runIdSchema, node: nodeSchema, cols: dimension, rows: dimension })
    .strict(),
  consoleInput: z.object({ consoleId: consoleIdSchema, data: z.string().max(16_384) }).strict(),
  resizeConsole: z
    .object({ consoleId: consoleIdSchema, cols: dimension, rows: dimension })
    .strict(),
  closeConsole: z.object({ consoleId: consoleIdSchema }).strict(),
  getLogs: z
    .object({ runId: runIdSchema, node: nodeSchema, tail: z.number().int().min(1).max(5000) })
    .strict(),
  addNote: z.object({ runId: runIdSchema, text: noteSchema }).strict(),
  whoAmI: z.undefined(),
  getMyDrill: z.undefined(),
  createGameDay: z
    .object({
      name: z.string().min(1).max(80).regex(PLAYER_PRINTABLE, 'no control characters'),
      mode: z.enum(['blind', 'open']),
      timing: z.enum(['window', 'trigger']),
      scenarioIds: z.array(idSchema).min(1).max(20),
      trainees: z.array(playerSchema).min(1).max(12),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .optional(),
    })
    .strict(),
  listGameDays: z.undefined(),
  startGameDay: z.object({ gameDayId: gameDayIdSchema }).strict(),
  triggerGameDayFault: z
    .object({
      gameDayId: gameDayIdSchema,
      traineeId: traineeIdSchema.optional(),
      faultId: idSchema.optional(),
    })
    .strict(),
  sendHint: z
    .object({ gameDayId: gameDayIdSchema, traineeId: traineeIdSchema, text: noteSchema })
    .strict(),
  annotateRun: z
    .object({ gameDayId: gameDayIdSchema, traineeId: traineeIdSchema, text: noteSchema })
    .strict(),
  getGameDayBoard: z.object({ gameDayId: gameDayIdSchema }).strict(),
  getGroupDebrief: z.object({ gameDayId: gameDayIdSchema }).strict(),
  exportGroupDebrief: z
    .object({ gameDayId: gameDayIdSchema, format: z.enum(['md', 'html']) })
    .strict(),
  openRoom: z.undefined(),
  listEngines: z.undefined(),
  addEngine: z
    .object({
      address: z
        .string()
        .min(1)
        .max(300)
        .regex(/^[^\s\p{Cc}]+$/u, 'an address without spaces'),
      name: z.string().max(40).regex(PLAYER_PRINTABLE, 'no control characters').optional(),
      tlsDir: z.string().max(1000).regex(PLAYER_PRINTABLE, 'no control characters').optional(),
    })
    .strict(),
  removeEngine: z.object({ engineId: engineIdSchema }).strict(),
  prepareEngine: z
    .object({ engineId: engineIdSchema, labIds: z.array(idSchema).min(1).max(20).optional() })
    .strict(),
} as const satisfies EngineArgSchemas;

/**
 * What `engineArgSchemas` must be: one key per EngineApi method, no other
 * (`satisfies` refuses an extra key in the literal), each parsing to what its
 * method takes (`undefined` for a method without an argument).
 */
type EngineArgSchemas = {
  [M in EngineMethod]: z.ZodType<Parameters<EngineApi[M]>[0]>;
};

/** Events the engine pushes to every connected client. */
export type EngineEvent =
  | { type: 'run'; event: RunEvent }
  /** Output of an open console (terminal bytes as UTF-8 text). */
  | { type: 'console'; consoleId: string; data: string }
  /** A console's shell ended (exit code, or -1 when the node went away). */
  | { type: 'console-exit'; consoleId: string; code: number }
  /** The engine pool changed: an engine added, removed, looked at, or preparing images. */
  | { type: 'engines'; engines: PoolEngine[] };

/** What the renderer talks to: the API plus a subscription to pushed events. */
export interface EngineClient extends EngineApi {
  /** Subscribes to engine events; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

export { ipcChannel, IPC_EVENT_CHANNEL } from './ipc-channels';

/** WebSocket wire format (JSON text frames). */
export type WsClientMessage = { id: number; method: EngineMethod; args?: unknown };
export type WsServerMessage =
  | { id: number; ok: true; result: unknown }
  /** `status: 403`: the caller may not make this call (a trainee's token reaching past their run). */
  | { id: number; ok: false; error: string; status?: 403 }
  | { event: EngineEvent };

import type { AttemptSummary, Debrief, ExportFormat } from '../../../shared/debrief-types';
import type { EngineEvent } from '../../../shared/engine-contract';
import type { EngineStatus, LabSummary } from '../../../shared/lab-types';
import type { RunEvent } from '../../../shared/run-events';
import type {
  Action,
  LabSettingsInput,
  Scenario,
  ScenarioProblem,
  ScenarioSummary,
} from '../../../shared/scenario-schema';
import type { ConnectionState, DojoClient } from '../client/types';
import { createConsoleRouter, type ConsoleHandlers } from './console-router';
import { applyRunEvent, emptyRunState, isActive, mergeSnapshot, type RunState } from './run-state';
import {
  browserStorage,
  readSavedPlayer,
  writeSavedPlayer,
  type PlayerStorage,
} from './saved-player';
import { emptyScenarioLive } from './scenario-state';

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
}

/** Options of a scenario start chosen on the catalog card. */
export interface ScenarioStartOptions {
  /** The trainee's overrides (numbers, and booleans such as synchronousMode). */
  settings?: LabSettingsInput;
  seed?: number;
  /** Who plays (kept with the attempt); a valid name (see shared/player-name.ts). */
  player?: string;
}

export interface AppStore {
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
}

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

export function defaultScheduleFlush(flush: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    flush();
  };
  const timer = setTimeout(run, 250);
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : null;
  function cancel() {
    clearTimeout(timer);
    if (raf !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(raf);
  }
  return () => {
    done = true;
    cancel();
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

export function createAppStore(client: DojoClient, options: AppStoreOptions = {}): AppStore {
  const scheduleFlush = options.scheduleFlush ?? defaultScheduleFlush;
  const recheckMs = options.engineRecheckMs ?? 5000;
  const playerStorage =
    options.playerStorage === undefined ? browserStorage() : options.playerStorage;

  let state: AppState = {
    connection: client.connection.get(),
    engineStatus: null,
    engineChecking: false,
    labs: null,
    runs: {},
    runsLoaded: false,
    missingRuns: {},
    starting: {},
    startErrors: {},
    stopping: {},
    stopErrors: {},
    scenarios: null,
    scenarioProblems: [],
    scenarioDetails: {},
    startingScenarios: {},
    scenarioStartErrors: {},
    attempts: null,
    debriefs: {},
    debriefErrors: {},
    player: readSavedPlayer(playerStorage),
  };
  const listeners = new Set<() => void>();
  let queue: RunEvent[] = [];
  let cancelScheduled: (() => void) | null = null;
  const inflightRuns = new Map<string, Promise<void>>();
  let recheckTimer: ReturnType<typeof setTimeout> | null = null;
  let started = false;
  let disposed = false;
  const cleanups: (() => void)[] = [];
  const consoles = createConsoleRouter();
  const inflightScenarios = new Map<string, Promise<void>>();
  const inflightDebriefs = new Map<string, Promise<Debrief | null>>();

  function set(patch: Partial<AppState> | ((s: AppState) => Partial<AppState>)): void {
    if (disposed) return;
    const p = typeof patch === 'function' ? patch(state) : patch;
    state = { ...state, ...p };
    for (const l of [...listeners]) l();
  }

  function onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'run':
        queue.push(event.event);
        if (!cancelScheduled) cancelScheduled = scheduleFlush(flush);
        return;
      case 'console':
        // Terminal output goes straight to its terminal (xterm batches its own rendering).
        consoles.data(event.consoleId, event.data);
        return;
      case 'console-exit':
        consoles.exit(event.consoleId, event.code);
        return;
    }
  }

  function flush(): void {
    cancelScheduled?.();
    cancelScheduled = null;
    if (queue.length === 0 || disposed) return;
    const events = queue;
    queue = [];
    const runs: Record<string, RunState> = { ...state.runs };
    const refetch = new Set<string>();
    let graded = false;
    for (const ev of events) {
      if (ev.kind === 'grade') graded = true;
      const current = runs[ev.runId];
      if (!current) {
        // A run this UI has not seen (started elsewhere, or the event overtook startLab's answer).
        runs[ev.runId] = applyRunEvent(emptyRunState(ev.runId, '', ev.t), ev);
        refetch.add(ev.runId);
        continue;
      }
      if (current.lastSeq > 0 && ev.seq > current.lastSeq + 1) refetch.add(ev.runId); // missed events
      const next = applyRunEvent(current, ev);
      if (ev.kind === 'phase' && ev.phase === 'running' && current.phase !== 'running')
        refetch.add(ev.runId); // authoritative readyAfterMs
      runs[ev.runId] = next;
    }
    set({ runs });
    for (const runId of refetch) void refreshRun(runId);
    if (graded) void loadAttempts();
  }

  async function loadScenarios(): Promise<void> {
    try {
      const { scenarios, problems } = await client.listScenarios();
      set({ scenarios, scenarioProblems: problems, scenariosError: undefined });
    } catch (err) {
      set({ scenariosError: errorText(err) });
    }
  }

  function loadScenario(scenarioId: string): Promise<void> {
    if (scenarioId in state.scenarioDetails) return Promise.resolve();
    const inflight = inflightScenarios.get(scenarioId);
    if (inflight) return inflight;
    const p = (async () => {
      try {
        const scenario = await client.getScenario({ scenarioId });
        set((s) => ({ scenarioDetails: { ...s.scenarioDetails, [scenarioId]: scenario } }));
      } catch {
        // Not cached: the next view asks again.
      } finally {
        inflightScenarios.delete(scenarioId);
      }
    })();
    inflightScenarios.set(scenarioId, p);
    return p;
  }

  async function loadAttempts(): Promise<void> {
    try {
      const attempts = await client.listAttempts();
      set({
        attempts: [...attempts].sort((a, b) => b.startedAt - a.startedAt),
        attemptsError: undefined,
      });
    } catch (err) {
      set({ attemptsError: errorText(err) });
    }
  }

  function loadDebrief(runId: string): Promise<Debrief | null> {
    const inflight = inflightDebriefs.get(runId);
    if (inflight) return inflight;
    const p = (async () => {
      try {
        const debrief = await client.getDebrief({ runId });
        set((s) => ({
          debriefs: { ...s.debriefs, [runId]: debrief },
          debriefErrors: without(s.debriefErrors, runId),
        }));
        return debrief;
      } catch (err) {
        set((s) => ({ debriefErrors: { ...s.debriefErrors, [runId]: errorText(err) } }));
        return null;
      } finally {
        inflightDebriefs.delete(runId);
      }
    })();
    inflightDebriefs.set(runId, p);
    return p;
  }

  async function loadEngineStatus(): Promise<void> {
    set({ engineChecking: true });
    try {
      const status = await client.getEngineStatus();
      set((s) => {
        const next: Partial<AppState> = { engineStatus: status, engineChecking: false };
        if (s.engineStatusError !== undefined) next.engineStatusError = undefined;
        return next;
      });
    } catch (err) {
      set({ engineChecking: false, engineStatusError: errorText(err) });
    }
    scheduleRecheck();
  }

  function scheduleRecheck(): void {
    if (recheckTimer) clearTimeout(recheckTimer);
    recheckTimer = null;
    if (disposed || recheckMs <= 0 || state.engineStatus?.reachable) return;
    recheckTimer = setTimeout(() => {
      recheckTimer = null;
      if (state.connection === 'open') void loadEngineStatus();
    }, recheckMs);
  }

  async function loadLabs(): Promise<void> {
    try {
      const labs = await client.listLabs();
      set({ labs, labsError: undefined });
    } catch (err) {
      set({ labsError: errorText(err) });
    }
  }

  async function loadRuns(): Promise<void> {
    // Runs known before the call: an active one the engine no longer lists is gone
    // (engine restarted). Runs added while the call is in flight are not judged.
    const knownBefore = new Set(Object.keys(state.runs));
    try {
      const snaps = await client.listRuns();
      set((s) => {
        const runs: Record<string, RunState> = { ...s.runs };
        const missingRuns: Record<string, true> = { ...s.missingRuns };
        const listed = new Set<string>();
        for (const snap of snaps) {
          runs[snap.runId] = mergeSnapshot(runs[snap.runId], snap);
          listed.add(snap.runId);
          delete missingRuns[snap.runId];
        }
        for (const id of knownBefore) {
          const run = runs[id];
          if (run && !listed.has(id) && isActive(run.phase)) missingRuns[id] = true;
        }
        return { runs, missingRuns, runsLoaded: true };
      });
    } catch {
      set({ runsLoaded: true });
    }
  }

  function refreshRun(runId: string): Promise<void> {
    const inflight = inflightRuns.get(runId);
    if (inflight) return inflight;
    const p = (async () => {
      try {
        const snap = await client.getRun({ runId });
        if (!snap) {
          set((s) => ({ missingRuns: { ...s.missingRuns, [runId]: true } }));
          return;
        }
        set((s) => ({
          runs: { ...s.runs, [runId]: mergeSnapshot(s.runs[runId], snap) },
          missingRuns: without(s.missingRuns, runId),
        }));
      } catch {
        // The link dropped or the host failed; the next reconnect refreshes again.
      } finally {
        inflightRuns.delete(runId);
      }
    })();
    inflightRuns.set(runId, p);
    return p;
  }

  function onConnection(connection: ConnectionState): void {
    set({ connection });
    if (connection !== 'open') return;
    // (Re)load everything; events missed while closed are covered by the snapshots.
    flush();
    set((s) => {
      const runs: Record<string, RunState> = {};
      for (const [id, run] of Object.entries(s.runs))
        runs[id] = run.lastSeq === 0 ? run : { ...run, lastSeq: 0 };
      return { runs };
    });
    void loadEngineStatus();
    void loadLabs();
    void loadRuns();
    void loadScenarios();
    void loadAttempts();
    for (const [runId, run] of Object.entries(state.runs)) {
      if (isActive(run.phase) || !run.hasSnapshot) void refreshRun(runId);
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (started || disposed) return;
      started = true;
      cleanups.push(client.onEvent(onEngineEvent));
      cleanups.push(client.connection.subscribe(onConnection));
      if (client.connection.get() === 'open') onConnection('open');
    },
    recheckEngine: loadEngineStatus,
    async startLab(labId) {
      if (state.starting[labId]) return null;
      set((s) => ({
        starting: { ...s.starting, [labId]: true },
        startErrors: without(s.startErrors, labId),
      }));
      try {
        const { runId } = await client.startLab({ labId });
        set((s) => {
          const existing = s.runs[runId];
          const run = existing
            ? { ...existing, labId: existing.labId || labId }
            : emptyRunState(runId, labId);
          return { runs: { ...s.runs, [runId]: run }, starting: without(s.starting, labId) };
        });
        void refreshRun(runId);
        return runId;
      } catch (err) {
        set((s) => ({
          starting: without(s.starting, labId),
          startErrors: { ...s.startErrors, [labId]: errorText(err) },
        }));
        return null;
      }
    },
    async stopLab(runId) {
      if (state.stopping[runId]) return;
      set((s) => ({
        stopping: { ...s.stopping, [runId]: true },
        stopErrors: without(s.stopErrors, runId),
      }));
      try {
        await client.stopLab({ runId });
        set((s) => ({ stopping: without(s.stopping, runId) }));
      } catch (err) {
        set((s) => ({
          stopping: without(s.stopping, runId),
          stopErrors: { ...s.stopErrors, [runId]: errorText(err) },
        }));
      }
      flush();
      await refreshRun(runId);
    },
    refreshRun,
    flush,
    dispose() {
      if (disposed) return;
      cancelScheduled?.();
      cancelScheduled = null;
      if (recheckTimer) clearTimeout(recheckTimer);
      for (const c of cleanups) c();
      consoles.clear();
      disposed = true;
      listeners.clear();
    },

    loadScenarios,
    loadScenario,
    async startScenario(scenarioId, options = {}) {
      if (state.startingScenarios[scenarioId]) return null;
      set((s) => ({
        startingScenarios: { ...s.startingScenarios, [scenarioId]: true },
        scenarioStartErrors: without(s.scenarioStartErrors, scenarioId),
      }));
      try {
        const args: Parameters<DojoClient['startScenario']>[0] = { scenarioId };
        if (options.settings && Object.keys(options.settings).length > 0)
          args.settings = options.settings;
        if (options.seed !== undefined) args.seed = options.seed;
        if (options.player !== undefined) args.player = options.player;
        const { runId } = await client.startScenario(args);
        set((s) => {
          const existing = s.runs[runId];
          const run: RunState = existing
            ? { ...existing, scenario: existing.scenario ?? emptyScenarioLive(scenarioId) }
            : emptyRunState(runId, '', Date.now(), scenarioId);
          return {
            runs: { ...s.runs, [runId]: run },
            startingScenarios: without(s.startingScenarios, scenarioId),
          };
        });
        void refreshRun(runId);
        void loadScenario(scenarioId);
        return runId;
      } catch (err) {
        set((s) => ({
          startingScenarios: without(s.startingScenarios, scenarioId),
          scenarioStartErrors: { ...s.scenarioStartErrors, [scenarioId]: errorText(err) },
        }));
        return null;
      }
    },
    async act(runId, action) {
      try {
        return await client.act({ runId, action });
      } catch (err) {
        return { ok: false, detail: errorText(err) };
      }
    },
    async requestHint(runId) {
      try {
        return await client.requestHint({ runId });
      } catch (err) {
        return { ok: false, detail: errorText(err) };
      }
    },
    loadAttempts,
    loadDebrief,
    exportDebrief: (runId, format) => client.exportDebrief({ runId, format }),
    getArtifact: (runId, name) => client.getArtifact({ runId, name }),
    setPlayer(name) {
      writeSavedPlayer(playerStorage, name);
      set({ player: name });
    },

    async openConsole(runId, node, cols, rows) {
      const { consoleId } = await client.openConsole({ runId, node, cols, rows });
      return consoleId;
    },
    consoleInput: (consoleId, data) => client.consoleInput({ consoleId, data }),
    resizeConsole: (consoleId, cols, rows) => client.resizeConsole({ consoleId, cols, rows }),
    closeConsole: (consoleId) => client.closeConsole({ consoleId }),
    onConsole: (consoleId, handlers) => consoles.subscribe(consoleId, handlers),
    getLogs: (runId, node, tail) => client.getLogs({ runId, node, tail }),
  };
}

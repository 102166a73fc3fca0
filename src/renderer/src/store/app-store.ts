import type { EngineEvent } from '../../../shared/engine-contract';
import type { ConnectionState, DojoClient } from '../client/types';
import type { AppState, AppStore, AppStoreOptions } from './app-store-types';
import { createConsoleRouter } from './console-router';
import { createEngineSlice } from './engine-slice';
import { createRunSlice } from './run-slice';
import { browserStorage, readSavedPlayer, writeSavedPlayer } from './saved-player';
import { createGameDaySlice } from './gameday-slice';
import { createScenarioSlice } from './scenario-slice';
import type { StatePatch, StoreContext } from './store-context';

export type { AppState, AppStore, AppStoreOptions, ScenarioStartOptions } from './app-store-types';

/**
 * The default flush schedule: the next animation frame, or 250 ms if frames
 * are not being painted (background tab), whichever comes first. Returns the cancel.
 */
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

/**
 * The renderer's store over the engine's client: one state object the views
 * read (replaced on every change), loaded when the link opens and again after
 * each reconnect, with run events applied in batches. The work is done by its
 * slices: the engine (engine-slice), the runs (run-slice), the scenarios,
 * attempts and debriefs (scenario-slice); console output is routed to the
 * terminals (console-router), never stored.
 */
export function createAppStore(client: DojoClient, options: AppStoreOptions = {}): AppStore {
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
    principal: null,
    drill: null,
    gameDays: null,
    boards: {},
    engines: null,
  };
  const listeners = new Set<() => void>();
  let started = false;
  let disposed = false;
  const cleanups: (() => void)[] = [];
  const consoles = createConsoleRouter();

  function set(patch: StatePatch): void {
    if (disposed) return;
    const p = typeof patch === 'function' ? patch(state) : patch;
    state = { ...state, ...p };
    for (const l of [...listeners]) l();
  }

  const ctx: StoreContext = { client, getState: () => state, set, isDisposed: () => disposed };
  const engine = createEngineSlice(ctx, options.engineRecheckMs ?? 5000);
  const runs = createRunSlice(ctx, {
    scheduleFlush: options.scheduleFlush ?? defaultScheduleFlush,
    // A trainee's link may not list the attempts (the game day's gateway refuses it).
    onAttemptsStale: () => {
      if (state.principal?.role !== 'trainee') void scenarios.loadAttempts();
    },
  });
  const scenarios = createScenarioSlice(ctx, { refreshRun: runs.refreshRun });
  const gameDays = createGameDaySlice(ctx, { refreshRun: runs.refreshRun });

  function onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'run':
        runs.push(event.event);
        return;
      case 'console':
        // Terminal output goes straight to its terminal (xterm batches its own rendering).
        consoles.data(event.consoleId, event.data);
        return;
      case 'console-exit':
        consoles.exit(event.consoleId, event.code);
        return;
      case 'engines':
        set({ engines: event.engines });
        return;
    }
  }

  function onConnection(connection: ConnectionState): void {
    set({ connection });
    if (connection !== 'open') return;
    // (Re)load everything; events missed while closed are covered by the snapshots.
    runs.flush();
    runs.forgetSeqs();
    void engine.recheckEngine();
    void gameDays.loadPrincipal().then((role) => {
      // A trainee's link serves their own drill only: no catalogs, no other runs.
      if (role === 'trainee') return;
      void engine.loadLabs();
      void runs.loadRuns();
      void scenarios.loadScenarios();
      void scenarios.loadAttempts();
    });
    // Only runs this client already shows (a trainee's own run included).
    runs.refreshStale();
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
    recheckEngine: engine.recheckEngine,
    startLab: runs.startLab,
    stopLab: runs.stopLab,
    refreshRun: runs.refreshRun,
    flush: runs.flush,
    dispose() {
      if (disposed) return;
      runs.cancelFlush();
      engine.dispose();
      for (const c of cleanups) c();
      consoles.clear();
      disposed = true;
      listeners.clear();
    },

    ...scenarios,
    ...gameDays,
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
    studio: client,
  };
}

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { EngineEvent } from '../shared/engine-contract';
import type { EngineStatus, LabSummary, RunSnapshot } from '../shared/lab-types';
import type { Engine, EngineOptions } from './engine-types';
import type { LabDefinition } from './labs/lab-definition';
import { defaultLabCatalog } from './labs/lab-catalog';
import { defaultDataDir, defaultLibraryDir, findLabImagesDir, findScenariosDir } from './paths';
import { EngineUnreachableError, type ContainerRuntime } from './runtime/container-runtime';
import { createDockerRuntime } from './runtime/docker-runtime';
import { reapOrphans } from './runtime/reaper';
import { bringUpGate } from './session/machine-slots';
import { RunHistory } from './session/run-history';
import { DEFAULT_RUN_TIMINGS, RunController } from './session/run-controller';
import { snapshotOf } from './session/run-snapshot';
import { ScenarioRun, artifactsDirFor } from './session/scenario-run';
import { APP_CLOSED, STOPPED_BEFORE_THE_END } from './session/ungraded-attempt';
import { systemFor } from './systems/scenario-systems';
import { scenarioSummary } from './scenarios/scenario-loader';
import { ScenarioCatalog } from './scenarios/scenario-catalog';
import { libraryMethods } from './scenarios/scenario-library';
import { catalogDryRuns } from './scenarios/dry-run';
import { AttemptStore } from './session/attempt-store';
import { exportDebrief } from './debrief/debrief-export';
import { ConsoleManager } from './session/console-manager';
import { plainLabAction } from './session/lab-hands';
import { readArtifact } from './session/artifacts';
import { pacedScenario } from '../shared/scenario-pace';
import type { Scenario } from '../shared/scenario-schema';
import { checkScenarioText } from './scenarios/scenario-check';
import { gameDayMethods } from './gameday/game-day-api';
import { heldFaults } from './gameday/held-faults';
import { settleWithin } from './session/settle-within';
import { EnginePool } from './engines/engine-pool';
import { EnginePoolStore } from './engines/engine-pool-store';
import { endRunsOn, imagesOfLabs, poolMethods } from './engines/pool-methods';

/** Ended runs kept for `listRuns` / `getRun`. */
const ENDED_RUNS_KEPT = 20;

interface RunEntry {
  controller: RunController;
  labId: string;
  /** The pool engine the lab runs on. */
  engineId: string;
  runtime: ContainerRuntime;
  scenario?: ScenarioRun;
  /** Resolves when the run is over (graded and removed, stopped or failed). */
  ended: Promise<void>;
}

function newRunId(): string {
  return `r${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Creates the engine: the Docker runtime, the lab and scenario catalogs, the
 * runs, consoles and the attempt history. At start it reaps, in the
 * background, what crashed earlier runs left behind.
 */
export async function createEngine(
  options: EngineOptions = {},
  runtime?: ContainerRuntime,
): Promise<Engine> {
  const rt = runtime ?? createDockerRuntime();
  const labs: Map<string, LabDefinition> = defaultLabCatalog();
  const labImagesDir = options.labImagesDir ?? findLabImagesDir();
  const scenariosDir = options.scenariosDir ?? findScenariosDir();
  const dataDir = options.dataDir ?? defaultDataDir();
  // Shipped and library scenarios: every lookup by id goes through it.
  const catalog = new ScenarioCatalog({
    shippedDir: scenariosDir,
    libraryDir: options.libraryDir ?? defaultLibraryDir(dataDir),
  });
  const scenarioOf = async (id: string): Promise<Scenario | undefined> =>
    (await catalog.entry(id))?.scenario;
  const attempts = new AttemptStore(dataDir);
  const dryRuns = catalogDryRuns(catalog, () => engine);
  const timings = {
    ...DEFAULT_RUN_TIMINGS,
    probeIntervalMs: options.probeIntervalMs ?? DEFAULT_RUN_TIMINGS.probeIntervalMs,
  };
  const runs = new Map<string, RunEntry>();
  const listeners = new Set<(e: EngineEvent) => void>();

  const emit = (event: EngineEvent): void => {
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        // A failing listener must not break the run or the other listeners.
      }
    }
  };

  const runtimeOf = (runId: string): ContainerRuntime => runs.get(runId)?.runtime ?? rt;
  const consoles = new ConsoleManager(runtimeOf, {
    onOutput: (consoleId, data) => emit({ type: 'console', consoleId, data }),
    onExit: (consoleId, code) => emit({ type: 'console-exit', consoleId, code }),
    onLine: (runId, node, line) => {
      const entry = runs.get(runId);
      if (entry && entry.controller.currentPhase === 'running') {
        entry.controller.history.append({ kind: 'console-line', node, line, source: 'console' });
      }
    },
  });

  const pool = new EnginePool(rt, {
    labImagesDir,
    neededImages: imagesOfLabs(labs),
    localGate: bringUpGate,
    dataPathOverride: options.dataPath ?? process.env.DOJO_DATA_PATH,
    onChange: (engines) => emit({ type: 'engines', engines }),
    store: new EnginePoolStore(path.join(dataDir, 'engines.json')),
    // Its runs end with the reason; each attempt is kept (marked) before its lab goes.
    onLost: (engineId, reason) =>
      endRunsOn(
        [...runs.values()].map((r) => ({
          engineId: r.engineId,
          phase: () => r.controller.currentPhase,
          end: async (why) => {
            await consoles.closeAll(r.controller.runId).catch(() => undefined);
            await (r.scenario ? r.scenario.abort(why) : r.controller.stop());
          },
          note: (message) => r.controller.history.append({ kind: 'error', message }),
        })),
        engineId,
        reason,
      ),
  });

  // Reaping must not delay the UI; a run waits for it before creating anything, dispose() too.
  const reaped: Promise<void> =
    options.reapOnStart === false
      ? Promise.resolve()
      : reapOrphans(rt).then(
          () => undefined,
          () => undefined, // no engine yet: nothing to reap
        );

  const status = async (): Promise<EngineStatus> => {
    try {
      const info = await rt.info();
      return {
        reachable: true,
        endpoint: rt.endpoint,
        version: info.serverVersion,
        apiVersion: info.apiVersion,
        os: info.operatingSystem,
        howToStart: [],
      };
    } catch (error) {
      const howToStart = error instanceof EngineUnreachableError ? error.howToStart : [];
      return {
        reachable: false,
        endpoint: rt.endpoint,
        error: (error as Error).message,
        howToStart,
      };
    }
  };

  const requireEngine = async (): Promise<void> => {
    const s = await status();
    if (!s.reachable) {
      // Its own class: the headless runner exits 2 for it (the run could not get a grade).
      throw new EngineUnreachableError(
        `${s.error ?? 'No Docker engine answers.'} To start one: ${s.howToStart.join(' | ')}`,
        s.endpoint,
        s.howToStart,
      );
    }
    await reaped;
  };

  const pruneEnded = (): void => {
    const ended = [...runs.values()].filter((r) =>
      ['stopped', 'failed'].includes(r.controller.currentPhase),
    );
    for (const r of ended.slice(0, Math.max(0, ended.length - ENDED_RUNS_KEPT)))
      runs.delete(r.controller.runId);
  };

  const snapshot = (entry: RunEntry): RunSnapshot =>
    snapshotOf(
      entry.controller.runId,
      entry.labId,
      entry.controller.history.all(),
      timings.probeHistoryLimit,
    );

  const newRun = (
    lab: LabDefinition,
    extraImages: string[] = [],
    engineId = 'local',
  ): { runId: string; controller: RunController; engineId: string; runtime: ContainerRuntime } => {
    const engineAt = pool.member(engineId);
    const there = pool.summaries().find((e) => e.id === engineId);
    // This machine's engine says itself how to start it (requireEngine).
    if (engineId !== 'local' && there?.state === 'unreachable')
      throw new Error(
        `the engine ${there.name} does not answer: ${there.problem ?? 'no reason given'}`,
      );
    pruneEnded();
    const runId = newRunId();
    const history = new RunHistory(runId, (event) => emit({ type: 'run', event }));
    return {
      runId,
      engineId,
      runtime: engineAt.runtime,
      controller: new RunController(
        engineAt.runtime,
        lab,
        history,
        labImagesDir,
        timings,
        extraImages,
        engineAt.gate,
        engineAt.dataPath,
        pool.imageSourcesFor(engineId),
      ),
    };
  };

  /** Keeps the run and tells the pool which engine it is on until it ends. */
  const keep = (runId: string, entry: RunEntry): void => {
    runs.set(runId, entry);
    pool.track(entry.engineId, runId, entry.ended);
  };

  const entryOf = (runId: string): RunEntry => {
    const entry = runs.get(runId);
    if (!entry) throw new Error(`unknown run "${runId}"`);
    return entry;
  };

  const containerOf = (runId: string, node: string): string => {
    const found = entryOf(runId)
      .controller.runningNodes()
      .find((n) => n.plan.name === node);
    if (found) return found.containerId;
    throw new Error(`run ${runId} has no running node "${node}"`);
  };

  const debriefOf = async (runId: string) =>
    runs.get(runId)?.scenario?.result ?? (await attempts.load(runId));

  const engine: Engine = {
    getEngineStatus: status,

    async listLabs(): Promise<LabSummary[]> {
      return [...labs.values()].map((l) => l.summary);
    },

    async startLab({ labId, engineId: on }): Promise<{ runId: string }> {
      const lab = labs.get(labId);
      if (!lab) throw new Error(`unknown lab "${labId}" (known: ${[...labs.keys()].join(', ')})`);
      if (on === undefined || on === 'local') await requireEngine();
      const { runId, controller, engineId, runtime } = newRun(lab, [], on);
      void controller.start();
      keep(runId, { controller, labId, engineId, runtime, ended: controller.whenOver() });
      return { runId };
    },

    async stopLab({ runId }): Promise<void> {
      const entry = entryOf(runId);
      await consoles.closeAll(runId);
      if (entry.scenario) await entry.scenario.abort(STOPPED_BEFORE_THE_END);
      else await entry.controller.stop();
    },

    async getRun({ runId }): Promise<RunSnapshot | null> {
      const entry = runs.get(runId);
      return entry ? snapshot(entry) : null;
    },

    async listRuns(): Promise<RunSnapshot[]> {
      return [...runs.values()].reverse().map(snapshot);
    },

    async listScenarios() {
      const { entries, problems } = await catalog.load();
      const scenarios = [...entries.values()].map((e) => scenarioSummary(e.scenario, e.source));
      return { scenarios, problems };
    },

    async getScenario({ scenarioId }) {
      return (await scenarioOf(scenarioId)) ?? null;
    },

    async startScenario(args, startOptions) {
      const scenario = await scenarioOf(args.scenarioId);
      if (!scenario) throw new Error(`unknown scenario "${args.scenarioId}"`);
      const system = systemFor(scenario, args.settings);
      if (args.engineId === undefined || args.engineId === 'local') await requireEngine();
      const { runId, controller, engineId, runtime } = newRun(
        system.lab,
        ['client'],
        args.engineId,
      );
      const pace = args.pace ?? 'human';
      const paced = pacedScenario(scenario, pace);
      const run = new ScenarioRun(runtime, controller, {
        scenario: startOptions?.holdFaults ? heldFaults(paced) : paced,
        pace,
        ...(args.player ? { player: args.player } : {}),
        seed: args.seed ?? randomBytes(4).readUInt32BE() % 2 ** 31,
        system,
        ...(startOptions?.response ? { response: startOptions.response } : {}),
        artifactsDir: artifactsDirFor(dataDir, runId),
        onGraded: (debrief) => attempts.save(debrief),
        // Never replaces a graded attempt of the same id (saveUngraded resolves false then).
        onNotGraded: async (attempt) => {
          await attempts.saveUngraded(attempt);
        },
      });
      const ended = run.start().then(() => run.whenOver());
      keep(runId, {
        controller,
        labId: system.lab.summary.id,
        engineId,
        runtime,
        scenario: run,
        ended,
      });
      return { runId };
    },

    async act({ runId, action }) {
      const entry = entryOf(runId);
      if (!entry.scenario)
        return plainLabAction(
          entry.runtime,
          entry.controller,
          action,
          artifactsDirFor(dataDir, runId),
        );
      return entry.scenario.act(action, 'palette');
    },

    async requestHint({ runId }) {
      const entry = entryOf(runId);
      if (!entry.scenario) return { ok: false, detail: 'hints belong to scenario runs' };
      return entry.scenario.requestHint();
    },

    getArtifact: ({ runId, name }) => readArtifact(artifactsDirFor(dataDir, runId), runId, name),

    async getDebrief({ runId }) {
      return (await debriefOf(runId)) ?? null;
    },

    listAttempts: () => attempts.list(),

    async exportDebrief({ runId, format }) {
      const debrief = await debriefOf(runId);
      if (!debrief) throw new Error(`no debrief for run "${runId}" (not graded yet?)`);
      return exportDebrief(debrief, format);
    },

    async openConsole({ runId, node, cols, rows }) {
      const containerId = containerOf(runId, node);
      return { consoleId: await consoles.open({ runId, node, containerId, cols, rows }) };
    },
    async consoleInput({ consoleId, data }) {
      consoles.input(consoleId, data);
    },
    async resizeConsole({ consoleId, cols, rows }) {
      await consoles.resize(consoleId, cols, rows);
    },
    async closeConsole({ consoleId }) {
      await consoles.close(consoleId);
    },

    async getLogs({ runId, node, tail }) {
      const stream = await runtimeOf(runId).logs(containerOf(runId, node), {
        follow: false,
        tail,
      });
      const lines: string[] = [];
      for await (const line of stream) lines.push(String(line));
      return lines;
    },

    async addNote({ runId, text }) {
      const entry = entryOf(runId);
      if (!entry.scenario || entry.controller.currentPhase !== 'running')
        throw new Error('notes go on a scenario run while it runs');
      const started = entry.controller.history.all().find((e) => e.kind === 'scenario');
      const player = started?.kind === 'scenario' ? started.player : undefined;
      entry.controller.history.append({
        kind: 'note',
        author: 'trainee',
        ...(player ? { name: player } : {}),
        text,
      });
    },

    openRoom: async () => (options.room ? options.room() : null),
    checkScenario: async ({ text }) => checkScenarioText(text),
    ...libraryMethods(catalog),
    startDryRun: (args) => dryRuns.start(args),
    getDryRun: async (args) => dryRuns.get(args),

    ...gameDayMethods({
      dataDir,
      api: () => engine,
      scenario: scenarioOf,
      summary: (s) => scenarioSummary(s, catalog.sourceOf(s.id)),
      startRun: ({ holdFaults, ...args }) =>
        engine.startScenario({ ...args, pace: 'human' }, { holdFaults }),
      place: (count) => pool.placeNamed(count),
      history: (runId) => runs.get(runId)?.controller.history.all(),
      whenEnded: (runId) => entryOf(runId).ended,
      debrief: async (runId) => (await debriefOf(runId)) ?? undefined,
      notGradedReason: async (runId) =>
        (await attempts.list()).find((a) => a.attemptId === runId)?.notGraded?.reason,
      actAsInstructor: (runId, action) => {
        const run = entryOf(runId).scenario;
        if (!run) throw new Error(`run ${runId} is not a scenario run`);
        return run.act(action, 'instructor');
      },
      append: (runId, body) => {
        const entry = entryOf(runId);
        if (!entry.scenario || entry.controller.currentPhase !== 'running')
          throw new Error('the drill is not running');
        entry.controller.history.append(body);
      },
    }),

    ...poolMethods(pool, (labIds) => imagesOfLabs(labs, labIds)),

    whenRunEnded: (runId) => entryOf(runId).ended,

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async dispose(): Promise<void> {
      await consoles.closeAll();
      // A scenario run cut short by the shutdown is kept as an ungraded attempt (a small file).
      await Promise.allSettled(
        [...runs.values()].map((r) =>
          r.scenario ? r.scenario.abort(APP_CLOSED) : r.controller.stop(),
        ),
      );
      // A short command (a list, a failed start) must not exit halfway through
      // reaping what a crashed run left: the reaper's work is finished first (bounded).
      await settleWithin(reaped, REAP_WAIT_MS);
      pool.dispose();
      listeners.clear();
    },
  };
  return engine;
}

/** How long dispose() waits for the start-up reaper to finish, ms. */
const REAP_WAIT_MS = 60_000;

import type { Debrief } from '../../../shared/debrief-types';
import type { DojoClient } from '../client/types';
import type { AppStore } from './app-store-types';
import { emptyRunState, type RunState } from './run-state';
import { emptyScenarioLive } from './scenario-state';
import { errorText, without, type StoreContext } from './store-context';

/** The store's scenarios, moves, hints, attempts and debriefs. */
export type ScenarioSlice = Pick<
  AppStore,
  | 'loadScenarios'
  | 'loadScenario'
  | 'startScenario'
  | 'act'
  | 'requestHint'
  | 'loadAttempts'
  | 'loadDebrief'
  | 'exportDebrief'
  | 'getArtifact'
>;

export interface ScenarioSliceOptions {
  /** Fetches a run's snapshot and merges it (see RunSlice.refreshRun). */
  refreshRun(runId: string): Promise<void>;
}

/**
 * The scenario catalog and whole scenarios (each fetched once), scenario
 * starts, the moves and hint requests of a run (an engine error comes back
 * as `{ ok: false, detail }`), the stored attempts (newest first) and the
 * debriefs. One fetch per scenario or debrief at a time.
 */
export function createScenarioSlice(ctx: StoreContext, opts: ScenarioSliceOptions): ScenarioSlice {
  const { client } = ctx;
  const inflightScenarios = new Map<string, Promise<void>>();
  const inflightDebriefs = new Map<string, Promise<Debrief | null>>();

  function loadScenario(scenarioId: string): Promise<void> {
    if (scenarioId in ctx.getState().scenarioDetails) return Promise.resolve();
    const inflight = inflightScenarios.get(scenarioId);
    if (inflight) return inflight;
    const p = (async () => {
      try {
        const scenario = await client.getScenario({ scenarioId });
        ctx.set((s) => ({ scenarioDetails: { ...s.scenarioDetails, [scenarioId]: scenario } }));
      } catch {
        // Not cached: the next view asks again.
      } finally {
        inflightScenarios.delete(scenarioId);
      }
    })();
    inflightScenarios.set(scenarioId, p);
    return p;
  }

  return {
    async loadScenarios() {
      try {
        const { scenarios, problems } = await client.listScenarios();
        ctx.set({ scenarios, scenarioProblems: problems, scenariosError: undefined });
      } catch (err) {
        ctx.set({ scenariosError: errorText(err) });
      }
    },
    loadScenario,
    async startScenario(scenarioId, options = {}) {
      if (ctx.getState().startingScenarios[scenarioId]) return null;
      ctx.set((s) => ({
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
        ctx.set((s) => {
          const existing = s.runs[runId];
          const run: RunState = existing
            ? { ...existing, scenario: existing.scenario ?? emptyScenarioLive(scenarioId) }
            : emptyRunState(runId, '', Date.now(), scenarioId);
          return {
            runs: { ...s.runs, [runId]: run },
            startingScenarios: without(s.startingScenarios, scenarioId),
          };
        });
        void opts.refreshRun(runId);
        void loadScenario(scenarioId);
        return runId;
      } catch (err) {
        ctx.set((s) => ({
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
    async loadAttempts() {
      try {
        const attempts = await client.listAttempts();
        ctx.set({
          attempts: [...attempts].sort((a, b) => b.startedAt - a.startedAt),
          attemptsError: undefined,
        });
      } catch (err) {
        ctx.set({ attemptsError: errorText(err) });
      }
    },
    loadDebrief(runId) {
      const inflight = inflightDebriefs.get(runId);
      if (inflight) return inflight;
      const p = (async () => {
        try {
          const debrief = await client.getDebrief({ runId });
          ctx.set((s) => ({
            debriefs: { ...s.debriefs, [runId]: debrief },
            debriefErrors: without(s.debriefErrors, runId),
          }));
          return debrief;
        } catch (err) {
          ctx.set((s) => ({ debriefErrors: { ...s.debriefErrors, [runId]: errorText(err) } }));
          return null;
        } finally {
          inflightDebriefs.delete(runId);
        }
      })();
      inflightDebriefs.set(runId, p);
      return p;
    },
    exportDebrief: (runId, format) => client.exportDebrief({ runId, format }),
    getArtifact: (runId, name) => client.getArtifact({ runId, name }),
  };
}

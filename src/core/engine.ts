import { randomBytes } from 'node:crypto';
import type { EngineEvent } from '../shared/engine-contract';
import type { EngineStatus, LabSummary, RunSnapshot } from '../shared/lab-types';
import type { Engine, EngineOptions } from './engine-types';
import type { LabDefinition } from './labs/lab-definition';
import { defaultLabCatalog } from './labs/lab-catalog';
import { findLabImagesDir } from './paths';
import { EngineUnreachableError, type ContainerRuntime } from './runtime/container-runtime';
import { createDockerRuntime } from './runtime/docker-runtime';
import { reapOrphans } from './runtime/reaper';
import { RunHistory } from './session/run-history';
import { DEFAULT_RUN_TIMINGS, RunController } from './session/run-controller';
import { snapshotOf } from './session/run-snapshot';

/** Ended runs kept for `listRuns` / `getRun`. */
const ENDED_RUNS_KEPT = 20;

interface RunEntry {
  controller: RunController;
  labId: string;
}

function newRunId(): string {
  return `r${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Creates the engine: the Docker runtime, the lab catalog and the runs. At
 * start it reaps, in the background, what crashed earlier runs left behind.
 */
export async function createEngine(
  options: EngineOptions = {},
  runtime?: ContainerRuntime,
): Promise<Engine> {
  const rt = runtime ?? createDockerRuntime();
  const labs: Map<string, LabDefinition> = defaultLabCatalog();
  const labImagesDir = options.labImagesDir ?? findLabImagesDir();
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

  // Reaping must not delay the UI; a run waits for it before creating anything.
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

  return {
    getEngineStatus: status,

    async listLabs(): Promise<LabSummary[]> {
      return [...labs.values()].map((l) => l.summary);
    },

    async startLab({ labId }): Promise<{ runId: string }> {
      const lab = labs.get(labId);
      if (!lab) throw new Error(`unknown lab "${labId}" (known: ${[...labs.keys()].join(', ')})`);
      const s = await status();
      if (!s.reachable) {
        throw new Error(
          `${s.error ?? 'No Docker engine answers.'} To start one: ${s.howToStart.join(' | ')}`,
        );
      }
      await reaped;
      pruneEnded();
      const runId = newRunId();
      const history = new RunHistory(runId, (event) => emit({ type: 'run', event }));
      const controller = new RunController(rt, lab, history, labImagesDir, timings);
      runs.set(runId, { controller, labId });
      void controller.start();
      return { runId };
    },

    async stopLab({ runId }): Promise<void> {
      const entry = runs.get(runId);
      if (!entry) throw new Error(`unknown run "${runId}"`);
      await entry.controller.stop();
    },

    async getRun({ runId }): Promise<RunSnapshot | null> {
      const entry = runs.get(runId);
      return entry ? snapshot(entry) : null;
    },

    async listRuns(): Promise<RunSnapshot[]> {
      return [...runs.values()].reverse().map(snapshot);
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async dispose(): Promise<void> {
      await Promise.allSettled([...runs.values()].map((r) => r.controller.stop()));
      listeners.clear();
    },
  };
}

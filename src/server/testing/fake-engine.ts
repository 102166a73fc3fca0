import type { EngineEvent } from '../../shared/engine-contract';
import type { EngineStatus, RunSnapshot } from '../../shared/lab-types';
import { withEveryEngineMethod } from '../../shared/testing/partial-engine';
import type { Engine } from '../../core/engine-types';

/** A plain in-memory Engine for host unit tests: records the calls it serves, emits events on demand. */
export interface FakeEngine extends Engine {
  calls: { method: string; args: unknown }[];
  listeners: Set<(event: EngineEvent) => void>;
  emit(event: EngineEvent): void;
  disposed: boolean;
}

/**
 * Creates a fresh fake engine: the lab methods and importScenario, recorded
 * with plain answers (`startLab` with labId `boom` rejects, to test error
 * replies); every other EngineApi method rejects as not in this fake.
 */
export function createFakeEngine(): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  const listeners = new Set<(event: EngineEvent) => void>();
  const status: EngineStatus = { reachable: true, endpoint: 'fake://', howToStart: [] };
  const fake = withEveryEngineMethod(
    {
      calls,
      listeners,
      disposed: false,
      emit: (event: EngineEvent) => listeners.forEach((listener) => listener(event)),
      async getEngineStatus() {
        calls.push({ method: 'getEngineStatus', args: undefined });
        return status;
      },
      async listLabs() {
        calls.push({ method: 'listLabs', args: undefined });
        return [
          {
            id: 'redis-sentinel',
            title: 'Redis',
            description: 'd',
            systems: ['redis'],
            nodes: ['redis-1'],
          },
        ];
      },
      async startLab(args: { labId: string }) {
        calls.push({ method: 'startLab', args });
        if (args.labId === 'boom') throw new Error('docker is not reachable');
        return { runId: 'run-0001' };
      },
      async stopLab(args: { runId: string }) {
        calls.push({ method: 'stopLab', args });
      },
      async getRun(args: { runId: string }): Promise<RunSnapshot | null> {
        calls.push({ method: 'getRun', args });
        return null;
      },
      async listRuns() {
        calls.push({ method: 'listRuns', args: undefined });
        return [];
      },
      async importScenario(args: { content: string; replace?: boolean }) {
        calls.push({ method: 'importScenario', args });
        return { ok: true as const, scenarioId: 'x' };
      },
      asTrainee: async () => undefined,
      isTraineeToken: async () => false,
      whenRunEnded: async () => undefined,
      onEvent(listener: (event: EngineEvent) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async dispose() {
        fake.disposed = true;
      },
    },
    'the host tests’ fake engine',
  );
  return fake;
}

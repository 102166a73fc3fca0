import type { EngineEvent } from '../shared/engine-contract';
import type { EngineStatus, RunSnapshot } from '../shared/lab-types';
import type { Engine } from '../core/engine-types';

/** A plain in-memory Engine for host unit tests: records calls, emits events on demand. */
export interface FakeEngine extends Engine {
  calls: { method: string; args: unknown }[];
  listeners: Set<(event: EngineEvent) => void>;
  emit(event: EngineEvent): void;
  disposed: boolean;
}

/** Creates a fresh fake engine. `startLab` with labId `boom` rejects, to test error replies. */
export function createFakeEngine(): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  const listeners = new Set<(event: EngineEvent) => void>();
  const status: EngineStatus = { reachable: true, endpoint: 'fake://', howToStart: [] };
  const fake: FakeEngine = {
    calls,
    listeners,
    disposed: false,
    emit: (event) => listeners.forEach((listener) => listener(event)),
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
    async startLab(args) {
      calls.push({ method: 'startLab', args });
      if (args.labId === 'boom') throw new Error('docker is not reachable');
      return { runId: 'run-0001' };
    },
    async stopLab(args) {
      calls.push({ method: 'stopLab', args });
    },
    async getRun(args): Promise<RunSnapshot | null> {
      calls.push({ method: 'getRun', args });
      return null;
    },
    async listRuns() {
      calls.push({ method: 'listRuns', args: undefined });
      return [];
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      fake.disposed = true;
    },
  };
  return fake;
}

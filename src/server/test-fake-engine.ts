import type { GameDay, Principal } from '../shared/game-day-types';
import type { EngineEvent } from '../shared/engine-contract';
import type { EngineStatus, RunSnapshot } from '../shared/lab-types';
import type {
  DeleteScenarioResult,
  ImportScenarioResult,
  SaveScenarioResult,
} from '../shared/scenario-library-types';
import type { Engine } from '../core/engine-types';
import type { DryRun } from '../shared/dry-run-types';

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
    ...scenarioMethods(calls),
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

const GAME_DAY: GameDay = {
  id: 'g0000000000000001',
  name: 'fake',
  mode: 'blind',
  timing: 'trigger',
  createdAt: 0,
  seed: 1,
  trainees: [{ id: 't1', name: 'Ana', scenarioId: 'stale-leader', state: 'waiting' }],
};

/** The scenario, console and debrief methods: recorded, with empty answers. */
function scenarioMethods(calls: FakeEngine['calls']): Omit<Engine, keyof LabMethods> {
  const record =
    <R>(method: string, result: R) =>
    async (args?: unknown): Promise<R> => {
      calls.push({ method, args });
      return result;
    };
  return {
    listScenarios: record('listScenarios', { scenarios: [], problems: [] }),
    getScenario: record('getScenario', null),
    startScenario: record('startScenario', { runId: 'run-0002' }),
    act: record('act', { ok: true, detail: 'done' }),
    requestHint: record('requestHint', { ok: true, detail: 'hint 1 shown' }),
    getArtifact: record('getArtifact', {
      filename: 'keys.txt',
      content: '',
      mediaType: 'text/plain',
    }),
    getDebrief: record('getDebrief', null),
    listAttempts: record('listAttempts', []),
    exportDebrief: record('exportDebrief', { filename: 'x.md', content: '' }),
    openConsole: record('openConsole', { consoleId: 'c0001' }),
    consoleInput: record('consoleInput', undefined),
    resizeConsole: record('resizeConsole', undefined),
    closeConsole: record('closeConsole', undefined),
    getLogs: record('getLogs', []),
    asTrainee: async () => undefined,
    isTraineeToken: async () => false,
    addNote: record('addNote', undefined),
    whoAmI: record<Principal>('whoAmI', { role: 'facilitator' }),
    getMyDrill: async () => Promise.reject(new Error('a facilitator has no drill of their own')),
    createGameDay: record('createGameDay', { gameDay: GAME_DAY, links: [] }),
    listGameDays: record('listGameDays', []),
    startGameDay: record('startGameDay', GAME_DAY),
    triggerGameDayFault: record('triggerGameDayFault', []),
    sendHint: record('sendHint', undefined),
    annotateRun: record('annotateRun', undefined),
    getGameDayBoard: record('getGameDayBoard', []),
    getGroupDebrief: record('getGroupDebrief', {
      gameDay: {
        id: 'g0000000000000001',
        name: 'fake',
        mode: 'blind' as const,
        timing: 'trigger' as const,
        createdAt: 0,
      },
      rows: [],
      checkIds: [],
      checkTitles: {},
      scenarios: [],
    }),
    exportGroupDebrief: record('exportGroupDebrief', { filename: 'g.md', content: '' }),
    openRoom: record('openRoom', null),
    checkScenario: record('checkScenario', { file: 'draft/draft.yaml', problems: [] }),
    getScenarioSource: record('getScenarioSource', null),
    saveScenario: record<SaveScenarioResult>('saveScenario', {
      ok: true,
      scenarioId: 'x',
      file: 'redis-sentinel/x.yaml',
    }),
    deleteScenario: record<DeleteScenarioResult>('deleteScenario', { deleted: [] }),
    exportScenario: record('exportScenario', { filename: 'x.dojo-scenario.json', content: '{}' }),
    importScenario: record<ImportScenarioResult>('importScenario', { ok: true, scenarioId: 'x' }),
    startDryRun: record('startDryRun', { dryRunId: 'dry-000000000000' }),
    getDryRun: record<DryRun | null>('getDryRun', null),
    whenRunEnded: record('whenRunEnded', undefined),
  };
}

type LabMethods = Pick<
  Engine,
  | 'getEngineStatus'
  | 'listLabs'
  | 'startLab'
  | 'stopLab'
  | 'getRun'
  | 'listRuns'
  | 'onEvent'
  | 'dispose'
>;

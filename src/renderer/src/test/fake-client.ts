import type { AddEngineInput, PoolEngine } from '../../../shared/engine-pool-types';
import type { AttemptSummary, Debrief, ExportFormat } from '../../../shared/debrief-types';
import type { DryRun } from '../../../shared/dry-run-types';
import type { EngineEvent } from '../../../shared/engine-contract';
import type {
  BoardRow,
  GameDay,
  Principal,
  RoomAddress,
  TraineeDrill,
} from '../../../shared/game-day-types';
import type {
  EngineStatus,
  LabSummary,
  NodeObservation,
  ProbeSample,
  RunSnapshot,
} from '../../../shared/lab-types';
import { isDataNodeKind } from '../../../shared/lab-types';
import type { RunEvent, RunEventBody } from '../../../shared/run-events';
import type {
  Action,
  LabSettingsInput,
  Pace,
  Scenario,
  ScenarioCheck,
  ScenarioProblem,
  ScenarioSummary,
} from '../../../shared/scenario-schema';
import type {
  DeleteScenarioResult,
  ImportScenarioResult,
  SaveScenarioResult,
  ScenarioSourceText,
} from '../../../shared/scenario-library-types';
import { createObservable, type ConnectionState, type DojoClient } from '../client/types';

export const REDIS_LAB: LabSummary = {
  id: 'redis-sentinel',
  title: 'Redis Sentinel — 1 master, 2 replicas, 3 sentinels',
  description: 'Three Redis 7.0 nodes watched by three Sentinels.',
  systems: ['redis 7.0', 'sentinel'],
  nodes: ['redis-1', 'redis-2', 'redis-3', 'sentinel-1', 'sentinel-2', 'sentinel-3'],
};

export const PATRONI_LAB: LabSummary = {
  id: 'patroni',
  title: 'Patroni — PostgreSQL 15 on 3 nodes, etcd',
  description: 'Three PostgreSQL nodes managed by Patroni, one etcd member.',
  systems: ['postgresql 15', 'patroni 3.0', 'etcd 3.4'],
  nodes: ['etcd-1', 'pg-1', 'pg-2', 'pg-3'],
};

export const REACHABLE: EngineStatus = {
  reachable: true,
  endpoint: 'unix:///var/run/docker.sock',
  version: '20.10.24',
  apiVersion: '1.41',
  os: 'Debian GNU/Linux 12',
  howToStart: [],
};

export const UNREACHABLE: EngineStatus = {
  reachable: false,
  endpoint: 'unix:///var/run/docker.sock',
  error: 'connect ENOENT /var/run/docker.sock',
  howToStart: ['sudo systemctl start docker', 'or run `sudo dockerd &` and wait for `docker info`'],
};

/** An in-memory EngineClient for UI tests: records calls, emits events on demand. */
export class FakeClient implements DojoClient {
  readonly connection = createObservable<ConnectionState>('open');
  status: EngineStatus = REACHABLE;
  labs: LabSummary[] = [REDIS_LAB];
  runs = new Map<string, RunSnapshot>();
  scenarios: ScenarioSummary[] = [];
  problems: ScenarioProblem[] = [];
  scenarioDetails = new Map<string, Scenario>();
  attempts: AttemptSummary[] = [];
  debriefs = new Map<string, Debrief>();
  /** What act() answers (a function of the action). */
  actReply: (action: Action) => { ok: boolean; detail: string } = (a) => ({
    ok: true,
    detail: `${a.kind} done`,
  });
  logs: string[] = ['1:M 01 Jan 00:00:00.000 * Ready to accept connections tcp'];
  calls: { method: string; args?: unknown }[] = [];
  private listeners = new Set<(e: EngineEvent) => void>();
  private seq = new Map<string, number>();
  private nextRun = 1;
  private nextConsole = 1;

  async getEngineStatus() {
    this.calls.push({ method: 'getEngineStatus' });
    return this.status;
  }
  async listLabs() {
    this.calls.push({ method: 'listLabs' });
    return this.labs;
  }
  async startLab(args: { labId: string }) {
    this.calls.push({ method: 'startLab', args });
    const runId = `run-${this.nextRun++}`;
    this.runs.set(runId, {
      runId,
      labId: args.labId,
      phase: 'preparing',
      startedAt: 1_000_000,
      build: [],
      samples: [],
    });
    return { runId };
  }
  async stopLab(args: { runId: string }) {
    this.calls.push({ method: 'stopLab', args });
  }
  async getRun(args: { runId: string }) {
    this.calls.push({ method: 'getRun', args });
    return this.runs.get(args.runId) ?? null;
  }
  async listRuns() {
    this.calls.push({ method: 'listRuns' });
    return [...this.runs.values()];
  }
  async listScenarios() {
    this.calls.push({ method: 'listScenarios' });
    return { scenarios: this.scenarios, problems: this.problems };
  }
  async getScenario(args: { scenarioId: string }) {
    this.calls.push({ method: 'getScenario', args });
    return this.scenarioDetails.get(args.scenarioId) ?? null;
  }
  async startScenario(args: {
    scenarioId: string;
    seed?: number;
    settings?: LabSettingsInput;
    pace?: Pace;
    player?: string;
  }) {
    this.calls.push({ method: 'startScenario', args });
    const runId = `run-${this.nextRun++}`;
    this.runs.set(runId, {
      runId,
      labId: this.scenarios.find((s) => s.id === args.scenarioId)?.system ?? 'redis-sentinel',
      phase: 'preparing',
      startedAt: 1_000_000,
      build: [],
      samples: [],
    });
    return { runId };
  }
  /** When set, act() answers only once this resolves for the action (to answer moves out of order). */
  actGate: ((action: Action) => Promise<void>) | undefined;
  async act(args: { runId: string; action: Action }) {
    this.calls.push({ method: 'act', args });
    await this.actGate?.(args.action);
    return this.actReply(args.action);
  }
  /** What requestHint() answers. */
  hintReply: { ok: boolean; detail: string } = { ok: true, detail: 'hint shown' };
  async requestHint(args: { runId: string }) {
    this.calls.push({ method: 'requestHint', args });
    return this.hintReply;
  }
  /** Files getArtifact() serves, by name. */
  artifacts = new Map<string, string>();
  async getArtifact(args: { runId: string; name: string }) {
    this.calls.push({ method: 'getArtifact', args });
    const content = this.artifacts.get(args.name);
    if (content === undefined) throw new Error(`no file "${args.name}" in run ${args.runId}`);
    return { filename: args.name, content, mediaType: 'text/plain' };
  }
  async getDebrief(args: { runId: string }) {
    this.calls.push({ method: 'getDebrief', args });
    return this.debriefs.get(args.runId) ?? null;
  }
  async listAttempts() {
    this.calls.push({ method: 'listAttempts' });
    return this.attempts;
  }
  async exportDebrief(args: { runId: string; format: ExportFormat }) {
    this.calls.push({ method: 'exportDebrief', args });
    return { filename: `${args.runId}.${args.format}`, content: `debrief of ${args.runId}` };
  }
  async openConsole(args: { runId: string; node: string; cols: number; rows: number }) {
    this.calls.push({ method: 'openConsole', args });
    return { consoleId: `c-${this.nextConsole++}` };
  }
  async consoleInput(args: { consoleId: string; data: string }) {
    this.calls.push({ method: 'consoleInput', args });
  }
  async resizeConsole(args: { consoleId: string; cols: number; rows: number }) {
    this.calls.push({ method: 'resizeConsole', args });
  }
  async closeConsole(args: { consoleId: string }) {
    this.calls.push({ method: 'closeConsole', args });
  }
  async getLogs(args: { runId: string; node: string; tail: number }) {
    this.calls.push({ method: 'getLogs', args });
    return this.logs;
  }
  async addNote(args: { runId: string; text: string }) {
    this.calls.push({ method: 'addNote', args });
  }
  /** Who the fake connection acts as (a test may set a trainee). */
  principal: Principal = { role: 'facilitator' };
  async whoAmI() {
    this.calls.push({ method: 'whoAmI', args: undefined });
    return this.principal;
  }
  /** A trainee's drill (set with `principal` to play a trainee). */
  drill: TraineeDrill | null = null;
  async getMyDrill(): Promise<TraineeDrill> {
    this.calls.push({ method: 'getMyDrill', args: undefined });
    if (!this.drill) throw new Error('a facilitator has no drill of their own');
    return this.drill;
  }
  gameDays: GameDay[] = [];
  async createGameDay(args: Parameters<DojoClient['createGameDay']>[0]) {
    this.calls.push({ method: 'createGameDay', args });
    const links = args.trainees.map((name, i) => ({
      traineeId: `t${i + 1}`,
      name,
      token: `tok-${i + 1}`,
    }));
    const gameDay: GameDay = {
      ...{
        id: 'g0000000000000001',
        name: 'fake',
        mode: 'blind' as const,
        timing: 'trigger' as const,
        createdAt: 0,
        seed: 1,
        trainees: [],
      },
      name: args.name,
    };
    this.gameDays.push(gameDay);
    return { gameDay, links };
  }
  async listGameDays() {
    this.calls.push({ method: 'listGameDays', args: undefined });
    return this.gameDays;
  }
  async startGameDay(args: { gameDayId: string }) {
    this.calls.push({ method: 'startGameDay', args });
    return {
      id: 'g0000000000000001',
      name: 'fake',
      mode: 'blind' as const,
      timing: 'trigger' as const,
      createdAt: 0,
      seed: 1,
      trainees: [],
    };
  }
  async triggerGameDayFault(args: { gameDayId: string; traineeId?: string; faultId?: string }) {
    this.calls.push({ method: 'triggerGameDayFault', args });
    return [];
  }
  async sendHint(args: { gameDayId: string; traineeId: string; text: string }) {
    this.calls.push({ method: 'sendHint', args });
  }
  async annotateRun(args: { gameDayId: string; traineeId: string; text: string }) {
    this.calls.push({ method: 'annotateRun', args });
  }
  async getGameDayBoard(args: { gameDayId: string }): Promise<BoardRow[]> {
    this.calls.push({ method: 'getGameDayBoard', args });
    return [];
  }
  async getGroupDebrief(args: { gameDayId: string }) {
    this.calls.push({ method: 'getGroupDebrief', args });
    return {
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
    };
  }
  async exportGroupDebrief(args: { gameDayId: string; format: 'md' | 'html' }) {
    this.calls.push({ method: 'exportGroupDebrief', args });
    return { filename: `g.${args.format}`, content: '' };
  }
  /** The room's address (null: this host serves no trainees). */
  room: RoomAddress | null = { origin: 'http://127.0.0.1:4321', onNetwork: false };
  /** What checkScenario answers for a text (default: valid, no card). */
  checkReply: (text: string) => ScenarioCheck = () => ({ file: 'draft/draft.yaml', problems: [] });
  async checkScenario(args: { text: string }) {
    this.calls.push({ method: 'checkScenario', args });
    return this.checkReply(args.text);
  }
  /** What getDryRun answers, one after another (the last one again once the list runs out). */
  dryRunReplies: DryRun[] = [];
  async startDryRun(args: { scenarioId: string; pace?: Pace }) {
    this.calls.push({ method: 'startDryRun', args });
    return { dryRunId: 'dry-0123456789ab' };
  }
  async getDryRun(args: { dryRunId: string }) {
    this.calls.push({ method: 'getDryRun', args });
    return (
      (this.dryRunReplies.length > 1 ? this.dryRunReplies.shift() : this.dryRunReplies[0]) ?? null
    );
  }
  /** What getScenarioSource answers, by id (absent: null). */
  scenarioSources = new Map<string, ScenarioSourceText>();
  /** What saveScenario and importScenario answer (a function of the call). */
  /** What importScenario answers for a bundle's content. */
  importReply: (content: string) => ImportScenarioResult = () => ({
    ok: true,
    scenarioId: 'imported',
  });
  saveReply: (text: string) => SaveScenarioResult = (text) => {
    const id = /^id: *([a-z0-9-]+)/m.exec(text)?.[1] ?? 'draft';
    return { ok: true, scenarioId: id, file: `redis-sentinel/${id}.yaml` };
  };
  async getScenarioSource(args: { scenarioId: string }) {
    this.calls.push({ method: 'getScenarioSource', args });
    return this.scenarioSources.get(args.scenarioId) ?? null;
  }
  async saveScenario(args: { text: string; replace?: boolean }) {
    this.calls.push({ method: 'saveScenario', args });
    return this.saveReply(args.text);
  }
  async deleteScenario(args: { scenarioId: string }): Promise<DeleteScenarioResult> {
    this.calls.push({ method: 'deleteScenario', args });
    return { deleted: [`redis-sentinel/${args.scenarioId}.yaml`] };
  }
  async exportScenario(args: { scenarioId: string }) {
    this.calls.push({ method: 'exportScenario', args });
    return { filename: `${args.scenarioId}.dojo-scenario.json`, content: '{}' };
  }
  async importScenario(args: {
    content: string;
    replace?: boolean;
  }): Promise<ImportScenarioResult> {
    this.calls.push({ method: 'importScenario', args });
    return this.importReply(args.content);
  }
  async openRoom() {
    this.calls.push({ method: 'openRoom', args: undefined });
    return this.room;
  }
  /** What listEngines() answers. */
  engines: PoolEngine[] = [];
  async listEngines() {
    this.calls.push({ method: 'listEngines', args: undefined });
    return structuredClone(this.engines);
  }
  async addEngine(args: AddEngineInput): Promise<PoolEngine> {
    this.calls.push({ method: 'addEngine', args });
    const added: PoolEngine = {
      id: `e${this.engines.length}`,
      name: args.name ?? args.address,
      address: args.address,
      endpoint: `${args.address} (engine pool)`,
      dataPath: 'tunnel',
      state: 'reachable',
      labsRunning: 0,
      labsFit: 2,
      images: { present: 0, needed: 6 },
      checkedAt: Date.now(),
    };
    this.engines.push(added);
    return added;
  }
  async removeEngine(args: { engineId: string }) {
    this.calls.push({ method: 'removeEngine', args });
    this.engines = this.engines.filter((e) => e.id !== args.engineId);
  }
  async prepareEngine(args: { engineId: string }) {
    this.calls.push({ method: 'prepareEngine', args });
    return { images: 6 };
  }
  onEvent(listener: (e: EngineEvent) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
  dispose() {}

  /** Pushes a run event (seq and t filled in) to every listener. */
  emit(runId: string, body: RunEventBody, t = Date.now()): void {
    const seq = (this.seq.get(runId) ?? 0) + 1;
    this.seq.set(runId, seq);
    const event = { ...body, runId, seq, t };
    for (const l of [...this.listeners]) l({ type: 'run', event });
  }

  /** Pushes a run event exactly as given (its own seq), as a host that held it back would. */
  emitEvent(event: RunEvent): void {
    for (const l of [...this.listeners]) l({ type: 'run', event });
  }

  /** Pushes a non-run engine event (console output or exit). */
  emitEngine(event: EngineEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  called(method: string) {
    return this.calls.filter((c) => c.method === method);
  }
}

export function redisNode(
  node: string,
  role: NodeObservation['role'],
  extra: Partial<NodeObservation> = {},
): NodeObservation {
  return { node, kind: 'redis', role, state: 'running', ...extra };
}

export function sentinelNode(node: string, extra: Partial<NodeObservation> = {}): NodeObservation {
  return {
    node,
    kind: 'sentinel',
    role: 'sentinel',
    state: 'running',
    following: 'redis-1:6379',
    epoch: 0,
    sentinel: { masterFlags: ['master'], knownReplicas: 2, knownSentinels: 2, quorum: 2 },
    ...extra,
  };
}

/** A PostgreSQL node of the Patroni lab: postgres's own role, plus Patroni's (REST) view. */
export function pgNode(
  node: string,
  role: NodeObservation['role'],
  extra: Partial<NodeObservation> = {},
): NodeObservation {
  return {
    node,
    kind: 'postgres',
    role,
    state: 'running',
    patroniRole: role === 'master' ? 'master' : role === 'replica' ? 'replica' : 'unknown',
    patroniState: 'running',
    ...extra,
  };
}

/** An etcd member that answered, with the leader key when `holder` is given. */
export function etcdNode(
  node: string,
  holder?: string,
  ttlSeconds = 30,
  extra: Partial<NodeObservation> = {},
): NodeObservation {
  return {
    node,
    kind: 'etcd',
    role: 'dcs',
    state: 'running',
    ...(holder !== undefined ? { leaderKey: { holder, ttlSeconds } } : {}),
    ...extra,
  };
}

export function sample(t: number, nodes: NodeObservation[]): ProbeSample {
  const data = nodes.filter((n) => isDataNodeKind(n.kind));
  return {
    t,
    nodes,
    mastersClaimed: data.filter((n) => n.role === 'master').length,
    unknownNodes: data.filter((n) => n.role === 'unknown').length,
  };
}

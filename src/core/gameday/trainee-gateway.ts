import type { EngineApi, EngineEvent } from '../../shared/engine-contract';
import { ForbiddenError } from '../../shared/engine-dispatch';
import type { TraineePrincipal } from '../../shared/game-day-types';
import type { RunSnapshot } from '../../shared/lab-types';
import type { RunEvent } from '../../shared/run-events';
import type { Scenario } from '../../shared/scenario-schema';
import { systemFor } from '../systems/scenario-systems';
import {
  BLIND_SCENARIO_ID,
  BlindFilter,
  blindHistory,
  blindScenario,
  runOver,
  scrubText,
  secretsOf,
  type BlindSecrets,
} from './blind-view';
import { neutralBriefing } from './neutral-briefing';
import type { GameDayService } from './game-day-service';

/** The engine as one trainee uses it: the API (their run only) and their events. */
export interface TraineeSession extends EngineApi {
  readonly principal: TraineePrincipal;
  /** This trainee's events: their run's (blind-filtered in a blind drill) and their consoles'. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** What the gateway needs of the engine besides its API. */
export interface GatewayDeps {
  engine: EngineApi & { onEvent(listener: (e: EngineEvent) => void): () => void };
  /** A run's whole history so far (undefined when unknown). */
  history(runId: string): readonly RunEvent[] | undefined;
  scenario(id: string): Promise<Scenario | undefined>;
  service: GameDayService;
}

const refuse = (what: string): never => {
  throw new ForbiddenError(`forbidden: a trainee cannot ${what}`);
};
/** A method a trainee may not call at all: always a rejected promise. */
const denied = (what: string) => (): Promise<never> =>
  Promise.reject(new ForbiddenError(`forbidden: a trainee cannot ${what}`));

/**
 * A trainee's view of the engine. Every method checks the run (or console)
 * is the trainee's own before calling the engine; what the engine answers
 * passes through the blind filter when the drill is blind and still running.
 * The facilitator's calls, other runs, the catalog and the scenario text are
 * refused with ForbiddenError (HTTP-like 403 on the wire).
 */
export async function traineeSession(
  deps: GatewayDeps,
  principal: TraineePrincipal,
): Promise<TraineeSession> {
  const { engine, service } = deps;
  const consoles = new Set<string>();
  // The trainee's live entry: its run id appears when the facilitator starts the game day.
  const { gameDay, trainee } = await service.traineeOf(principal);
  const blind = gameDay.mode === 'blind';
  const scenario = await deps.scenario(trainee.scenarioId);
  // A blind drill whose scenario is gone still filters faults and hints (no words to scrub).
  const secrets: BlindSecrets | undefined = !blind
    ? undefined
    : scenario
      ? secretsOf(scenario)
      : { words: [], faultIds: new Set() };

  /** The trainee's run id; refuses any other run. */
  const own = (runId?: string): string => {
    if (!trainee.runId) throw new Error('your drill has not started yet');
    if (runId !== undefined && runId !== trainee.runId) refuse('use another trainee’s run');
    return trainee.runId;
  };
  const ownConsole = (consoleId: string): void => {
    if (!consoles.has(consoleId)) refuse('use a console it did not open');
  };
  const blinded = (snapshot: RunSnapshot | null): RunSnapshot | null => {
    if (!snapshot || !secrets) return snapshot;
    const visible = blindHistory(deps.history(snapshot.runId) ?? [], secrets);
    const kept = new Set((snapshot.scenarioEvents ?? []).map((e) => e.seq));
    return {
      ...snapshot,
      ...(snapshot.error ? { error: scrubText(snapshot.error, secrets) } : {}),
      scenarioEvents: visible.filter((e) => kept.has(e.seq)),
    };
  };

  return {
    principal,
    getEngineStatus: () => engine.getEngineStatus(),
    listLabs: denied('list the labs'),
    startLab: denied('start a lab'),
    stopLab: denied('stop a run (end the drill from the palette)'),
    async getRun({ runId }) {
      return blinded(await engine.getRun({ runId: own(runId) }));
    },
    listRuns: denied('list the runs'),
    listScenarios: denied('see the scenario catalog'),
    async getScenario({ scenarioId }) {
      // Blind: the drill's scenario as its workspace needs it, with everything that names it removed.
      if (blind && scenarioId === BLIND_SCENARIO_ID && scenario)
        return blindScenario(scenario, neutralBriefing(scenario, systemFor(scenario).lab.summary));
      const over = trainee.runId !== undefined && runOver(deps.history(trainee.runId) ?? []);
      if (scenarioId === trainee.scenarioId && (!blind || over)) return scenario ?? null;
      return refuse('read another scenario');
    },
    startScenario: denied('start a scenario'),
    async act({ runId, action }) {
      own(runId);
      if (action.kind === 'trigger-fault') refuse('trigger a fault');
      return engine.act({ runId, action });
    },
    async requestHint({ runId }) {
      own(runId);
      if (blind) return { ok: false, detail: 'In a blind drill hints come from the facilitator' };
      return engine.requestHint({ runId });
    },
    async getArtifact(args) {
      own(args.runId);
      return engine.getArtifact(args);
    },
    async getDebrief({ runId }) {
      own(runId);
      return engine.getDebrief({ runId });
    },
    listAttempts: denied('list the attempts'),
    async exportDebrief(args) {
      own(args.runId);
      return engine.exportDebrief(args);
    },
    async openConsole(args) {
      own(args.runId);
      const opened = await engine.openConsole(args);
      consoles.add(opened.consoleId);
      return opened;
    },
    async consoleInput(args) {
      ownConsole(args.consoleId);
      return engine.consoleInput(args);
    },
    async resizeConsole(args) {
      ownConsole(args.consoleId);
      return engine.resizeConsole(args);
    },
    async closeConsole(args) {
      ownConsole(args.consoleId);
      consoles.delete(args.consoleId);
      return engine.closeConsole(args);
    },
    async getLogs(args) {
      own(args.runId);
      return engine.getLogs(args);
    },
    async addNote(args) {
      own(args.runId);
      return engine.addNote(args);
    },
    whoAmI: async () => principal,
    getMyDrill: () => service.drillOf(principal),
    createGameDay: denied('create a game day'),
    listGameDays: denied('list the game days'),
    startGameDay: denied('start a game day'),
    triggerGameDayFault: denied('trigger a fault'),
    sendHint: denied('send hints'),
    annotateRun: denied('annotate runs'),
    getGameDayBoard: denied('see the board'),
    getGroupDebrief: denied('see the group debrief'),
    exportGroupDebrief: denied('export the group debrief'),
    openRoom: denied('open the room'),
    checkScenario: denied('check scenario texts'),
    getScenarioSource: denied('read scenario files'),
    saveScenario: denied('save scenarios'),
    deleteScenario: denied('delete scenarios'),
    exportScenario: denied('export scenarios'),
    importScenario: denied('import scenarios'),
    startDryRun: denied('dry-run scenarios'),
    getDryRun: denied('read dry runs'),
    listEngines: denied('see the engine pool'),
    addEngine: denied('add engines'),
    removeEngine: denied('remove engines'),
    prepareEngine: denied('prepare engines'),

    onEvent(listener) {
      let filter: BlindFilter | undefined;
      return engine.onEvent((event) => {
        // Where the labs run is the facilitator's business.
        if (event.type === 'engines') return;
        if (event.type !== 'run') {
          if (!consoles.has(event.consoleId)) return;
          if (event.type === 'console' && secrets && !filter?.isRevealed)
            return listener({ ...event, data: scrubText(event.data, secrets) });
          return listener(event);
        }
        const runId = trainee.runId;
        if (runId === undefined || event.event.runId !== runId) return;
        if (!secrets) return listener(event);
        if (!filter) {
          // Replay what came before (held faults, hints) so this filter holds back the same as a fresh one.
          filter = new BlindFilter(secrets);
          for (const e of deps.history(runId) ?? []) if (e.seq < event.event.seq) filter.push(e);
        }
        for (const e of filter.push(event.event)) listener({ type: 'run', event: e });
      });
    },
  };
}

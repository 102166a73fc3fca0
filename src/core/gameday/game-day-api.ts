import type { EngineApi, EngineEvent } from '../../shared/engine-contract';
import type { RunEvent } from '../../shared/run-events';
import type { Scenario } from '../../shared/scenario-schema';
import { systemFor } from '../systems/scenario-systems';
import { GameDayService, type GameDayEngine } from './game-day-service';
import { GameDayStore } from './game-day-store';
import { groupDebriefToHtml, groupDebriefToMarkdown } from './group-debrief';
import { neutralBriefing } from './neutral-briefing';
import { traineeSession, type TraineeSession } from './trainee-gateway';

/** The engine methods this file adds: game days, who is calling, and a trainee's session. */
export type GameDayMethods = Pick<
  EngineApi,
  | 'whoAmI'
  | 'getMyDrill'
  | 'createGameDay'
  | 'listGameDays'
  | 'startGameDay'
  | 'triggerGameDayFault'
  | 'sendHint'
  | 'annotateRun'
  | 'getGameDayBoard'
  | 'getGroupDebrief'
  | 'exportGroupDebrief'
> & {
  /** The session of the trainee whose token this is, or undefined. */
  asTrainee(token: string): Promise<TraineeSession | undefined>;
  isTraineeToken(token: string): Promise<boolean>;
};

/** What the game days need of the engine that creates them. */
export interface GameDayHost extends Omit<GameDayEngine, 'briefing'> {
  dataDir: string;
  /** The full engine API (the trainee gateway forwards to it after its checks). */
  api(): EngineApi & { onEvent(listener: (e: EngineEvent) => void): () => void };
}

/**
 * The game-day part of the engine: the service over the store in
 * `<dataDir>/game-days`, exposed as engine methods for the facilitator (the
 * holder of the app's own token, or the Electron window), and `asTrainee`
 * for the hosts to open a trainee's restricted session.
 */
export function gameDayMethods(host: GameDayHost): GameDayMethods {
  const service = new GameDayService(new GameDayStore(host.dataDir), {
    ...host,
    briefing: (s: Scenario) => neutralBriefing(s, systemFor(s).lab.summary),
  });
  return {
    whoAmI: async () => ({ role: 'facilitator' }),
    getMyDrill: () => Promise.reject(new Error('the facilitator has no drill of their own')),
    createGameDay: (args) => service.create(args),
    listGameDays: () => service.list(),
    startGameDay: ({ gameDayId }) => service.start(gameDayId),
    triggerGameDayFault: ({ gameDayId, ...target }) => service.trigger(gameDayId, target),
    sendHint: ({ gameDayId, traineeId, text }) => service.hint(gameDayId, traineeId, text),
    annotateRun: ({ gameDayId, traineeId, text }) => service.annotate(gameDayId, traineeId, text),
    getGameDayBoard: ({ gameDayId }) => service.board(gameDayId),
    getGroupDebrief: ({ gameDayId }) => service.groupDebrief(gameDayId),
    async exportGroupDebrief({ gameDayId, format }) {
      const g = await service.groupDebrief(gameDayId);
      return {
        filename: `failover-dojo-game-day-${gameDayId}.${format}`,
        content: format === 'md' ? groupDebriefToMarkdown(g) : groupDebriefToHtml(g),
      };
    },
    isTraineeToken: async (token) => (await service.principalOf(token)) !== undefined,
    async asTrainee(token) {
      const principal = await service.principalOf(token);
      if (!principal) return undefined;
      return traineeSession(
        {
          engine: host.api(),
          history: (runId: string): readonly RunEvent[] | undefined => host.history(runId),
          scenario: host.scenario,
          service,
        },
        principal,
      );
    },
  };
}

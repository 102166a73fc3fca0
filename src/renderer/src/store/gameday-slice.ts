import type { EngineApi } from '../../../shared/engine-contract';
import type { RoomAddress, TraineeLink } from '../../../shared/game-day-types';
import type { AddEngineInput } from '../../../shared/engine-pool-types';
import { errorText, type StoreContext } from './store-context';

/** A game day just created: its trainees' tokens (shown once) and where trainees join. */
export interface CreatedGameDay {
  links: TraineeLink[];
  /** Where the trainees' links point; null when this host cannot serve trainees. */
  room: RoomAddress | null;
  /** Why the room could not be opened (the links then have no address). */
  roomError?: string;
}

/** The game-day operations of the store (facilitator and trainee). */
export interface GameDaySlice {
  /** Asks who this connection is; a trainee's then loads their drill. Resolves with the role. */
  loadPrincipal(): Promise<'facilitator' | 'trainee' | null>;
  /** Loads the trainee's drill (briefing, run id once started) into `drill`. */
  loadDrill(): Promise<void>;
  loadGameDays(): Promise<void>;
  /** Creates a game day; resolves with the trainees' links (shown once), or null on failure. */
  /**
   * Creates a game day and opens the room the trainees join in; null when the
   * game day could not be created (the error is in `gameDayError`).
   */
  createGameDay(args: Parameters<EngineApi['createGameDay']>[0]): Promise<CreatedGameDay | null>;
  startGameDay(gameDayId: string): Promise<void>;
  loadBoard(gameDayId: string): Promise<void>;
  triggerFault(gameDayId: string, traineeId?: string, faultId?: string): Promise<string>;
  sendHint(gameDayId: string, traineeId: string, text: string): Promise<string | null>;
  annotateRun(gameDayId: string, traineeId: string, text: string): Promise<string | null>;
  getGroupDebrief(gameDayId: string): ReturnType<EngineApi['getGroupDebrief']>;
  exportGroupDebrief(
    gameDayId: string,
    format: 'md' | 'html',
  ): ReturnType<EngineApi['exportGroupDebrief']>;
  /** A note of the trainee on their run; resolves with an error text, or null when it landed. */
  addNote(runId: string, text: string): Promise<string | null>;
  /** Loads the engine pool into `engines` (the facilitator's). */
  loadEngines(): Promise<void>;
  /** Adds an engine to the pool; resolves with an error text, or null when it was added. */
  addEngine(input: AddEngineInput): Promise<string | null>;
  /** Removes an engine; resolves with an error text, or null. */
  removeEngine(engineId: string): Promise<string | null>;
  /** Builds or copies the lab images onto an engine; resolves with what happened, one line. */
  prepareEngine(engineId: string): Promise<string>;
}

export function createGameDaySlice(
  ctx: StoreContext,
  hooks: { refreshRun(runId: string): Promise<void> },
): GameDaySlice {
  const { client } = ctx;
  const attempt = async (work: () => Promise<unknown>): Promise<string | null> => {
    try {
      await work();
      return null;
    } catch (err) {
      return errorText(err);
    }
  };

  const slice: GameDaySlice = {
    async loadPrincipal() {
      try {
        const principal = await client.whoAmI();
        ctx.set({ principal });
        if (principal.role === 'trainee') await slice.loadDrill();
        return principal.role;
      } catch (err) {
        // A host that cannot say (an older one) serves the app's own token: the facilitator.
        ctx.set({ principal: { role: 'facilitator' }, gameDayError: errorText(err) });
        return 'facilitator';
      }
    },
    async loadDrill() {
      try {
        const drill = await client.getMyDrill();
        ctx.set({ drill });
        if (drill.runId) await hooks.refreshRun(drill.runId);
      } catch (err) {
        ctx.set({ gameDayError: errorText(err) });
      }
    },
    async loadGameDays() {
      try {
        ctx.set({ gameDays: await client.listGameDays() });
      } catch (err) {
        ctx.set({ gameDayError: errorText(err) });
      }
    },
    async createGameDay(args) {
      try {
        const { links } = await client.createGameDay(args);
        await slice.loadGameDays();
        ctx.set({ gameDayError: undefined });
        try {
          return { links, room: await client.openRoom() };
        } catch (err) {
          return { links, room: null, roomError: errorText(err) };
        }
      } catch (err) {
        ctx.set({ gameDayError: errorText(err) });
        return null;
      }
    },
    async startGameDay(gameDayId) {
      const error = await attempt(() => client.startGameDay({ gameDayId }));
      ctx.set({ gameDayError: error ?? undefined });
      await slice.loadGameDays();
      await slice.loadBoard(gameDayId);
    },
    async loadBoard(gameDayId) {
      try {
        const rows = await client.getGameDayBoard({ gameDayId });
        ctx.set((s) => ({ boards: { ...s.boards, [gameDayId]: rows } }));
      } catch (err) {
        ctx.set({ gameDayError: errorText(err) });
      }
    },
    async triggerFault(gameDayId, traineeId, faultId) {
      try {
        const results = await client.triggerGameDayFault({
          gameDayId,
          ...(traineeId ? { traineeId } : {}),
          ...(faultId ? { faultId } : {}),
        });
        await slice.loadBoard(gameDayId);
        return results.map((r) => `${r.traineeId}: ${r.detail}`).join('; ') || 'no drill running';
      } catch (err) {
        return errorText(err);
      }
    },
    sendHint: (gameDayId, traineeId, text) =>
      attempt(() => client.sendHint({ gameDayId, traineeId, text })),
    annotateRun: (gameDayId, traineeId, text) =>
      attempt(() => client.annotateRun({ gameDayId, traineeId, text })),
    addNote: (runId, text) => attempt(() => client.addNote({ runId, text })),
    getGroupDebrief: (gameDayId) => client.getGroupDebrief({ gameDayId }),
    exportGroupDebrief: (gameDayId, format) => client.exportGroupDebrief({ gameDayId, format }),
    async loadEngines() {
      try {
        ctx.set({ engines: await client.listEngines(), enginesError: undefined });
      } catch (err) {
        ctx.set({ enginesError: errorText(err) });
      }
    },
    async addEngine(input) {
      const error = await attempt(() => client.addEngine(input));
      await slice.loadEngines();
      return error;
    },
    async removeEngine(engineId) {
      const error = await attempt(() => client.removeEngine({ engineId }));
      await slice.loadEngines();
      return error;
    },
    async prepareEngine(engineId) {
      try {
        const { images } = await client.prepareEngine({ engineId });
        await slice.loadEngines();
        return `${images} image${images === 1 ? '' : 's'} ready`;
      } catch (err) {
        await slice.loadEngines();
        return errorText(err);
      }
    },
  };
  return slice;
}

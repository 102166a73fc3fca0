import type { AppState, AppStore } from './app-store-types';
import { errorText, type StoreContext } from './store-context';

/** The store's view of the engine: whether Docker answers, and the labs on offer. */
export interface EngineSlice {
  /** Asks for the engine status; while Docker does not answer, asks again every `recheckMs`. */
  recheckEngine: AppStore['recheckEngine'];
  /** Loads the lab catalog into `labs` (or the reason into `labsError`). */
  loadLabs(): Promise<void>;
  /** Cancels the pending re-check. */
  dispose(): void;
}

/**
 * The engine status and the lab catalog. An unreachable Docker engine is
 * asked again every `recheckMs` milliseconds (0: never) while the link is open.
 */
export function createEngineSlice(ctx: StoreContext, recheckMs: number): EngineSlice {
  const { client } = ctx;
  let recheckTimer: ReturnType<typeof setTimeout> | null = null;

  async function loadEngineStatus(): Promise<void> {
    ctx.set({ engineChecking: true });
    try {
      const status = await client.getEngineStatus();
      ctx.set((s) => {
        const next: Partial<AppState> = { engineStatus: status, engineChecking: false };
        if (s.engineStatusError !== undefined) next.engineStatusError = undefined;
        return next;
      });
    } catch (err) {
      ctx.set({ engineChecking: false, engineStatusError: errorText(err) });
    }
    scheduleRecheck();
  }

  function scheduleRecheck(): void {
    if (recheckTimer) clearTimeout(recheckTimer);
    recheckTimer = null;
    if (ctx.isDisposed() || recheckMs <= 0 || ctx.getState().engineStatus?.reachable) return;
    recheckTimer = setTimeout(() => {
      recheckTimer = null;
      if (ctx.getState().connection === 'open') void loadEngineStatus();
    }, recheckMs);
  }

  async function loadLabs(): Promise<void> {
    try {
      const labs = await client.listLabs();
      ctx.set({ labs, labsError: undefined });
    } catch (err) {
      ctx.set({ labsError: errorText(err) });
    }
  }

  return {
    recheckEngine: loadEngineStatus,
    loadLabs,
    dispose() {
      if (recheckTimer) clearTimeout(recheckTimer);
    },
  };
}

import { ipcMain, type BrowserWindow, type WebContents } from 'electron';
import type { IpcReply } from '../shared/bridge';
import { ipcChannel, IPC_EVENT_CHANNEL } from '../shared/engine-contract';
import { dispatchEngineCall, errorMessage } from '../shared/engine-dispatch';
import { ENGINE_METHODS } from '../shared/engine-methods';
import type { Engine } from '../core/engine-types';
import type { AppPages } from './app-pages';
import { isTrustedSender } from './sender-check';

/** Options of {@link registerIpcHost}. */
export interface IpcHostOptions {
  /** The engine, possibly still starting (calls wait for it; a failed start becomes each call's error). */
  engine: Promise<Engine>;
  /** Our one window, or null while there is none. Only it may call, and only it receives events. */
  getWindow: () => BrowserWindow | null;
  pages: AppPages;
}

function liveContents(window: BrowserWindow | null): WebContents | null {
  return window && !window.isDestroyed() && !window.webContents.isDestroyed()
    ? window.webContents
    : null;
}

/**
 * Serves the engine over Electron IPC: one `ipcMain.handle(ipcChannel(m))`
 * per method of `ENGINE_METHODS`. Each call is refused unless it comes from
 * our window's main frame showing one of our pages, then its argument is
 * validated against `engineArgSchemas` before the engine sees it. Replies are
 * {@link IpcReply} envelopes. Engine events go to our window only, on
 * `IPC_EVENT_CHANNEL`. Returns a function that removes the handlers and the
 * event subscription.
 */
export function registerIpcHost(options: IpcHostOptions): () => void {
  const { pages, getWindow } = options;
  for (const method of ENGINE_METHODS) {
    const channel = ipcChannel(method);
    ipcMain.handle(channel, async (event, args: unknown): Promise<IpcReply> => {
      if (!isTrustedSender(event, liveContents(getWindow()), pages.isAppUrl)) {
        console.warn(
          `Refused IPC ${channel} from ${event.senderFrame?.url ?? 'a frame that no longer exists'}`,
        );
        return { ok: false, error: 'refused: the call did not come from the Failover Dojo window' };
      }
      let engine: Engine;
      try {
        engine = await options.engine;
      } catch (error) {
        return { ok: false, error: `The engine failed to start: ${errorMessage(error)}` };
      }
      return dispatchEngineCall(engine, method, args);
    });
  }

  let unsubscribe: (() => void) | undefined;
  let disposed = false;
  options.engine.then(
    (engine) => {
      if (disposed) return;
      unsubscribe = engine.onEvent((engineEvent) => {
        const contents = liveContents(getWindow());
        if (contents && pages.isAppUrl(contents.getURL()))
          contents.send(IPC_EVENT_CHANNEL, engineEvent);
      });
    },
    () => undefined,
  );

  return () => {
    disposed = true;
    unsubscribe?.();
    for (const method of ENGINE_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}

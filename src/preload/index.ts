/**
 * The sandboxed preload: exposes `window.dojo`, one function per engine
 * method plus `onEvent`, and nothing else (no ipcRenderer, no generic invoke).
 * Bundled to CommonJS; at runtime it requires only `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { DOJO_BRIDGE_KEY, type IpcReply } from '../shared/bridge';
import type { EngineClient, EngineEvent, EngineMethod } from '../shared/engine-contract';
import { engineProxy } from '../shared/engine-methods';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../shared/ipc-channels';

/** Calls one method's channel and unwraps the main process's IpcReply. Not exposed. */
async function call(method: EngineMethod, args: unknown): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(ipcChannel(method), args)) as IpcReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

/** One function per method of ENGINE_METHODS, each calling its own channel; plus `onEvent`. */
const api: EngineClient = {
  ...engineProxy(call),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, engineEvent: EngineEvent): void =>
      listener(engineEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld(DOJO_BRIDGE_KEY, api);

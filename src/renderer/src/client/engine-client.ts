import { DOJO_BRIDGE_KEY } from '../../../shared/bridge';
import type { EngineClient, EngineMethod } from '../../../shared/engine-contract';
import { ENGINE_METHODS } from '../../../shared/engine-methods';
import { createIpcClient } from './ipc-client';
import type { DojoClient } from './types';
import { createWsClient, type WsClientOptions } from './ws-client';

export type { ConnectionState, DojoClient, Observable } from './types';

export { DOJO_BRIDGE_KEY };

/** The methods of EngineClient beyond EngineApi's (a Record, so one added there must be listed). */
const CLIENT_ONLY_METHODS: Record<Exclude<keyof EngineClient, EngineMethod>, true> = {
  onEvent: true,
};
/** Every method of EngineClient: ENGINE_METHODS and the client's own. */
const BRIDGE_METHODS: readonly string[] = [...ENGINE_METHODS, ...Object.keys(CLIENT_ONLY_METHODS)];

/**
 * The preload bridge (`window.dojo`, typed by src/shared/bridge.ts) if this page
 * runs inside the Electron app, else null. Checked method by method so a
 * partial object never passes for a client.
 */
export function findBridge(win: object): EngineClient | null {
  const candidate = (win as Record<string, unknown>)[DOJO_BRIDGE_KEY];
  if (!candidate || typeof candidate !== 'object') return null;
  const bridge = candidate as Record<string, unknown>;
  return BRIDGE_METHODS.every((m) => typeof bridge[m] === 'function')
    ? (candidate as EngineClient)
    : null;
}

/** `ws(s)://<host>/ws` for the page's own origin (the server's HttpOnly cookie authenticates it). */
export function wsUrlFor(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}

/** Picks the host: Electron IPC when the preload bridge exists, the WebSocket server otherwise. */
export function createEngineClient(
  win: Window & typeof globalThis = window,
  wsOptions?: WsClientOptions,
): DojoClient {
  const bridge = findBridge(win);
  if (bridge) return createIpcClient(bridge);
  return createWsClient(wsUrlFor(win.location), wsOptions);
}

import { DOJO_BRIDGE_KEY } from '../../../shared/bridge';
import type { EngineClient } from '../../../shared/engine-contract';
import { createIpcClient } from './ipc-client';
import type { DojoClient } from './types';
import { createWsClient, type WsClientOptions } from './ws-client';

export type { ConnectionState, DojoClient, Observable } from './types';

export { DOJO_BRIDGE_KEY };

/** Every method of EngineClient (a Record, so a method added to the contract must be listed). */
const BRIDGE_METHOD_SET: Record<keyof EngineClient, true> = {
  getEngineStatus: true,
  listLabs: true,
  startLab: true,
  stopLab: true,
  getRun: true,
  listRuns: true,
  listScenarios: true,
  getScenario: true,
  startScenario: true,
  act: true,
  requestHint: true,
  getArtifact: true,
  getDebrief: true,
  listAttempts: true,
  exportDebrief: true,
  openConsole: true,
  consoleInput: true,
  resizeConsole: true,
  closeConsole: true,
  getLogs: true,
  addNote: true,
  whoAmI: true,
  getMyDrill: true,
  createGameDay: true,
  listGameDays: true,
  startGameDay: true,
  triggerGameDayFault: true,
  sendHint: true,
  annotateRun: true,
  getGameDayBoard: true,
  getGroupDebrief: true,
  exportGroupDebrief: true,
  openRoom: true,
  checkScenario: true,
  getScenarioSource: true,
  saveScenario: true,
  deleteScenario: true,
  exportScenario: true,
  importScenario: true,
  startDryRun: true,
  getDryRun: true,
  onEvent: true,
};
const BRIDGE_METHODS = Object.keys(BRIDGE_METHOD_SET);

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

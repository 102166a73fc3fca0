/**
 * The sandboxed preload: exposes `window.dojo`, one function per engine
 * method plus `onEvent`, and nothing else (no ipcRenderer, no generic invoke).
 * Bundled to CommonJS; at runtime it requires only `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { DOJO_BRIDGE_KEY, type IpcReply } from '../shared/bridge';
import type { EngineApi, EngineClient, EngineEvent, EngineMethod } from '../shared/engine-contract';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../shared/ipc-channels';

/** Calls one fixed method's channel and unwraps the main process's IpcReply. Not exposed. */
async function call<M extends EngineMethod>(
  method: M,
  args?: Parameters<EngineApi[M]>[0],
): Promise<Awaited<ReturnType<EngineApi[M]>>> {
  const reply = (await ipcRenderer.invoke(ipcChannel(method), args)) as IpcReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.result as Awaited<ReturnType<EngineApi[M]>>;
}

const api: EngineClient = {
  getEngineStatus: () => call('getEngineStatus'),
  listLabs: () => call('listLabs'),
  startLab: (args) => call('startLab', args),
  stopLab: (args) => call('stopLab', args),
  getRun: (args) => call('getRun', args),
  listRuns: () => call('listRuns'),
  listScenarios: () => call('listScenarios'),
  getScenario: (args) => call('getScenario', args),
  startScenario: (args) => call('startScenario', args),
  act: (args) => call('act', args),
  requestHint: (args) => call('requestHint', args),
  getArtifact: (args) => call('getArtifact', args),
  getDebrief: (args) => call('getDebrief', args),
  listAttempts: () => call('listAttempts'),
  exportDebrief: (args) => call('exportDebrief', args),
  openConsole: (args) => call('openConsole', args),
  consoleInput: (args) => call('consoleInput', args),
  resizeConsole: (args) => call('resizeConsole', args),
  closeConsole: (args) => call('closeConsole', args),
  getLogs: (args) => call('getLogs', args),
  addNote: (args) => call('addNote', args),
  whoAmI: () => call('whoAmI'),
  getMyDrill: () => call('getMyDrill'),
  createGameDay: (args) => call('createGameDay', args),
  listGameDays: () => call('listGameDays'),
  startGameDay: (args) => call('startGameDay', args),
  triggerGameDayFault: (args) => call('triggerGameDayFault', args),
  sendHint: (args) => call('sendHint', args),
  annotateRun: (args) => call('annotateRun', args),
  getGameDayBoard: (args) => call('getGameDayBoard', args),
  getGroupDebrief: (args) => call('getGroupDebrief', args),
  exportGroupDebrief: (args) => call('exportGroupDebrief', args),
  openRoom: () => call('openRoom'),
  checkScenario: (args) => call('checkScenario', args),
  getScenarioSource: (args) => call('getScenarioSource', args),
  saveScenario: (args) => call('saveScenario', args),
  deleteScenario: (args) => call('deleteScenario', args),
  exportScenario: (args) => call('exportScenario', args),
  importScenario: (args) => call('importScenario', args),
  startDryRun: (args) => call('startDryRun', args),
  getDryRun: (args) => call('getDryRun', args),
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

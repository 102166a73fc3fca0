import type { EngineClient } from '../../../shared/engine-contract';
import { createObservable, type DojoClient } from './types';

/**
 * Wraps the Electron preload bridge (already an EngineClient) as a DojoClient.
 * IPC has no connection to lose: the state is always `open`.
 * Methods are called on the bridge object (never detached) so a contextBridge
 * proxy keeps working.
 */
export function createIpcClient(bridge: EngineClient): DojoClient {
  const connection = createObservable<'connecting' | 'open' | 'closed'>('open');
  const unsubscribers = new Set<() => void>();
  return {
    connection,
    getEngineStatus: () => bridge.getEngineStatus(),
    listLabs: () => bridge.listLabs(),
    startLab: (args) => bridge.startLab(args),
    stopLab: (args) => bridge.stopLab(args),
    getRun: (args) => bridge.getRun(args),
    listRuns: () => bridge.listRuns(),
    listScenarios: () => bridge.listScenarios(),
    getScenario: (args) => bridge.getScenario(args),
    startScenario: (args) => bridge.startScenario(args),
    act: (args) => bridge.act(args),
    requestHint: (args) => bridge.requestHint(args),
    getArtifact: (args) => bridge.getArtifact(args),
    getDebrief: (args) => bridge.getDebrief(args),
    listAttempts: () => bridge.listAttempts(),
    exportDebrief: (args) => bridge.exportDebrief(args),
    openConsole: (args) => bridge.openConsole(args),
    consoleInput: (args) => bridge.consoleInput(args),
    resizeConsole: (args) => bridge.resizeConsole(args),
    closeConsole: (args) => bridge.closeConsole(args),
    getLogs: (args) => bridge.getLogs(args),
    addNote: (args) => bridge.addNote(args),
    whoAmI: () => bridge.whoAmI(),
    getMyDrill: () => bridge.getMyDrill(),
    createGameDay: (args) => bridge.createGameDay(args),
    listGameDays: () => bridge.listGameDays(),
    startGameDay: (args) => bridge.startGameDay(args),
    triggerGameDayFault: (args) => bridge.triggerGameDayFault(args),
    sendHint: (args) => bridge.sendHint(args),
    annotateRun: (args) => bridge.annotateRun(args),
    getGameDayBoard: (args) => bridge.getGameDayBoard(args),
    getGroupDebrief: (args) => bridge.getGroupDebrief(args),
    exportGroupDebrief: (args) => bridge.exportGroupDebrief(args),
    openRoom: () => bridge.openRoom(),
    checkScenario: (args) => bridge.checkScenario(args),
    getScenarioSource: (args) => bridge.getScenarioSource(args),
    saveScenario: (args) => bridge.saveScenario(args),
    deleteScenario: (args) => bridge.deleteScenario(args),
    exportScenario: (args) => bridge.exportScenario(args),
    importScenario: (args) => bridge.importScenario(args),
    startDryRun: (args) => bridge.startDryRun(args),
    getDryRun: (args) => bridge.getDryRun(args),
    onEvent(listener) {
      const off = bridge.onEvent(listener);
      const unsubscribe = () => {
        unsubscribers.delete(unsubscribe);
        off();
      };
      unsubscribers.add(unsubscribe);
      return unsubscribe;
    },
    dispose() {
      for (const off of [...unsubscribers]) off();
    },
  };
}

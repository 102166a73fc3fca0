import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../shared/engine-contract';
import { createEngineClient, findBridge, wsUrlFor } from './engine-client';
import type { WebSocketLike } from './ws-client';

function bridge(): EngineClient {
  return {
    getEngineStatus: async () => ({
      reachable: true,
      endpoint: 'npipe:////./pipe/docker_engine',
      howToStart: [],
    }),
    listLabs: async () => [],
    startLab: async () => ({ runId: 'run-1' }),
    stopLab: async () => {},
    getRun: async () => null,
    listRuns: async () => [],
    listScenarios: async () => ({ scenarios: [], problems: [] }),
    getScenario: async () => null,
    startScenario: async () => ({ runId: 'run-2' }),
    act: async () => ({ ok: true, detail: '' }),
    requestHint: async () => ({ ok: true, detail: '' }),
    getArtifact: async () => ({ filename: 'f', content: '', mediaType: 'text/plain' }),
    getDebrief: async () => null,
    listAttempts: async () => [],
    exportDebrief: async () => ({ filename: 'x.md', content: '' }),
    openConsole: async () => ({ consoleId: 'c-1' }),
    consoleInput: async () => {},
    resizeConsole: async () => {},
    closeConsole: async () => {},
    getLogs: async () => [],
    addNote: async () => {},
    whoAmI: async () => ({ role: 'facilitator' as const }),
    getMyDrill: async () => Promise.reject(new Error('no drill')),
    createGameDay: async () => ({
      gameDay: {
        id: 'g0000000000000001',
        name: 'fake',
        mode: 'blind' as const,
        timing: 'trigger' as const,
        createdAt: 0,
        seed: 1,
        trainees: [],
      },
      links: [],
    }),
    listGameDays: async () => [],
    startGameDay: async () => ({
      id: 'g0000000000000001',
      name: 'fake',
      mode: 'blind' as const,
      timing: 'trigger' as const,
      createdAt: 0,
      seed: 1,
      trainees: [],
    }),
    triggerGameDayFault: async () => [],
    sendHint: async () => {},
    annotateRun: async () => {},
    getGameDayBoard: async () => [],
    getGroupDebrief: async () => ({
      gameDay: {
        id: 'g0000000000000001',
        name: 'fake',
        mode: 'blind' as const,
        timing: 'trigger' as const,
        createdAt: 0,
      },
      rows: [],
      checkIds: [],
      checkTitles: {},
      scenarios: [],
    }),
    exportGroupDebrief: async () => ({ filename: 'g.md', content: '' }),
    openRoom: async () => null,
    checkScenario: async () => ({ file: 'draft/draft.yaml', problems: [] }),
    getScenarioSource: async () => null,
    saveScenario: async () => ({ ok: true, scenarioId: 'x', file: 'redis-sentinel/x.yaml' }),
    deleteScenario: async () => ({ deleted: [] }),
    exportScenario: async () => ({ filename: 'x.dojo-scenario.json', content: '{}' }),
    importScenario: async () => ({ ok: true, scenarioId: 'x' }),
    startDryRun: async () => ({ dryRunId: 'dry-000000000000' }),
    getDryRun: async () => null,
    onEvent: () => () => {},
  };
}

describe('engine-client', () => {
  it('builds the WebSocket url from the page origin', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:4321' })).toBe('ws://127.0.0.1:4321/ws');
    expect(wsUrlFor({ protocol: 'https:', host: 'dojo.local' })).toBe('wss://dojo.local/ws');
  });

  it('finds the preload bridge only when it is a complete client', () => {
    expect(findBridge({})).toBeNull();
    expect(findBridge({ dojo: { listLabs: () => [] } })).toBeNull();
    // A bridge from an older preload (no scenario methods) is not taken for a client.
    const old: Partial<EngineClient> = bridge();
    delete old.act;
    expect(findBridge({ dojo: old })).toBeNull();
    const b = bridge();
    expect(findBridge({ dojo: b })).toBe(b);
  });

  it('uses IPC when window.dojo exists (always open)', async () => {
    const win = { dojo: bridge(), location: { protocol: 'file:', host: '' } } as unknown as Window &
      typeof globalThis;
    const client = createEngineClient(win);
    expect(client.connection.get()).toBe('open');
    await expect(client.getEngineStatus()).resolves.toMatchObject({
      endpoint: 'npipe:////./pipe/docker_engine',
    });
  });

  it('uses the WebSocket otherwise', () => {
    const urls: string[] = [];
    class WS implements WebSocketLike {
      readyState = 0;
      onopen = null;
      onmessage = null;
      onclose = null;
      onerror = null;
      constructor(url: string) {
        urls.push(url);
      }
      send() {}
      close() {}
    }
    const win = { location: { protocol: 'http:', host: 'localhost:9000' } } as unknown as Window &
      typeof globalThis;
    const client = createEngineClient(win, { WebSocketImpl: WS });
    expect(urls).toEqual(['ws://localhost:9000/ws']);
    expect(client.connection.get()).toBe('connecting');
    client.dispose();
  });
});

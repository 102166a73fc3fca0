import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../shared/engine-contract';
import { withEveryEngineMethod } from '../../../shared/testing/partial-engine';
import { createEngineClient, findBridge, wsUrlFor } from './engine-client';
import type { WebSocketLike } from './ws-client';

/** A complete bridge: getEngineStatus answers, every other engine method rejects as not in it. */
function bridge(): EngineClient {
  return withEveryEngineMethod(
    {
      getEngineStatus: async () => ({
        reachable: true,
        endpoint: 'npipe:////./pipe/docker_engine',
        howToStart: [],
      }),
      onEvent: () => () => {},
    },
    'this bridge',
  );
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

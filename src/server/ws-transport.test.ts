import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsServerMessage } from '../shared/engine-contract';
import { startServer, type RunningServer } from './http-host';
import { createFakeEngine, type FakeEngine } from './testing/fake-engine';
import { FACILITATOR_MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES } from './ws-transport';

let dir: string;
let engine: FakeEngine;
let server: RunningServer;
let origin: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dojo-ws-'));
  engine = createFakeEngine();
  server = await startServer({ engine, rendererDir: dir });
  origin = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  engine.calls.length = 0;
});

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opens. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', reject);
  });
}

/** An open browser-like socket (cookie + our Origin) with a queue of parsed messages. */
async function connect(): Promise<{
  ws: WebSocket;
  next(): Promise<WsServerMessage>;
  call(message: unknown): Promise<WsServerMessage>;
}> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
    headers: { Cookie: `dojo_token=${server.token}`, Origin: origin },
  });
  const queue: WsServerMessage[] = [];
  const waiters: ((message: WsServerMessage) => void)[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as WsServerMessage;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = (): Promise<WsServerMessage> => {
    const queued = queue.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => waiters.push(resolve));
  };
  return {
    ws,
    next,
    call: (message) => {
      ws.send(JSON.stringify(message));
      return next();
    },
  };
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('WebSocket transport: who may connect', () => {
  it('refuses a socket without the token (401)', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/ws`, { Origin: origin })).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/ws?token=wrong`, {})).toBe(401);
  });

  it('refuses a browser from another origin (403), even with the cookie', async () => {
    const cookie = `dojo_token=${server.token}`;
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws`, {
        Cookie: cookie,
        Origin: 'http://evil.example',
      }),
    ).toBe(403);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws`, {
        Cookie: cookie,
        Origin: 'http://127.0.0.1:1',
      }),
    ).toBe(403);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
        Origin: 'null',
      }),
    ).toBe(403);
  });

  it('refuses a cookie without an Origin; accepts the query token without one', async () => {
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws`, {
        Cookie: `dojo_token=${server.token}`,
      }),
    ).toBe(403);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {})).toBe(
      101,
    );
  });

  it('accepts the cookie from our own origin, by IP or by localhost', async () => {
    const cookie = `dojo_token=${server.token}`;
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws`, { Cookie: cookie, Origin: origin }),
    ).toBe(101);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws`, {
        Cookie: cookie,
        Origin: `http://localhost:${server.port}`,
      }),
    ).toBe(101);
  });

  it('has no socket anywhere but /ws', async () => {
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, {}),
    ).toBe(404);
  });
});

describe('WebSocket transport: calls and events', () => {
  it('returns the result of a valid call', async () => {
    const client = await connect();
    expect(
      await client.call({ id: 1, method: 'startLab', args: { labId: 'redis-sentinel' } }),
    ).toEqual({
      id: 1,
      ok: true,
      result: { runId: 'run-0001' },
    });
    expect(await client.call({ id: 2, method: 'listRuns' })).toEqual({
      id: 2,
      ok: true,
      result: [],
    });
    expect(engine.calls).toEqual([
      { method: 'startLab', args: { labId: 'redis-sentinel' } },
      { method: 'listRuns', args: undefined },
    ]);
    client.ws.close();
  });

  it('answers an unknown method or invalid arguments with an error, without reaching the engine', async () => {
    const client = await connect();
    for (const [id, message] of [
      [1, { method: 'dispose' }],
      [2, { method: 'constructor' }],
      [3, { method: '__proto__' }],
      [4, { method: 'startLab', args: { labId: '../../etc' } }],
      [5, { method: 'startLab', args: { labId: 'redis-sentinel', extra: 1 } }],
      [6, { method: 'listLabs', args: { anything: true } }],
      [7, { method: 'stopLab' }],
    ] as const) {
      const reply = await client.call({ id, ...message });
      expect(reply).toMatchObject({ id, ok: false });
      expect('error' in reply && reply.error).toMatch(/^(unknown method|invalid arguments)/);
    }
    expect(engine.calls).toEqual([]);
    client.ws.close();
  });

  it('reports an engine failure as its message only', async () => {
    const client = await connect();
    const reply = await client.call({ id: 9, method: 'startLab', args: { labId: 'boom' } });
    expect(reply).toEqual({ id: 9, ok: false, error: 'docker is not reachable' });
    client.ws.close();
  });

  it('broadcasts engine events to every socket and unsubscribes on close', async () => {
    const a = await connect();
    const b = await connect();
    expect(engine.listeners.size).toBe(2);
    const event = {
      type: 'run' as const,
      event: { kind: 'phase' as const, phase: 'running' as const, runId: 'run-0001', seq: 1, t: 1 },
    };
    engine.emit(event);
    expect(await a.next()).toEqual({ event });
    expect(await b.next()).toEqual({ event });
    const closing = [closed(a.ws), closed(b.ws)];
    a.ws.close();
    b.ws.close();
    await Promise.all(closing);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engine.listeners.size).toBe(0);
  });

  it('closes a socket that sends non-JSON or an oversized frame', async () => {
    const bad = await connect();
    const badClosed = closed(bad.ws);
    bad.ws.send('not json');
    expect(await badClosed).toBe(1003);
    const big = await connect();
    const bigClosed = closed(big.ws);
    big.ws.send(
      JSON.stringify({
        id: 1,
        method: 'listLabs',
        args: 'x'.repeat(FACILITATOR_MAX_MESSAGE_BYTES),
      }),
    );
    expect(await bigClosed).toBe(1009);
    expect(engine.calls).toEqual([]);
  });

  it('takes a facilitator’s message past the trainee limit (a scenario bundle to import)', async () => {
    const facilitator = await connect();
    const content = 'x'.repeat(2 * MAX_MESSAGE_BYTES);
    expect(
      await facilitator.call({ id: 7, method: 'importScenario', args: { content } }),
    ).toMatchObject({ id: 7, ok: true });
    expect(engine.calls).toEqual([{ method: 'importScenario', args: { content } }]);
    facilitator.ws.close();
  });
});

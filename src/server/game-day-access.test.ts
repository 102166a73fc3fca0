import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine } from '../core/engine';
import type { Engine } from '../core/engine-types';
import type { WsServerMessage } from '../shared/engine-contract';
import type { TraineeLink } from '../shared/game-day-types';
import { startServer, type RunningServer } from './http-host';
import { MAX_MESSAGE_BYTES } from './ws-transport';

/** No Docker here: creating a game day and checking who may call what never reach the engine. */
type Runtime = NonNullable<Parameters<typeof createEngine>[1]>;
const noRuntime = new Proxy({} as Runtime, {
  get: (_t, key) => (key === 'endpoint' ? 'none://' : () => Promise.reject(new Error('no engine'))),
});

let dir: string;
let engine: Engine;
let server: RunningServer;
let origin: string;
let links: TraineeLink[];

function get(urlPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: urlPath, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A browser-like socket holding `token` in its cookie; `call` sends one request and waits for its reply. */
async function socket(token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
    headers: { Cookie: `dojo_token=${token}`, Origin: origin },
  });
  const replies = new Map<number, (m: WsServerMessage) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as WsServerMessage;
    if ('id' in m) replies.get(m.id)?.(m);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const call = (method: string, args?: unknown) =>
    new Promise<WsServerMessage>((resolve) => {
      id += 1;
      replies.set(id, resolve);
      ws.send(JSON.stringify({ id, method, args }));
    });
  return { ws, call };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dojo-gd-access-'));
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>dojo</title>');
  engine = await createEngine(
    {
      reapOnStart: false,
      dataDir: path.join(dir, 'data'),
      scenariosDir: fileURLToPath(new URL('../../scenarios', import.meta.url)),
    },
    noRuntime,
  );
  server = await startServer({ engine, rendererDir });
  origin = `http://127.0.0.1:${server.port}`;
  const facilitator = await socket(server.token);
  const created = await facilitator.call('createGameDay', {
    name: 'Thursday',
    mode: 'blind',
    timing: 'trigger',
    scenarioIds: ['stale-leader'],
    trainees: ['Ana', 'Bo'],
  });
  if (!('ok' in created) || !created.ok) throw new Error(JSON.stringify(created));
  links = (created.result as { links: TraineeLink[] }).links;
  facilitator.ws.close();
});
afterAll(async () => {
  await server.close();
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('a game day’s trainee links', () => {
  it('a trainee’s link becomes their cookie, and serves the app; an unknown token does not', async () => {
    const res = await get(`/?token=${links[0]!.token}`);
    expect(res.status).toBe(302);
    expect(String(res.headers['set-cookie'])).toContain(`dojo_token=${links[0]!.token}`);
    expect((await get('/', { Cookie: `dojo_token=${links[0]!.token}` })).status).toBe(200);
    expect((await get('/', { Cookie: `dojo_token=${links[0]!.token}x` })).status).toBe(401);
    expect((await get(`/?token=${links[0]!.token}x`)).status).toBe(401);
  });

  it('a token link never redirects off-site', async () => {
    const res = await get(`/.//evil.example/?token=${server.token}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/evil.example/');
  });

  it('a trainee’s socket knows who it is and gets 403 for the facilitator’s calls and the catalog', async () => {
    const ana = await socket(links[0]!.token);
    expect(await ana.call('whoAmI')).toMatchObject({
      ok: true,
      result: { role: 'trainee', name: 'Ana', traineeId: 't1' },
    });
    const drill = await ana.call('getMyDrill');
    expect(drill).toMatchObject({ ok: true, result: { mode: 'blind', traineeName: 'Ana' } });
    expect(JSON.stringify(drill)).not.toMatch(/nobody told|FP-015|stale leader|stale-leader/i);
    for (const [method, args] of [
      ['listGameDays', undefined],
      [
        'createGameDay',
        {
          name: 'x',
          mode: 'open',
          timing: 'window',
          scenarioIds: ['stale-leader'],
          trainees: ['Z'],
        },
      ],
      ['listScenarios', undefined],
      ['getScenario', { scenarioId: 'stale-leader' }],
      ['listRuns', undefined],
      ['listAttempts', undefined],
      ['startLab', { labId: 'redis-sentinel' }],
      ['openRoom', undefined],
      ['checkScenario', { text: 'id: x' }],
      ['getScenarioSource', { scenarioId: 'stale-leader' }],
      ['saveScenario', { text: 'id: x', replace: true }],
      ['deleteScenario', { scenarioId: 'stale-leader' }],
      ['exportScenario', { scenarioId: 'stale-leader' }],
      ['importScenario', { content: '{}' }],
    ] as const) {
      const reply = await ana.call(method, args);
      expect(reply, method).toMatchObject({ ok: false, status: 403 });
    }
    ana.ws.close();
  });

  it('a trainee’s socket keeps the small message limit (the facilitator’s is larger)', async () => {
    const ana = await socket(links[0]!.token);
    const code = new Promise<number>((resolve) => ana.ws.once('close', resolve));
    ana.ws.send(
      JSON.stringify({
        id: 1,
        method: 'importScenario',
        args: { content: 'x'.repeat(MAX_MESSAGE_BYTES) },
      }),
    );
    expect(await code).toBe(1009);
  });

  it('the facilitator’s socket keeps every call', async () => {
    const facilitator = await socket(server.token);
    expect(await facilitator.call('whoAmI')).toMatchObject({
      ok: true,
      result: { role: 'facilitator' },
    });
    const days = await facilitator.call('listGameDays');
    expect(days).toMatchObject({ ok: true, result: [{ name: 'Thursday' }] });
    expect(JSON.stringify(days)).not.toContain(links[0]!.token);
    facilitator.ws.close();
  });
});

describe('the Host header', () => {
  it('a request or socket naming another host (DNS rebinding) is refused, even with the token', async () => {
    const cookie = { Cookie: `dojo_token=${server.token}` };
    expect((await get('/', { ...cookie, Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get('/', { ...cookie, Host: `localhost:${server.port}` })).status).toBe(200);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
        headers: { Host: `evil.example:${server.port}` },
      });
      ws.on('open', () => (ws.close(), resolve(101)));
      ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(403);
  });
});

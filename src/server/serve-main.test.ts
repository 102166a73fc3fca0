import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServeSettings, REPO_ROOT, runServe } from './serve-main';
import type { RoomAddress } from '../shared/game-day-types';
import { roomAddress } from './origins';
import { createFakeEngine } from './testing/fake-engine';

describe('parseServeSettings', () => {
  it('defaults to loopback, a free port and <repo>/out/renderer', () => {
    expect(parseServeSettings([], {})).toEqual({
      host: '127.0.0.1',
      port: 0,
      rendererDir: path.join(REPO_ROOT, 'out', 'renderer'),
    });
    expect(REPO_ROOT).toBe(path.resolve(__dirname, '..', '..'));
  });

  it('takes the port from --port, else DOJO_PORT', () => {
    expect(parseServeSettings(['--port', '4000'], { DOJO_PORT: '5000' })).toMatchObject({
      port: 4000,
    });
    expect(parseServeSettings([], { DOJO_PORT: '5000' })).toMatchObject({ port: 5000 });
    expect(parseServeSettings(['--port', 'x'], {})).toHaveProperty('error');
    expect(parseServeSettings(['--port', '70000'], {})).toHaveProperty('error');
  });

  it('refuses a non-loopback host unless --allow-remote', () => {
    expect(parseServeSettings(['--host', 'localhost'], {})).toMatchObject({ host: 'localhost' });
    expect(parseServeSettings(['--host', '::1'], {})).toMatchObject({ host: '::1' });
    expect(parseServeSettings(['--host', '0.0.0.0'], {})).toHaveProperty('error');
    expect(parseServeSettings(['--host', '192.168.1.5'], {})).toHaveProperty('error');
    expect(parseServeSettings(['--host', '0.0.0.0', '--allow-remote'], {})).toMatchObject({
      host: '0.0.0.0',
    });
    expect(parseServeSettings(['--bogus'], {})).toHaveProperty('error');
  });
});

describe('runServe', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints one line, writes the URL file, and disposes the engine on SIGTERM', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dojo-cli-'));
    const urlFile = path.join(dir, 'url');
    const engine = createFakeEngine();
    const printed: string[] = [];
    let signal: ((name: string) => void) | undefined;
    let room: (() => Promise<RoomAddress>) | undefined;
    const exited = new Promise<number>((resolve) => {
      void runServe({
        createEngine: (options) => ((room = options.room), engine),
        argv: [],
        env: { DOJO_URL_FILE: urlFile, DOJO_RENDERER_DIR: dir },
        print: (line) => printed.push(line),
        warn: () => {},
        exit: resolve,
        onSignal: (handler) => (signal = handler),
      });
    });
    await expect.poll(() => printed.length).toBe(1);
    expect(printed[0]).toMatch(
      /^Failover Dojo is serving at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/,
    );
    const url = printed[0]?.replace('Failover Dojo is serving at ', '');
    expect((await readFile(urlFile, 'utf8')).trim()).toBe(url);
    expect((await stat(urlFile)).mode & 0o077).toBe(0);
    const health = await fetch(new URL('/healthz', url), {
      headers: { Authorization: `Bearer ${new URL(url ?? '').searchParams.get('token')}` },
    });
    expect(await health.json()).toEqual({ ok: true });
    // Trainees join at this server's own address.
    expect(await room?.()).toEqual({ origin: new URL(url ?? '').origin, onNetwork: false });
    signal?.('SIGTERM');
    expect(await exited).toBe(0);
    expect(engine.disposed).toBe(true);
  });

  it('exits 2 with a message for a refused host, without creating an engine', async () => {
    const warnings: string[] = [];
    let created = false;
    let code: number | undefined;
    await runServe({
      createEngine: () => {
        created = true;
        return createFakeEngine();
      },
      argv: ['--host', '10.0.0.1'],
      env: {},
      print: () => {},
      warn: (line) => warnings.push(line),
      exit: (c) => (code = c),
      onSignal: () => {},
    });
    expect(code).toBe(2);
    expect(created).toBe(false);
    expect(warnings.join('\n')).toContain('--allow-remote');
  });
});

describe('roomAddress', () => {
  it('is loopback for a loopback bind, the address for a specific one, an external one for a wildcard', () => {
    expect(roomAddress('127.0.0.1', 4000)).toEqual({
      origin: 'http://127.0.0.1:4000',
      onNetwork: false,
    });
    expect(roomAddress('localhost', 4000).origin).toBe('http://127.0.0.1:4000');
    expect(roomAddress('192.168.1.5', 4000)).toEqual({
      origin: 'http://192.168.1.5:4000',
      onNetwork: true,
    });
    const wildcard = roomAddress('0.0.0.0', 4000);
    expect(wildcard.onNetwork).toBe(true);
    expect(wildcard.origin).toMatch(/^http:\/\/[\d.]+:4000$/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeEngine } from '../server/testing/fake-engine';
import { createRoomHost, roomSettings, type RoomHost } from './room-host';

/** A GET without following redirects: status, Location and Set-Cookie. */
function get(url: string): Promise<{ status: number; location?: string; cookie?: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      resolve({
        status: res.statusCode ?? 0,
        ...(res.headers.location ? { location: res.headers.location } : {}),
        ...(res.headers['set-cookie'] ? { cookie: res.headers['set-cookie'].join(';') } : {}),
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('roomSettings', () => {
  it('defaults to loopback and a free port', () => {
    expect(roomSettings({})).toEqual({ host: '127.0.0.1', port: 0 });
    expect(roomSettings({ DOJO_ROOM_PORT: '4100' })).toEqual({ host: '127.0.0.1', port: 4100 });
    expect(roomSettings({ DOJO_ROOM_PORT: 'x' })).toHaveProperty('error');
  });

  it('refuses a network address unless DOJO_ROOM_ALLOW_REMOTE=1', () => {
    expect(roomSettings({ DOJO_ROOM_HOST: '0.0.0.0' })).toMatchObject({
      error: expect.stringContaining('DOJO_ROOM_ALLOW_REMOTE=1'),
    });
    expect(roomSettings({ DOJO_ROOM_HOST: '0.0.0.0', DOJO_ROOM_ALLOW_REMOTE: '1' })).toEqual({
      host: '0.0.0.0',
      port: 0,
    });
  });
});

describe('the Electron app’s room', () => {
  let room: RoomHost | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await room?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts once on demand, lets a trainee’s link in, refuses anyone without a token, and closes', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dojo-room-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Dojo</title>');
    const engine = createFakeEngine();
    engine.isTraineeToken = async (token) => token === 'trainee-token-1';
    const warnings: string[] = [];
    room = createRoomHost({
      engine: async () => engine,
      rendererDir: dir,
      env: {},
      warn: (line) => warnings.push(line),
    });
    const first = await room.open();
    expect(first.onNetwork).toBe(false);
    expect(first.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await room.open()).toEqual(first);
    expect(warnings).toEqual([]);

    const joined = await get(`${first.origin}/?token=trainee-token-1`);
    expect(joined.status).toBe(302);
    expect(joined.location).toBe('/');
    expect(joined.cookie).toContain('trainee-token-1');
    expect((await get(`${first.origin}/`)).status).toBe(401);
    expect((await get(`${first.origin}/?token=someone-else`)).status).toBe(401);

    await room.close();
    await expect(get(`${first.origin}/`)).rejects.toThrow();
    await expect(room.open()).rejects.toThrow('closing');
  });

  it('says why it cannot open on a network address without the explicit option', async () => {
    room = createRoomHost({
      engine: async () => createFakeEngine(),
      rendererDir: '/nonexistent',
      env: { DOJO_ROOM_HOST: '0.0.0.0' },
      warn: () => {},
    });
    await expect(room.open()).rejects.toThrow('DOJO_ROOM_ALLOW_REMOTE=1');
  });
});

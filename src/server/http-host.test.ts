import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './http-host';
import { createFakeEngine } from './testing/fake-engine';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent byte for byte (fetch would normalize `..`). */
function raw(
  port: number,
  urlPath: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer (HTTP)', () => {
  let dir: string;
  let server: RunningServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dojo-http-'));
    const rendererDir = path.join(dir, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>dojo</title>');
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'TOP-SECRET');
    server = await startServer({ engine: createFakeEngine(), rendererDir });
    auth = { Cookie: `dojo_token=${server.token}` };
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('binds loopback and returns a URL with a 43-character token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 with one line to a request without the token', async () => {
    const res = await raw(server.port, '/');
    expect(res.status).toBe(401);
    expect(res.body.trim().split('\n')).toHaveLength(1);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await raw(server.port, '/healthz')).status).toBe(401);
    expect((await raw(server.port, '/?token=wrong')).status).toBe(401);
    expect((await raw(server.port, '/', { Cookie: 'dojo_token=wrong' })).status).toBe(401);
  });

  it('exchanges ?token= for an HttpOnly SameSite=Strict cookie and redirects to /', async () => {
    const res = await raw(server.port, `/?token=${server.token}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`dojo_token=${server.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('serves the renderer with the cookie or a bearer token, with security headers', async () => {
    const page = await raw(server.port, '/', auth);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>dojo</title>');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; frame-ancestors 'none'",
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const script = await raw(server.port, '/assets/app.js', {
      Authorization: `Bearer ${server.token}`,
    });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toBe('console.log(1)');
  });

  it('falls back to index.html for client routes and 404s missing assets', async () => {
    const route = await raw(server.port, '/runs/run-0001', auth);
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>dojo</title>');
    expect((await raw(server.port, '/assets/missing.js', auth)).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const attempt of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const res = await raw(server.port, attempt, auth);
      expect(res.body, attempt).not.toContain('TOP-SECRET');
      expect([200, 404], attempt).toContain(res.status);
    }
  });

  it('answers /healthz and refuses other methods', async () => {
    const health = await raw(server.port, '/healthz', auth);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    expect((await raw(server.port, '/', auth, 'POST')).status).toBe(405);
  });
});

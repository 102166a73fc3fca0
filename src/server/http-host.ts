import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';
import type { Engine } from '../core/engine-types';
import { generateToken, holderOf, presentedTokens, tokenCookie } from './auth';
import { allowedHosts, allowedOrigins, hostPort } from './origins';
import { serveStatic } from './static-files';
import { attachWsTransport } from './ws-transport';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** The engine to expose; the server never disposes it. */
  engine: Engine;
  /** Address to bind. Default `127.0.0.1`; callers refuse non-loopback addresses unless asked. */
  host?: string;
  /** Port to bind; 0 (default) picks a free one. */
  port?: number;
  /** Folder of the built renderer (`out/renderer`), served statically. */
  rendererDir: string;
  /** The access token; default a fresh random 32-byte base64url token. */
  token?: string;
}

/** A running server. */
export interface RunningServer {
  /** The URL to open once: `http://host:port/?token=...` (exchanged for a cookie on first load). */
  url: string;
  port: number;
  token: string;
  /** Closes every WebSocket and connection, then the listener. Does not dispose the engine. */
  close(): Promise<void>;
}

const UNAUTHORIZED =
  'Unauthorized: open the URL with the token that the server printed when it started.\n';

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function reply(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  rendererDir: string,
  isTrainee: (t: string) => Promise<boolean>,
  hosts: () => ReadonlySet<string>,
): Promise<void> {
  setSecurityHeaders(res);
  if (!hosts().has((req.headers.host ?? '').toLowerCase()))
    return reply(res, 403, 'text/plain; charset=utf-8', 'Forbidden: unknown Host\n');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const queryToken = url.searchParams.get('token');
  const isRead = req.method === 'GET' || req.method === 'HEAD';

  // A trainee's link carries their own token: it becomes their cookie, as the app's token does.
  if (queryToken !== null && isRead && (await holderOf(queryToken, token, isTrainee))) {
    url.searchParams.delete('token');
    res.setHeader('Set-Cookie', tokenCookie(queryToken));
    // One leading slash only: `//host/...` would send the browser off-site.
    const location = `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
    res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  let holder: string | undefined;
  for (const t of presentedTokens(req)) holder ??= await holderOf(t, token, isTrainee);
  if (!holder) return reply(res, 401, 'text/plain; charset=utf-8', UNAUTHORIZED);
  if (!isRead) {
    res.setHeader('Allow', 'GET, HEAD');
    return reply(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
  }
  if (url.pathname === '/healthz') return reply(res, 200, 'application/json', '{"ok":true}');
  serveStatic(rendererDir, url.pathname, res, req.method === 'HEAD').catch(() => {
    if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', 'Internal error\n');
    else res.destroy();
  });
}

/**
 * Serves the engine to a browser: the built renderer over HTTP and the engine
 * API over a WebSocket at `/ws`. Every request and socket needs the token
 * (first navigation `?token=` → HttpOnly cookie; later the cookie or
 * `Authorization: Bearer`); everything else gets 401.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { engine, host = '127.0.0.1', port = 0, rendererDir } = options;
  const token = options.token ?? generateToken();
  const isTrainee = (t: string) => engine.isTraineeToken(t);
  // Known once bound (the port may be picked by the system).
  let hosts: ReadonlySet<string> = new Set();
  const server = createServer((req, res) => {
    handleRequest(req, res, token, rendererDir, isTrainee, () => hosts).catch(() => {
      if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', 'Internal error\n');
      else res.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, bound);
  const transport = attachWsTransport(server, {
    engine,
    token,
    allowedOrigins: allowedOrigins(host, bound),
    allowedHosts: hosts,
  });
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `http://${hostPort(urlHost, bound)}/?token=${token}`,
    port: bound,
    token,
    async close() {
      transport.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

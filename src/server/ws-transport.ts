import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { EngineApi, EngineEvent, WsServerMessage } from '../shared/engine-contract';
import { dispatchEngineCall } from '../shared/engine-dispatch';
import type { Engine } from '../core/engine-types';
import { holderOf, presentedTokens, type TokenHolder } from './auth';

/** Largest accepted client message of a trainee; larger frames close the socket (1009). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * Largest accepted client message of the facilitator (the app's token): room
 * for a scenario bundle to import (1 MiB, escaped in JSON) or a scenario
 * text to save, so a big one gets the engine's own answer, not a closed socket.
 */
export const FACILITATOR_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** A socket whose unsent data exceeds this is a stalled client and is dropped. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Calls one socket may have in flight; more get an error reply. */
export const MAX_PENDING_CALLS = 32;
const HEARTBEAT_MS = 30_000;

/** Options of {@link attachWsTransport}. */
export interface WsTransportOptions {
  engine: Engine;
  token: string;
  /** Origins a browser page of this server can have (`http://127.0.0.1:PORT`, ...). */
  allowedOrigins: ReadonlySet<string>;
  /** Host headers (`host:port`) a request may carry; absent: any (tests). */
  allowedHosts?: ReadonlySet<string>;
  /** Path of the endpoint. Default `/ws`. */
  path?: string;
}

/**
 * Who may open the socket: 401 without a known token (the app's, which is
 * the facilitator's, or a game day's trainee token); a browser (Origin
 * present) must come from one of our own origins (403 otherwise); a client
 * without an Origin must be a non-browser client holding the token in
 * `?token=`. On 200, `token` is the one that matched and `holder` whose it is.
 */
export async function checkUpgrade(
  req: IncomingMessage,
  options: WsTransportOptions,
): Promise<
  { status: 200; token: string; holder: NonNullable<TokenHolder> } | { status: 401 | 403 }
> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (options.allowedHosts && !options.allowedHosts.has((req.headers.host ?? '').toLowerCase()))
    return { status: 403 };
  const isTrainee = (t: string) => options.engine.isTraineeToken(t);
  const query = url.searchParams.get('token') ?? undefined;
  const queryHolder = await holderOf(query, options.token, isTrainee);
  let found: { token: string; holder: NonNullable<TokenHolder> } | undefined =
    queryHolder && query ? { token: query, holder: queryHolder } : undefined;
  for (const t of presentedTokens(req)) {
    if (found) break;
    const holder = await holderOf(t, options.token, isTrainee);
    if (holder) found = { token: t, holder };
  }
  if (!found) return { status: 401 };
  const origin = req.headers.origin;
  if (origin === undefined) return queryHolder ? { status: 200, ...found } : { status: 403 };
  return options.allowedOrigins.has(origin) ? { status: 200, ...found } : { status: 403 };
}

function refuse(socket: Duplex, status: 401 | 403 | 404): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n\r\n${text}\n`,
  );
}

/** Sends unless the client has stopped reading; a stalled socket is terminated instead. */
function sendTo(ws: WebSocket, data: string): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  ws.send(data);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** Parses a client frame into `{ id, method, args }`, or null when it is not one. */
function parseClientMessage(
  data: RawData,
  isBinary: boolean,
): { id: number; method: unknown; args: unknown } | null {
  if (isBinary) return null;
  let message: unknown;
  try {
    message = JSON.parse(rawText(data));
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const { id, method, args } = message as Record<string, unknown>;
  return typeof id === 'number' && Number.isSafeInteger(id) ? { id, method, args } : null;
}

/** What a socket serves: the engine (facilitator) or a trainee's restricted session. */
type Served = EngineApi & { onEvent(listener: (e: EngineEvent) => void): () => void };

function serveSocket(ws: WebSocket, engine: Served): void {
  let pending = 0;
  let alive = true;
  const unsubscribe = engine.onEvent((event: EngineEvent) => {
    sendTo(ws, JSON.stringify({ event } satisfies WsServerMessage));
  });
  ws.on('pong', () => (alive = true));
  const heartbeat = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, HEARTBEAT_MS);
  ws.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    const message = parseClientMessage(data, isBinary);
    if (message === null) return ws.close(1003, 'expected JSON {id, method, args}');
    const { id } = message;
    if (pending >= MAX_PENDING_CALLS) {
      return sendTo(
        ws,
        JSON.stringify({
          id,
          ok: false,
          error: 'too many calls in flight',
        } satisfies WsServerMessage),
      );
    }
    pending += 1;
    void dispatchEngineCall(engine, message.method, message.args).then((outcome) => {
      pending -= 1;
      let reply: string;
      try {
        reply = JSON.stringify({ id, ...outcome } satisfies WsServerMessage);
      } catch {
        reply = JSON.stringify({
          id,
          ok: false,
          error: 'result is not serializable',
        } satisfies WsServerMessage);
      }
      sendTo(ws, reply);
    });
  });
}

/**
 * Serves the engine API on `/ws` of an HTTP server: JSON frames per
 * WsClientMessage / WsServerMessage, one engine call per message (validated
 * by `dispatchEngineCall`), and every engine event pushed as `{ event }`.
 * Returns `close()`, which terminates all sockets (each unsubscribes on close).
 */
export function attachWsTransport(server: Server, options: WsTransportOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const facilitatorWss = new WebSocketServer({
    noServer: true,
    maxPayload: FACILITATOR_MAX_MESSAGE_BYTES,
  });
  const endpoint = options.path ?? '/ws';

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== endpoint)
      return refuse(socket, 404);
    void (async () => {
      const verdict = await checkUpgrade(req, options);
      if (verdict.status !== 200) return refuse(socket, verdict.status);
      const served: Served | undefined =
        verdict.holder === 'facilitator'
          ? options.engine
          : await options.engine.asTrainee(verdict.token);
      if (!served) return refuse(socket, 401);
      const to = verdict.holder === 'facilitator' ? facilitatorWss : wss;
      to.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, served));
    })().catch(() => refuse(socket, 403));
  };
  server.on('upgrade', onUpgrade);

  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const each of [wss, facilitatorWss]) {
        for (const ws of each.clients) ws.terminate();
        each.close();
      }
    },
  };
}

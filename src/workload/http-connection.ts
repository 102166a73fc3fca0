import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { WriterConnection } from './fixed-rate-writer';

/** No complete answer within the request's timeout. */
export class HttpTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

/** An HTTP answer: status code and body. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * The short name of a request or connect error: its errno code
 * (`ECONNRESET`, `ECONNREFUSED`, `EHOSTUNREACH`...), else its message.
 */
export const errorName = (e: Error): string => (e as NodeJS.ErrnoException).code ?? e.message;

/**
 * GET `path` of `host:port` through `agent` (false: a connection of its own,
 * closed after the answer). Rejects with HttpTimeoutError after `timeoutMs`
 * (destroying the request, and with it its socket), or with the socket's error.
 */
export function httpGet(
  host: string,
  port: number,
  path: string,
  agent: http.Agent | false,
  timeoutMs: number,
): Promise<HttpAnswer> {
  return httpRequest({ host, port, path, agent, timeoutMs });
}

/**
 * POSTs `body` (JSON text) to `path` of `host:port` through `agent`; rejects
 * as httpGet does.
 */
export function httpPostJson(
  host: string,
  port: number,
  path: string,
  body: string,
  agent: http.Agent | false,
  timeoutMs: number,
): Promise<HttpAnswer> {
  return httpRequest({ host, port, path, agent, timeoutMs, body });
}

function httpRequest(o: {
  host: string;
  port: number;
  path: string;
  agent: http.Agent | false;
  timeoutMs: number;
  body?: string;
}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = o.agent === false ? { Connection: 'close' } : {};
    if (o.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(o.body);
    }
    const req = http.request({
      host: o.host,
      port: o.port,
      path: o.path,
      method: o.body === undefined ? 'GET' : 'POST',
      agent: o.agent,
      headers,
    });
    const timer = setTimeout(() => req.destroy(new HttpTimeoutError(o.timeoutMs)), o.timeoutMs);
    req.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.end(o.body);
  });
}

/** Connects a TCP socket, or rejects with the error's code (or a timeout) after `timeoutMs`. */
function connectSocket(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onError = (e: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(errorName(e)));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      // until its owner listens: an error ends the socket, seen as its 'close'
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/**
 * An http.Agent (keep-alive, one socket) that uses one TCP connection made
 * beforehand and never makes another: once that connection is gone, requests
 * still queued on the agent fail, and the session is over.
 */
class OneConnectionAgent extends http.Agent {
  constructor(private socket: net.Socket | undefined) {
    super({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
  }

  override createConnection(
    _options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const s = this.socket;
    this.socket = undefined;
    if (s && !s.destroyed) return s;
    const gone = new Error('session connection gone');
    // the request fails with `gone` (http's onSocket takes no socket along with an error)
    if (callback) process.nextTick(() => callback(gone, undefined as unknown as Duplex));
    return undefined;
  }
}

/**
 * A keep-alive HTTP session to one address, like one connection of an app's
 * pool: a TCP connection made by `open` and reused by every request (through
 * a node:http Agent with one socket). It ends when that connection does (a
 * reset, the server closing it, a request's timeout destroying it) or when
 * closed; requests are then for the next session.
 */
export class HttpSessionConnection implements WriterConnection {
  private ended = false;
  private inFlight = 0;
  private retiring = false;
  private readonly listeners: ((reason: string) => void)[] = [];
  private readonly agent: OneConnectionAgent;

  private constructor(
    private readonly socket: net.Socket,
    readonly host: string,
    readonly port: number,
  ) {
    socket.setNoDelay(true);
    this.agent = new OneConnectionAgent(socket);
    let reason = 'closed by the server';
    socket.on('error', (e) => (reason = errorName(e)));
    socket.once('close', () => this.end(reason));
  }

  /** Connects; rejects with the error's code (`ECONNREFUSED`, `EHOSTUNREACH`...) or a timeout. */
  static async open(host: string, port: number, timeoutMs: number): Promise<HttpSessionConnection> {
    return new HttpSessionConnection(await connectSocket(host, port, timeoutMs), host, port);
  }

  get closed(): boolean {
    return this.ended;
  }

  /** GETs `path` on this session (see httpGet). */
  async get(path: string, timeoutMs: number): Promise<HttpAnswer> {
    this.inFlight++;
    try {
      return await httpGet(this.host, this.port, path, this.agent, timeoutMs);
    } catch (e) {
      // a failed request leaves nothing to reuse: the session ends with it
      this.close(e instanceof HttpTimeoutError ? 'timeout' : errorName(e as Error));
      throw e;
    } finally {
      this.inFlight--;
      if (this.retiring && this.inFlight === 0) this.close('retired');
    }
  }

  close(reason: string): void {
    this.socket.destroy();
    this.agent.destroy();
    this.end(reason);
  }

  retire(): void {
    this.retiring = true;
    if (this.inFlight === 0) this.close('retired');
  }

  onClosed(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.agent.destroy();
    for (const l of this.listeners) l(reason);
  }
}

/**
 * The "connection" of a client that opens a new TCP connection per request
 * (`Connection: close`): nothing to keep, it ends only when closed.
 */
export class HttpOneshotConnection implements WriterConnection {
  private ended = false;
  private readonly listeners: ((reason: string) => void)[] = [];

  constructor(
    readonly host: string,
    readonly port: number,
  ) {}

  get closed(): boolean {
    return this.ended;
  }

  /** GETs `path` on a connection of its own (see httpGet). */
  get(path: string, timeoutMs: number): Promise<HttpAnswer> {
    return httpGet(this.host, this.port, path, false, timeoutMs);
  }

  close(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.listeners) l(reason);
  }

  retire(): void {
    this.close('retired');
  }

  onClosed(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }
}

import http from 'node:http';

/** One HTTP answer: status and body text. */
export interface HttpProbeReply {
  status: number;
  body: string;
}

/**
 * A probe's HTTP client for one node's published loopback port (a postgres
 * node manager's REST API, etcd's client API). Keeps its connection alive
 * where the server allows (etcd does; a server that answers HTTP/1.0 and
 * closes, as that REST API does, costs a loopback connection per read, ~1 ms). Single-flight like the Redis
 * probe connection: while a request is unanswered (node paused or cut off)
 * no other is stacked behind it; a request unanswered for `staleAfterMs` is
 * destroyed with its socket.
 */
export class HttpProbeConnection {
  private agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private pending: { since: number; done: Promise<unknown>; abort: () => void } | undefined;

  constructor(
    readonly port: number,
    private readonly staleAfterMs = 5000,
  ) {}

  /** GETs `path`, waiting at most `timeoutMs` in all (including for a request already in flight). */
  get(timeoutMs: number, path: string): Promise<HttpProbeReply> {
    return this.request(timeoutMs, path);
  }

  /** POSTs `body` (JSON text) to `path` (etcd's v3 gateway), waiting at most `timeoutMs` in all. */
  post(timeoutMs: number, path: string, body: string): Promise<HttpProbeReply> {
    return this.request(timeoutMs, path, body);
  }

  private async request(timeoutMs: number, path: string, body?: string): Promise<HttpProbeReply> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending) {
      const { since, done, abort } = this.pending;
      const waited = Date.now() - since;
      if (waited > this.staleAfterMs) {
        abort();
        this.pending = undefined;
        throw new Error(`no answer for ${waited} ms`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no answer for ${waited} ms`);
      await Promise.race([done.catch(() => undefined), sleep(remaining)]);
    }
    const remaining = Math.max(1, deadline - Date.now());
    let abort: () => void = () => undefined;
    const done = new Promise<HttpProbeReply>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method: body === undefined ? 'GET' : 'POST',
          agent: this.agent,
          timeout: this.staleAfterMs,
          headers:
            body === undefined
              ? {}
              : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error(`no answer for ${this.staleAfterMs} ms`)));
      abort = () => req.destroy(new Error('abandoned'));
      req.end(body);
    });
    const entry = { since: Date.now(), done, abort };
    this.pending = entry;
    const clear = (): void => {
      if (this.pending === entry) this.pending = undefined;
    };
    done.then(clear, clear);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `${body === undefined ? 'GET' : 'POST'} ${path}: no answer within ${remaining} ms`,
            ),
          ),
        remaining,
      );
    });
    return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
  }

  close(): void {
    this.pending?.abort();
    this.pending = undefined;
    this.agent.destroy();
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

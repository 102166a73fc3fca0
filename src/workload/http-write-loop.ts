import {
  FixedRateWriter,
  type OpenedConnection,
  type WriteAttempt,
  type WriteLoopEvents,
  type WriteResult,
} from './fixed-rate-writer';
import {
  HttpOneshotConnection,
  HttpSessionConnection,
  HttpTimeoutError,
  errorName,
  type HttpAnswer,
} from './http-connection';
import { NeighbourReader } from './proc-net-arp';
import type { HttpWorkloadClientConfig } from './workload-config';

type HttpConnection = HttpSessionConnection | HttpOneshotConnection;

/** The request path of one attempt: its key as the query (`/?k=dojo:w:<client>:<seq6>`). */
export const requestPath = (key: string): string => `/?k=${encodeURIComponent(key)}`;

/**
 * What one HTTP answer means: a 200 with a body is `ack`, answered by the
 * router the body names (trimmed); anything else is `fail` (`HTTP <status>`
 * or `empty body`), answered by a known router only when the body is one's
 * name exactly, else `none`. Pure.
 */
export function answerResult(answer: HttpAnswer, routers: readonly string[]): WriteResult {
  const body = answer.body.trim();
  if (answer.status === 200 && body !== '') return { outcome: 'ack', node: body };
  return {
    outcome: 'fail',
    node: routers.includes(body) ? body : 'none',
    error: answer.status === 200 ? 'empty body' : `HTTP ${answer.status}`,
  };
}

/**
 * The request loop of one HTTP client of a virtual IP (VRRP routers): a GET of
 * `http://<vip>:<port>/?k=<key>` at a fixed rate, independent of answers,
 * each with its own timeout, every attempt reported as a WriteRecord whose
 * `node` is the router that answered (`none` when nothing did) and whose
 * `via` is the MAC the client's neighbour entry for the VIP pointed at when
 * it was sent: `ack` (200 with a body), `fail` (a connection error such as
 * ECONNRESET, ECONNREFUSED or EHOSTUNREACH, or another answer such as
 * `HTTP 503`), `timeout` (no answer within timeoutMs).
 *
 * `http-session` keeps one keep-alive connection; a reset, a timeout or the
 * server closing it ends it and the next request goes on a new one (each
 * (re)connection is reported). `http-oneshot` opens a new connection per
 * request with `Connection: close`.
 */
export class HttpWriteLoop {
  private readonly writer: FixedRateWriter<HttpConnection>;
  private readonly neighbour: NeighbourReader;
  private readonly routers: string[];

  constructor(
    private readonly cfg: HttpWorkloadClientConfig,
    events: WriteLoopEvents,
    /** The neighbour table to read `via` from (tests: a file of their own). */
    arpFile?: string,
  ) {
    const { client, mode, rate, timeoutMs } = cfg;
    this.neighbour = new NeighbourReader(cfg.vip, arpFile);
    this.routers = cfg.routers.map((r) => r.name);
    this.writer = new FixedRateWriter({ client, mode, system: 'http', rate, timeoutMs }, events, {
      open: () => this.open(),
      send: (conn, attempt) => this.send(conn, attempt),
    });
  }

  /** Connects, then starts requesting (after the first connection, or after a grace period without one). */
  start(): void {
    this.writer.start();
  }

  /** Stops scheduling, waits for requests in flight (each ends within timeoutMs), closes. */
  stop(): Promise<void> {
    return this.writer.stop();
  }

  private send(conn: HttpConnection, { key, report }: WriteAttempt): Promise<void> {
    const mac = this.neighbour.current();
    const via = mac !== undefined ? { via: mac } : {};
    return conn.get(requestPath(key), this.cfg.timeoutMs).then(
      (answer) => report({ ...answerResult(answer, this.routers), ...via }),
      (e: Error) => {
        if (e instanceof HttpTimeoutError) {
          report({ outcome: 'timeout', node: 'none', error: e.message, ...via });
        } else {
          report({ outcome: 'fail', node: 'none', error: errorName(e), ...via });
        }
      },
    );
  }

  private async open(): Promise<OpenedConnection<HttpConnection>> {
    const { vip, port, timeoutMs } = this.cfg;
    const conn =
      this.cfg.mode === 'http-session'
        ? await HttpSessionConnection.open(vip, port, timeoutMs)
        : new HttpOneshotConnection(vip, port);
    const mac = this.neighbour.current();
    return {
      conn,
      node: 'vip',
      ip: vip,
      port,
      ...(mac !== undefined ? { status: { via: mac } } : {}),
    };
  }
}

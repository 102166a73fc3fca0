import pg from 'pg';
import { withTimeout } from './probe-runner';

/** How the probe logs in (the lab's superuser; a lab-only password). */
export interface PgProbeCredentials {
  user: string;
  password: string;
  database: string;
}

/**
 * A long-lived PostgreSQL connection a probe reads one node through, on the
 * node's published loopback port. Reconnects on the next query after any
 * failure (with a short back-off). Single-flight: while a query is unanswered
 * (node paused or cut off) no further query is queued behind it; a query
 * unanswered for `staleAfterMs` drops the connection.
 */
export class PgProbeConnection {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private pending: { since: number; done: Promise<unknown> } | undefined;
  private retryAt = 0;
  private closed = false;

  constructor(
    readonly port: number,
    private readonly credentials: PgProbeCredentials,
    private readonly staleAfterMs = 5000,
  ) {}

  /** Runs one query and waits at most `timeoutMs` in all (connect included). */
  async query<R extends pg.QueryResultRow>(timeoutMs: number, sql: string): Promise<R[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending) {
      const { since, done } = this.pending;
      const waited = Date.now() - since;
      if (waited > this.staleAfterMs) {
        this.pending = undefined;
        this.drop();
        throw new Error(`no answer for ${waited} ms`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no answer for ${waited} ms`);
      await withTimeout(done, remaining, 'query').catch(() => undefined);
    }
    const done = this.connect().then((c) => c.query<R>(sql));
    const entry = { since: Date.now(), done };
    this.pending = entry;
    const settle = (): void => {
      if (this.pending === entry) this.pending = undefined;
    };
    done.then(settle, (error: unknown) => {
      settle();
      // A failed query on a broken connection: start over next time.
      if (!(error instanceof Error && 'code' in error && typeof error.code === 'string'))
        this.drop();
    });
    const result = await withTimeout(done, Math.max(1, deadline - Date.now()), 'query');
    return result.rows;
  }

  private connect(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    if (Date.now() < this.retryAt) return Promise.reject(new Error('reconnecting'));
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: this.credentials.user,
      password: this.credentials.password,
      database: this.credentials.database,
      connectionTimeoutMillis: Math.min(2000, this.staleAfterMs),
      application_name: 'failover-dojo-probe',
      keepAlive: true,
    });
    // Errors surface per query; a dropped connection is expected while a node is down.
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    this.connecting = client.connect().then(
      () => {
        this.connecting = undefined;
        if (this.closed) {
          void client.end().catch(() => undefined);
          throw new Error('connection closed');
        }
        this.client = client;
        return client;
      },
      (error: unknown) => {
        this.connecting = undefined;
        this.retryAt = Date.now() + 200;
        void client.end().catch(() => undefined);
        throw error;
      },
    );
    return this.connecting;
  }

  /** Forgets the current connection (it is closed in the background). */
  private drop(which?: pg.Client): void {
    const client = this.client;
    if (!client || (which && which !== client)) return;
    this.client = undefined;
    // end() waits for the server on a frozen node; the socket is destroyed instead.
    const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } })
      .connection?.stream;
    stream?.destroy();
    void client.end().catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    this.drop();
  }
}

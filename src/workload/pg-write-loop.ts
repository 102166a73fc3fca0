import { PgConnection, PgConnectionLostError, QueryTimeoutError, type PgNotice } from './pg-client';
import { formatNotice } from './pg-protocol';
import type { PostgresHostAddress, PostgresWorkloadClientConfig } from './workload-config';
import {
  FixedRateWriter,
  type OpenedConnection,
  type WriteAttempt,
  type WriteLoopEvents,
} from './fixed-rate-writer';

/** The table every Postgres write goes to; (client, seq) is unique per attempt. */
export const WRITES_TABLE = 'dojo_writes';
export const CREATE_WRITES_TABLE =
  `CREATE TABLE IF NOT EXISTS ${WRITES_TABLE} ` +
  '(client text NOT NULL, seq integer NOT NULL, payload text, PRIMARY KEY (client, seq))';

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The INSERT of one write. */
export const insertSql = (client: string, seq: number, payload: string): string =>
  `INSERT INTO ${WRITES_TABLE}(client, seq, payload) VALUES (${quote(client)}, ${seq}, ${quote(payload)})`;

/** The WARNING-level notices of a reply, as one line (what the client was told besides the result). */
export function warningText(notices: readonly PgNotice[]): string | undefined {
  const w = notices.filter((n) => n.severity === 'WARNING');
  return w.length === 0 ? undefined : w.map(formatNotice).join(' | ');
}

/** The first writable server among `hosts`, tried in order (libpq's target_session_attrs=read-write). */
export async function findWritable(
  cfg: PostgresWorkloadClientConfig,
  hosts: readonly PostgresHostAddress[],
): Promise<{ conn: PgConnection; host: PostgresHostAddress }> {
  const reasons: string[] = [];
  for (const host of hosts) {
    let conn: PgConnection | undefined;
    try {
      conn = await connectTo(cfg, host);
      const s = await conn.sessionState(cfg.timeoutMs);
      if (s.writable) return { conn, host };
      reasons.push(`${host.name}: ${s.inRecovery ? 'in recovery' : 'read-only'}`);
    } catch (e) {
      reasons.push(`${host.name}: ${(e as Error).message}`);
    }
    conn?.close('not writable');
  }
  throw new Error(`no writable server (${reasons.join('; ')})`);
}

const connectTo = (
  cfg: PostgresWorkloadClientConfig,
  host: PostgresHostAddress,
): Promise<PgConnection> =>
  PgConnection.connect({
    host: host.ip,
    port: host.port,
    user: cfg.user,
    database: cfg.database,
    ...(cfg.password !== undefined ? { password: cfg.password } : {}),
    applicationName: `dojo-${cfg.client}`,
    timeoutMs: cfg.timeoutMs,
  });

/**
 * The write loop of one Postgres client: `INSERT INTO dojo_writes(client,
 * seq, payload)` at a fixed rate, independent of replies (several writes may
 * be in flight on the connection), each with its own timeout, every attempt
 * reported as a WriteRecord whose `key` is `dojo:w:<client>:<seq>` as for
 * Redis: `ack` (CommandComplete), `fail` (an ERROR reply such as a read-only
 * transaction, or no connection: node `none`), or `timeout` (no reply within
 * timeoutMs, or the connection ended before the reply: indeterminate). A
 * WARNING the server attached (a canceled synchronous-replication wait
 * reports success with one) is kept in `warning`.
 */
export class PgWriteLoop {
  /** A pinned client's server, fixed by its first resolve. */
  private pinned: PostgresHostAddress | undefined;
  private readonly writer: FixedRateWriter<PgConnection>;

  constructor(
    private readonly cfg: PostgresWorkloadClientConfig,
    events: WriteLoopEvents,
  ) {
    const { client, mode, rate, timeoutMs } = cfg;
    this.writer = new FixedRateWriter(
      { client, mode, system: 'postgres', rate, timeoutMs },
      events,
      { open: () => this.open(), send: (conn, attempt) => this.send(conn, attempt) },
    );
  }

  /** Connects, then starts writing (after the first connection, or after a grace period without one). */
  start(): void {
    this.writer.start();
  }

  /** Stops scheduling, waits for writes in flight (each ends within timeoutMs), closes. */
  stop(): Promise<void> {
    return this.writer.stop();
  }

  private send(conn: PgConnection, { seq, sentAt, report }: WriteAttempt): Promise<void> {
    const client = this.cfg.client;
    const multiHost = this.cfg.mode === 'multi-host';
    return conn
      .query(insertSql(client, seq, `${client}:${seq}:${sentAt}`), this.cfg.timeoutMs)
      .then(
        (r) => {
          const warning = warningText(r.notices);
          const extra = warning !== undefined ? { warning } : {};
          if (!r.error && r.command?.startsWith('INSERT')) {
            report({ outcome: 'ack', ...extra });
            return;
          }
          const error = r.error
            ? `${r.error.message} (SQLSTATE ${r.error.code})`
            : `unexpected reply ${r.command ?? 'without a command tag'}`;
          report({ outcome: 'fail', error, ...extra });
          if (multiHost) this.writer.reconnect(conn, error);
        },
        (e: Error) => {
          const notices = e instanceof PgConnectionLostError ? e.notices : [];
          const warning = warningText(notices);
          report({
            outcome: 'timeout',
            error: e.message,
            ...(warning !== undefined ? { warning } : {}),
          });
          if (multiHost && e instanceof QueryTimeoutError)
            this.writer.reconnect(conn, `timeout: ${e.message}`);
        },
      );
  }

  /** Finds a server as the mode says and connects to it. */
  private async open(): Promise<OpenedConnection<PgConnection>> {
    const { conn, host } = await this.target();
    return { conn, node: host.name, ip: host.ip, port: host.port };
  }

  /** A connection as the mode says: the pinned address once fixed, else the first writable host. */
  private async target(): Promise<{ conn: PgConnection; host: PostgresHostAddress }> {
    if (this.cfg.mode === 'pinned' && this.pinned) {
      return { conn: await connectTo(this.cfg, this.pinned), host: this.pinned };
    }
    const found = await findWritable(this.cfg, this.cfg.hosts);
    // the table is normally made by the lab; harmless when it exists (errors ignored)
    await found.conn.query(CREATE_WRITES_TABLE, this.cfg.timeoutMs).catch(() => undefined);
    if (this.cfg.mode === 'pinned') this.pinned = found.host;
    return found;
  }
}

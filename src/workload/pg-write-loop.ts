import { PgConnection, PgConnectionLostError, QueryTimeoutError, type PgNotice } from './pg-client';
import { formatNotice } from './pg-protocol';
import type { PostgresHostAddress, PostgresWorkloadClientConfig } from './workload-config';
import { keyOf, type WorkloadStatus, type WriteLoopEvents } from './write-loop';

/** Writes start this long after start even when no connection could be made (they fail as `none`). */
const FIRST_CONNECTION_GRACE_MS = 5000;
/** Behind schedule by more than this (the process was frozen), missed slots are skipped. */
const MAX_CATCH_UP_MS = 1000;

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
  private conn: PgConnection | undefined;
  private connName = '';
  /** A pinned client's server, fixed by its first resolve. */
  private pinned: PostgresHostAddress | undefined;
  private connecting: Promise<void> | undefined;
  private lastError = 'not connected yet';
  private seq = 0;
  private nextDue = 0;
  private timer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly period: number;

  constructor(
    private readonly cfg: PostgresWorkloadClientConfig,
    private readonly events: WriteLoopEvents,
  ) {
    this.period = 1000 / cfg.rate;
  }

  /** Connects, then starts writing (after the first connection, or after a grace period without one). */
  start(): void {
    this.graceTimer = setTimeout(() => this.startSchedule(), FIRST_CONNECTION_GRACE_MS);
    this.ensureConnection();
  }

  /** Stops scheduling, waits for writes in flight (each ends within timeoutMs), closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.graceTimer);
    const deadline = new Promise<void>((r) => setTimeout(r, this.cfg.timeoutMs + 200).unref());
    await Promise.race([Promise.all([...this.inFlight]), deadline]);
    const conn = this.conn;
    this.conn = undefined;
    conn?.close('client stopped');
  }

  private startSchedule(): void {
    clearTimeout(this.graceTimer);
    if (this.stopped || this.nextDue !== 0) return;
    this.nextDue = Date.now();
    this.tick();
  }

  private tick(): void {
    if (this.stopped) return;
    const now = Date.now();
    if (now - this.nextDue > MAX_CATCH_UP_MS) this.nextDue = now;
    while (this.nextDue <= now) {
      this.send();
      this.nextDue += this.period;
    }
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.nextDue - Date.now()));
  }

  private send(): void {
    const seq = ++this.seq;
    const client = this.cfg.client;
    const key = keyOf(client, seq);
    const sentAt = Date.now();
    const conn = this.conn;
    const base = { client, seq, key, sentAt };
    if (!conn || conn.closed) {
      this.events.onWrite({
        ...base,
        node: 'none',
        doneAt: sentAt,
        outcome: 'fail',
        error: this.lastError,
      });
      this.ensureConnection();
      return;
    }
    const node = this.connName;
    const multiHost = this.cfg.mode === 'multi-host';
    const done = conn
      .query(insertSql(client, seq, `${client}:${seq}:${sentAt}`), this.cfg.timeoutMs)
      .then(
        (r) => {
          const warning = warningText(r.notices);
          const extra = warning !== undefined ? { warning } : {};
          if (!r.error && r.command?.startsWith('INSERT')) {
            this.events.onWrite({ ...base, node, doneAt: Date.now(), outcome: 'ack', ...extra });
            return;
          }
          const error = r.error
            ? `${r.error.message} (SQLSTATE ${r.error.code})`
            : `unexpected reply ${r.command ?? 'without a command tag'}`;
          this.events.onWrite({
            ...base,
            node,
            doneAt: Date.now(),
            outcome: 'fail',
            error,
            ...extra,
          });
          if (multiHost) this.reconnect(conn, error);
        },
        (e: Error) => {
          const notices = e instanceof PgConnectionLostError ? e.notices : [];
          const warning = warningText(notices);
          this.events.onWrite({
            ...base,
            node,
            doneAt: Date.now(),
            outcome: 'timeout',
            error: e.message,
            ...(warning !== undefined ? { warning } : {}),
          });
          if (multiHost && e instanceof QueryTimeoutError)
            this.reconnect(conn, `timeout: ${e.message}`);
        },
      );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  /** Leaves `conn` (writes in flight on it still get their reply or timeout) and connects anew. */
  private reconnect(conn: PgConnection, reason: string): void {
    if (this.conn !== conn) return;
    this.conn = undefined;
    this.lastError = `reconnecting after ${reason}`;
    conn.retire();
    this.status(null, { reason });
    this.ensureConnection();
  }

  private status(
    conn: { host: PostgresHostAddress } | null,
    extra: Partial<WorkloadStatus> = {},
  ): void {
    this.events.onStatus({
      client: this.cfg.client,
      mode: this.cfg.mode,
      system: 'postgres',
      connectedTo: conn ? conn.host.name : null,
      ...(conn ? { ip: conn.host.ip, port: conn.host.port } : {}),
      ...extra,
      t: Date.now(),
    });
  }

  /** Single-flight: finds a server as the mode says and connects, retrying until it works or the loop stops. */
  private ensureConnection(): void {
    if (this.connecting || this.stopped || this.conn) return;
    this.connecting = this.connectLoop().finally(() => {
      this.connecting = undefined;
    });
  }

  private async connectLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped && !this.conn) {
      try {
        const { conn, host } = await this.target();
        if (this.stopped) {
          conn.close('client stopped');
          return;
        }
        this.conn = conn;
        this.connName = host.name;
        conn.onClosed((reason) => {
          if (this.conn !== conn) return;
          this.conn = undefined;
          this.lastError = `connection lost: ${reason}`;
          this.status(null, { reason });
          this.ensureConnection();
        });
        this.status({ host });
        this.startSchedule();
      } catch (e) {
        this.lastError = (e as Error).message;
        attempt++;
        if (attempt === 1 || attempt % 20 === 0) this.status(null, { reason: this.lastError });
        await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 500)));
      }
    }
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

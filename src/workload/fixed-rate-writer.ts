import type { WriteRecord } from '../shared/scenario-types';
import type { HttpWorkloadClientConfig, WorkloadClientConfig } from './workload-config';

/** A (re)connection or disconnection of a client, printed as `{"type":"status",...}`. */
export interface WorkloadStatus {
  client: string;
  /** `sentinel` / `pinned` (Redis), `pinned` / `multi-host` (Postgres), `http-*` (HTTP). */
  mode: WorkloadClientConfig['mode'] | 'multi-host' | HttpWorkloadClientConfig['mode'];
  /** `postgres` / `http` / `etcd` for those clients; absent for Redis. */
  system?: 'postgres' | 'http' | 'etcd';
  /**
   * Node name of the server now written to, or null while not connected
   * (HTTP clients: `vip`, the router behind it is known from each answer).
   */
  connectedTo: string | null;
  ip?: string;
  port?: number;
  /**
   * Sentinel that named the master (sentinel mode, and a pinned client's first
   * resolve); HTTP clients: the MAC the VIP's neighbour entry pointed at.
   */
  via?: string;
  /** Why the previous connection ended, or why none could be made. */
  reason?: string;
  /** ms since epoch. */
  t: number;
}

/** Where a write loop reports: every finished attempt, and every (re)connection. */
export interface WriteLoopEvents {
  onWrite(record: WriteRecord): void;
  onStatus(status: WorkloadStatus): void;
}

/** The key of write `seq` of `client` (Redis key, Postgres record key alike). */
export const keyOf = (client: string, seq: number): string =>
  `dojo:w:${client}:${String(seq).padStart(6, '0')}`;

/** Writes start this long after start even when no connection could be made (they fail as `none`). */
const FIRST_CONNECTION_GRACE_MS = 5000;
/** Behind schedule by more than this (the process was frozen), missed slots are skipped. */
const MAX_CATCH_UP_MS = 1000;

/** What the writer needs of a connection (RespConnection and PgConnection both are one). */
export interface WriterConnection {
  readonly closed: boolean;
  /** Closes now; writes in flight end as lost. */
  close(reason: string): void;
  /** Closes once every write in flight has its reply or timeout. */
  retire(): void;
  /** Called once when the connection ends, with the reason. */
  onClosed(listener: (reason: string) => void): void;
}

/** A connection just made to the server to write to. */
export interface OpenedConnection<C> {
  conn: C;
  /** Node name of the server: the `node` of writes sent on it and `connectedTo`. */
  node: string;
  ip: string;
  port: number;
  /** Further fields of the connected status (e.g. `via`). */
  status?: Partial<WorkloadStatus>;
}

/**
 * How one write attempt ended, as the client saw it. `node` overrides the
 * connection's node (an HTTP answer names the router that gave it).
 */
export type WriteResult = Pick<
  WriteRecord,
  'outcome' | 'error' | 'warning' | 'via' | 'shared' | 'stamp' | 'superseded'
> & {
  node?: string;
};

/** One write attempt, handed to `send` with the connection to send it on. */
export interface WriteAttempt {
  seq: number;
  key: string;
  /** ms since epoch. */
  sentAt: number;
  /** Reports the outcome as a WriteRecord (node and doneAt = now are filled in). */
  readonly report: (result: WriteResult) => void;
}

/** What a protocol adds to the writer: how to connect and how to send one write. */
export interface FixedRateWriterHooks<C extends WriterConnection> {
  /** Finds the server to write to now and connects to it; rejects when none can be had. */
  open(): Promise<OpenedConnection<C>>;
  /** Sends one write on `conn` and reports it; resolves once reported. */
  send(conn: C, attempt: WriteAttempt): Promise<void>;
  /** A connection was just taken into use (before its status is reported). */
  onConnected?(conn: C): void;
}

/** The client settings the writer uses. */
export interface FixedRateWriterConfig {
  client: string;
  mode: WorkloadStatus['mode'];
  /** Written into every status; absent for Redis. */
  system?: 'postgres' | 'http' | 'etcd';
  /** Writes per second. */
  rate: number;
  timeoutMs: number;
}

/**
 * The protocol-independent core of a write loop: writes at a fixed rate,
 * independent of replies (several may be in flight), each reported once;
 * without a connection an attempt fails at once with node `none`. Keeps one
 * connection, single-flight reconnecting with backoff when it is lost or
 * left (`reconnect`), and reports every (re)connection. Writing starts on
 * the first connection, or after a grace period without one. `stop` stops
 * scheduling, waits for writes in flight (each ends within timeoutMs), closes.
 */
export class FixedRateWriter<C extends WriterConnection> {
  private conn: C | undefined;
  private node = '';
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
    private readonly cfg: FixedRateWriterConfig,
    private readonly events: WriteLoopEvents,
    private readonly hooks: FixedRateWriterHooks<C>,
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

  /** Leaves `conn` (writes in flight on it still get their reply or timeout) and connects anew. */
  reconnect(conn: C, reason: string): void {
    if (this.conn !== conn) return;
    this.conn = undefined;
    this.lastError = `reconnecting after ${reason}`;
    conn.retire();
    this.status(null, { reason });
    this.ensureConnection();
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
    const node = this.node;
    const report = (result: WriteResult): void =>
      this.events.onWrite({ ...base, node, doneAt: Date.now(), ...result });
    const done = this.hooks.send(conn, { seq, key, sentAt, report });
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private status(opened: OpenedConnection<C> | null, extra: Partial<WorkloadStatus> = {}): void {
    this.events.onStatus({
      client: this.cfg.client,
      mode: this.cfg.mode,
      ...(this.cfg.system ? { system: this.cfg.system } : {}),
      connectedTo: opened ? opened.node : null,
      ...(opened ? { ip: opened.ip, port: opened.port } : {}),
      ...extra,
      t: Date.now(),
    });
  }

  /** Single-flight: finds a server and connects, retrying until it works or the writer stops. */
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
        const opened = await this.hooks.open();
        const conn = opened.conn;
        if (this.stopped) {
          conn.close('client stopped');
          return;
        }
        this.conn = conn;
        this.node = opened.node;
        this.hooks.onConnected?.(conn);
        conn.onClosed((reason) => {
          if (this.conn !== conn) return;
          this.conn = undefined;
          this.lastError = `connection lost: ${reason}`;
          this.status(null, { reason });
          this.ensureConnection();
        });
        this.status(opened, opened.status);
        this.startSchedule();
      } catch (e) {
        this.lastError = (e as Error).message;
        attempt++;
        if (attempt === 1 || attempt % 20 === 0) this.status(null, { reason: this.lastError });
        await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 500)));
      }
    }
  }
}

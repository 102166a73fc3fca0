import type { WriteRecord } from '../shared/scenario-types';
import { resolveMaster, type MasterAddress } from './master-resolver';
import { RespError } from './resp';
import { CommandTimeoutError, RespConnection } from './resp-client';
import type { WorkloadClientConfig } from './workload-config';

/** A (re)connection or disconnection of a client, printed as `{"type":"status",...}`. */
export interface WorkloadStatus {
  client: string;
  /** `sentinel` / `pinned` (Redis), `pinned` / `multi-host` (Postgres). */
  mode: WorkloadClientConfig['mode'] | 'multi-host';
  /** `postgres` for the Postgres client; absent for Redis. */
  system?: 'postgres';
  /** Node name of the server now written to, or null while not connected. */
  connectedTo: string | null;
  ip?: string;
  port?: number;
  /** Sentinel that named the master (sentinel mode, and a pinned client's first resolve). */
  via?: string;
  /** Why the previous connection ended, or why none could be made. */
  reason?: string;
  /** ms since epoch. */
  t: number;
}

export interface WriteLoopEvents {
  onWrite(record: WriteRecord): void;
  onStatus(status: WorkloadStatus): void;
}

/** Consecutive timeouts after which a sentinel-mode client re-resolves the master. */
export const TIMEOUTS_BEFORE_RERESOLVE = 2;
/** Writes start this long after start even when no connection could be made (they fail as `none`). */
const FIRST_CONNECTION_GRACE_MS = 5000;
/** Behind schedule by more than this (the process was frozen), missed slots are skipped. */
const MAX_CATCH_UP_MS = 1000;

export const keyOf = (client: string, seq: number): string =>
  `dojo:w:${client}:${String(seq).padStart(6, '0')}`;

/**
 * The write loop of one client: `SET dojo:w:<client>:<seq> <client>:<seq>:<sentAt>`
 * at a fixed rate, independent of replies (several writes may be in flight),
 * each with its own timeout, every attempt reported as a WriteRecord:
 * `ack` (+OK), `fail` (an error reply, or no connection: node `none`), or
 * `timeout` (no reply within timeoutMs, or the connection was lost before
 * the reply: indeterminate, the server may have applied it).
 */
export class WriteLoop {
  private conn: RespConnection | undefined;
  /** A pinned client's address, fixed by its first resolve. */
  private pinned: MasterAddress | undefined;
  private connecting: Promise<void> | undefined;
  private lastError = 'not connected yet';
  private consecutiveTimeouts = 0;
  private seq = 0;
  private nextDue = 0;
  private timer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly period: number;

  constructor(
    private readonly cfg: WorkloadClientConfig,
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

  private nameOf(ip: string): string {
    return this.cfg.nodes[ip] ?? ip;
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
    const node = this.nameOf(conn.host);
    const done = conn.command(['SET', key, `${client}:${seq}:${sentAt}`], this.cfg.timeoutMs).then(
      (reply) => {
        this.consecutiveTimeouts = 0;
        if (reply === 'OK') {
          this.events.onWrite({ ...base, node, doneAt: Date.now(), outcome: 'ack' });
          return;
        }
        const error =
          reply instanceof RespError ? reply.message : `unexpected reply ${JSON.stringify(reply)}`;
        this.events.onWrite({ ...base, node, doneAt: Date.now(), outcome: 'fail', error });
        if (
          this.cfg.mode === 'sentinel' &&
          reply instanceof RespError &&
          reply.code === 'READONLY'
        ) {
          this.reconnect(conn, 'READONLY');
        }
      },
      (e: Error) => {
        const doneAt = Date.now();
        this.events.onWrite({ ...base, node, doneAt, outcome: 'timeout', error: e.message });
        if (e instanceof CommandTimeoutError) {
          this.consecutiveTimeouts++;
          if (
            this.cfg.mode === 'sentinel' &&
            this.consecutiveTimeouts >= TIMEOUTS_BEFORE_RERESOLVE
          ) {
            this.reconnect(conn, `${this.consecutiveTimeouts} consecutive timeouts`);
          }
        }
      },
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  /** Leaves `conn` (writes in flight on it still get their reply or timeout) and connects anew. */
  private reconnect(conn: RespConnection, reason: string): void {
    if (this.conn !== conn) return;
    this.conn = undefined;
    this.lastError = `reconnecting after ${reason}`;
    conn.retire();
    this.status(null, { reason });
    this.ensureConnection();
  }

  private status(conn: RespConnection | null, extra: Partial<WorkloadStatus> = {}): void {
    this.events.onStatus({
      client: this.cfg.client,
      mode: this.cfg.mode,
      connectedTo: conn ? this.nameOf(conn.host) : null,
      ...(conn ? { ip: conn.host, port: conn.port } : {}),
      ...extra,
      t: Date.now(),
    });
  }

  /** Single-flight: (re)resolves as the mode says and connects, retrying until it works or the loop stops. */
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
        const addr = await this.target();
        const conn = await RespConnection.connect(addr.ip, addr.port, this.cfg.timeoutMs);
        if (this.stopped) {
          conn.close('client stopped');
          return;
        }
        this.conn = conn;
        this.consecutiveTimeouts = 0;
        conn.onClosed((reason) => {
          if (this.conn !== conn) return;
          this.conn = undefined;
          this.lastError = `connection lost: ${reason}`;
          this.status(null, { reason });
          this.ensureConnection();
        });
        this.status(conn, { via: addr.via });
        this.startSchedule();
      } catch (e) {
        this.lastError = (e as Error).message;
        attempt++;
        if (attempt === 1 || attempt % 20 === 0) this.status(null, { reason: this.lastError });
        await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 500)));
      }
    }
  }

  private async target(): Promise<MasterAddress> {
    if (this.cfg.mode === 'pinned' && this.pinned) return this.pinned;
    const addr = await resolveMaster(this.cfg.sentinels, this.cfg.masterName, this.cfg.timeoutMs);
    if (this.cfg.mode === 'pinned') this.pinned = addr;
    return addr;
  }
}

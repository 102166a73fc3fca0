import { resolveMaster, type MasterAddress } from './master-resolver';
import {
  FixedRateWriter,
  type OpenedConnection,
  type WriteAttempt,
  type WriteLoopEvents,
} from './fixed-rate-writer';
import { RespError } from './resp';
import { CommandTimeoutError, RespConnection } from './resp-client';
import type { WorkloadClientConfig } from './workload-config';

export { keyOf, type WorkloadStatus, type WriteLoopEvents } from './fixed-rate-writer';

/** Consecutive timeouts after which a sentinel-mode client re-resolves the master. */
export const TIMEOUTS_BEFORE_RERESOLVE = 2;

/**
 * The write loop of one client: `SET dojo:w:<client>:<seq> <client>:<seq>:<sentAt>`
 * at a fixed rate, independent of replies (several writes may be in flight),
 * each with its own timeout, every attempt reported as a WriteRecord:
 * `ack` (+OK), `fail` (an error reply, or no connection: node `none`), or
 * `timeout` (no reply within timeoutMs, or the connection was lost before
 * the reply: indeterminate, the server may have applied it).
 */
export class WriteLoop {
  /** A pinned client's address, fixed by its first resolve. */
  private pinned: MasterAddress | undefined;
  private consecutiveTimeouts = 0;
  private readonly writer: FixedRateWriter<RespConnection>;

  constructor(
    private readonly cfg: WorkloadClientConfig,
    events: WriteLoopEvents,
  ) {
    const { client, mode, rate, timeoutMs } = cfg;
    this.writer = new FixedRateWriter({ client, mode, rate, timeoutMs }, events, {
      open: () => this.open(),
      send: (conn, attempt) => this.send(conn, attempt),
      onConnected: () => {
        this.consecutiveTimeouts = 0;
      },
    });
  }

  /** Connects, then starts writing (after the first connection, or after a grace period without one). */
  start(): void {
    this.writer.start();
  }

  /** Stops scheduling, waits for writes in flight (each ends within timeoutMs), closes. */
  stop(): Promise<void> {
    return this.writer.stop();
  }

  private send(conn: RespConnection, { seq, key, sentAt, report }: WriteAttempt): Promise<void> {
    const client = this.cfg.client;
    return conn.command(['SET', key, `${client}:${seq}:${sentAt}`], this.cfg.timeoutMs).then(
      (reply) => {
        this.consecutiveTimeouts = 0;
        if (reply === 'OK') {
          report({ outcome: 'ack' });
          return;
        }
        const error =
          reply instanceof RespError ? reply.message : `unexpected reply ${JSON.stringify(reply)}`;
        report({ outcome: 'fail', error });
        if (
          this.cfg.mode === 'sentinel' &&
          reply instanceof RespError &&
          reply.code === 'READONLY'
        ) {
          this.writer.reconnect(conn, 'READONLY');
        }
      },
      (e: Error) => {
        report({ outcome: 'timeout', error: e.message });
        if (e instanceof CommandTimeoutError) {
          this.consecutiveTimeouts++;
          if (
            this.cfg.mode === 'sentinel' &&
            this.consecutiveTimeouts >= TIMEOUTS_BEFORE_RERESOLVE
          ) {
            this.writer.reconnect(conn, `${this.consecutiveTimeouts} consecutive timeouts`);
          }
        }
      },
    );
  }

  /** (Re)resolves the master as the mode says and connects to it. */
  private async open(): Promise<OpenedConnection<RespConnection>> {
    const addr = await this.target();
    const conn = await RespConnection.connect(addr.ip, addr.port, this.cfg.timeoutMs);
    const node = this.cfg.nodes[conn.host] ?? conn.host;
    return { conn, node, ip: conn.host, port: conn.port, status: { via: addr.via } };
  }

  private async target(): Promise<MasterAddress> {
    if (this.cfg.mode === 'pinned' && this.pinned) return this.pinned;
    const addr = await resolveMaster(this.cfg.sentinels, this.cfg.masterName, this.cfg.timeoutMs);
    if (this.cfg.mode === 'pinned') this.pinned = addr;
    return addr;
  }
}

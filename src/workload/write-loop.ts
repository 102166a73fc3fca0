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

/** The shared key write `seq` updates, with `sharedKeys` of them: `dojo:s:000`, `dojo:s:001`... */
export const sharedKeyOf = (seq: number, sharedKeys: number): string =>
  `dojo:s:${String((seq - 1) % sharedKeys).padStart(3, '0')}`;

/**
 * A shared-key write, atomic inside the node: stamps the value with the
 * node's own wall clock (TIME, which the lab's clock library skews per node),
 * writes the write's own key KEYS[1], and updates the shared key KEYS[2]
 * unless the value there carries a newer stamp: last-write-wins, as a
 * replicated store that orders by timestamps does. Returns {1 applied / 0
 * superseded, stamp}. ARGV[1] is `<client>:<seq>`.
 */
export const LWW_SCRIPT = `
local t = redis.call('TIME')
local stamp = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
local v = ARGV[1] .. ':' .. stamp
redis.call('SET', KEYS[1], v)
local cur = redis.call('GET', KEYS[2])
local held = cur and tonumber(string.match(cur, ':(%d+)$'))
if held and held > tonumber(stamp) then return {0, stamp} end
redis.call('SET', KEYS[2], v)
return {1, stamp}`;

/**
 * The write loop of one client: `SET dojo:w:<client>:<seq> <client>:<seq>:<sentAt>`
 * (with shared keys: LWW_SCRIPT, stamped by the node's clock) at a fixed rate, independent of replies (several writes may be in flight),
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
    const { client, sharedKeys } = this.cfg;
    const shared = sharedKeys ? sharedKeyOf(seq, sharedKeys) : undefined;
    const command = shared
      ? ['EVAL', LWW_SCRIPT, '2', key, shared, `${client}:${seq}`]
      : ['SET', key, `${client}:${seq}:${sentAt}`];
    return conn.command(command, this.cfg.timeoutMs).then(
      (reply) => {
        this.consecutiveTimeouts = 0;
        if (reply === 'OK') {
          report({ outcome: 'ack' });
          return;
        }
        const lww = shared ? lwwReply(reply) : undefined;
        if (shared && lww) {
          report({
            outcome: 'ack',
            shared,
            stamp: lww.stamp,
            ...(lww.applied ? {} : { superseded: true }),
          });
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

/** The LWW script's reply `[applied 1/0, "stamp"]`, or undefined for anything else. */
function lwwReply(reply: unknown): { applied: boolean; stamp: number } | undefined {
  if (!Array.isArray(reply) || reply.length !== 2) return undefined;
  const [applied, stamp] = reply as unknown[];
  const ms = typeof stamp === 'string' ? Number(stamp) : NaN;
  if ((applied !== 0 && applied !== 1) || !Number.isFinite(ms)) return undefined;
  return { applied: applied === 1, stamp: ms };
}

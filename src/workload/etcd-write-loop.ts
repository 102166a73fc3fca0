import http from 'node:http';
import { errorName, HttpTimeoutError, httpPostJson, type HttpAnswer } from './http-connection';
import type { EtcdMemberAddress, EtcdWorkloadClientConfig } from './workload-config';
import {
  FixedRateWriter,
  type OpenedConnection,
  type WriteAttempt,
  type WriteLoopEvents,
  type WriterConnection,
} from './fixed-rate-writer';

/** `s` as base64, as etcd's v3 gateway takes keys and values. */
export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The JSON body of etcd's v3 gateway `/v3/kv/put` for one key and value. */
export const putBody = (key: string, value: string): string =>
  JSON.stringify({ key: b64(key), value: b64(value) });

/**
 * How an answer of `/v3/kv/put` ended: `ack` with a 200 and a header (the
 * write is committed by a majority and applied), else `fail` with etcd's own
 * error text (`etcdserver: no leader`, `etcdserver: request timed out`...).
 */
export function putOutcome(a: HttpAnswer): { outcome: 'ack' } | { outcome: 'fail'; error: string } {
  let doc: { header?: unknown; error?: unknown; message?: unknown } | undefined;
  try {
    doc = JSON.parse(a.body) as typeof doc;
  } catch {
    doc = undefined;
  }
  if (a.status === 200 && doc?.header !== undefined) return { outcome: 'ack' };
  const said =
    typeof doc?.error === 'string'
      ? doc.error
      : typeof doc?.message === 'string'
        ? doc.message
        : '';
  return { outcome: 'fail', error: said || `HTTP ${a.status}` };
}

/**
 * The "connection" of an etcd client to one member: a keep-alive agent
 * (several requests may be in flight, on up to 4 sockets) to that member's
 * client port. It holds no session of its own, so it ends only when closed.
 */
export class EtcdMemberConnection implements WriterConnection {
  private ended = false;
  private inFlight = 0;
  private retiring = false;
  private readonly listeners: ((reason: string) => void)[] = [];
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(readonly member: EtcdMemberAddress) {}

  get closed(): boolean {
    return this.ended;
  }

  /** POSTs a JSON body to `path` of the member (see httpPostJson). */
  async post(path: string, body: string, timeoutMs: number): Promise<HttpAnswer> {
    this.inFlight++;
    try {
      return await httpPostJson(
        this.member.ip,
        this.member.port,
        path,
        body,
        this.agent,
        timeoutMs,
      );
    } finally {
      this.inFlight--;
      if (this.retiring && this.inFlight === 0) this.close('retired');
    }
  }

  close(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.agent.destroy();
    for (const l of this.listeners) l(reason);
  }

  retire(): void {
    this.retiring = true;
    if (this.inFlight === 0) this.close('retired');
  }

  onClosed(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }
}

/**
 * The write loop of one etcd client: a put of `dojo:w:<client>:<seq6>` (the
 * value `<client>:<seq>:<sentAt>`) through etcd's v3 JSON gateway at a fixed
 * rate, independent of replies, each with its own timeout. etcd answers a put
 * only once a majority has it in its log, so `ack` means committed; `fail` is
 * an error answer (no leader, a request etcd timed out itself); `timeout` is
 * no answer within timeoutMs (indeterminate: a minority leader may have put it
 * in its own log, where it is never committed). `pinned` writes through the
 * first host whatever happens; `multi-host` moves to the next host after an
 * error or a timeout.
 */
export class EtcdWriteLoop {
  private readonly writer: FixedRateWriter<EtcdMemberConnection>;
  /** Index in `hosts` of the member to try next. */
  private next = 0;

  constructor(
    private readonly cfg: EtcdWorkloadClientConfig,
    events: WriteLoopEvents,
  ) {
    const { client, mode, rate, timeoutMs } = cfg;
    this.writer = new FixedRateWriter({ client, mode, system: 'etcd', rate, timeoutMs }, events, {
      open: () => this.open(),
      send: (conn, attempt) => this.send(conn, attempt),
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

  private send(
    conn: EtcdMemberConnection,
    { key, seq, sentAt, report }: WriteAttempt,
  ): Promise<void> {
    const { client, timeoutMs, mode } = this.cfg;
    return conn.post('/v3/kv/put', putBody(key, `${client}:${seq}:${sentAt}`), timeoutMs).then(
      (answer) => {
        const r = putOutcome(answer);
        report(r);
        if (r.outcome === 'fail' && mode === 'multi-host') this.writer.reconnect(conn, r.error);
      },
      (e: Error) => {
        if (e instanceof HttpTimeoutError) {
          report({ outcome: 'timeout', error: e.message });
          if (mode === 'multi-host') this.writer.reconnect(conn, `timeout: ${e.message}`);
        } else {
          report({ outcome: 'fail', error: errorName(e) });
          if (mode === 'multi-host') this.writer.reconnect(conn, errorName(e));
        }
      },
    );
  }

  /**
   * The member to write through now: the first host when pinned; else the
   * next in order after the one just left, whichever answers its status.
   */
  private async open(): Promise<OpenedConnection<EtcdMemberConnection>> {
    const hosts = this.cfg.hosts;
    if (this.cfg.mode === 'pinned') return this.opened(hosts[0] as EtcdMemberAddress);
    const reasons: string[] = [];
    for (let i = 0; i < hosts.length; i++) {
      const host = hosts[(this.next + i) % hosts.length] as EtcdMemberAddress;
      try {
        const a = await httpPostJson(
          host.ip,
          host.port,
          '/v3/maintenance/status',
          '{}',
          false,
          this.cfg.timeoutMs,
        );
        if (a.status === 200) {
          this.next = (this.next + i + 1) % hosts.length;
          return this.opened(host);
        }
        reasons.push(`${host.name}: HTTP ${a.status}`);
      } catch (e) {
        reasons.push(`${host.name}: ${errorName(e as Error)}`);
      }
    }
    throw new Error(`no member answers (${reasons.join('; ')})`);
  }

  private opened(host: EtcdMemberAddress): OpenedConnection<EtcdMemberConnection> {
    return { conn: new EtcdMemberConnection(host), node: host.name, ip: host.ip, port: host.port };
  }
}

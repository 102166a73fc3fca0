import http from 'node:http';
import type { WriteRecord } from '../shared/scenario-types';
import { b64 } from './etcd-write-loop';
import { errorName, httpPostJson, type HttpAnswer } from './http-connection';
import { PgConnection } from './pg-client';
import type { LockWorkerConfig } from './workload-config';

/**
 * The body of etcd's v3 gateway `/v3/kv/txn` that takes the lock: if `key`
 * was never created (create_revision 0), put it with the worker's name
 * under `lease`; else read who holds it. The put's revision is the fencing
 * token: etcd raises the revision with every change, so a later holder's
 * token is always higher.
 */
export function acquireBody(key: string, worker: string, lease: string): string {
  return JSON.stringify({
    compare: [{ key: b64(key), target: 'CREATE', create_revision: '0' }],
    success: [{ request_put: { key: b64(key), value: b64(worker), lease } }],
    failure: [{ request_range: { key: b64(key) } }],
  });
}

/** What an answer of the acquire txn says: the lock and its token, or who holds it. */
export function acquireOutcome(
  a: HttpAnswer,
): { taken: true; token: number } | { taken: false; holder?: string; error?: string } {
  let doc:
    | {
        succeeded?: boolean;
        header?: { revision?: string };
        responses?: { response_range?: { kvs?: { value?: string }[] } }[];
        error?: string;
        message?: string;
      }
    | undefined;
  try {
    doc = JSON.parse(a.body) as typeof doc;
  } catch {
    doc = undefined;
  }
  if (a.status !== 200 || !doc?.header)
    return { taken: false, error: doc?.error ?? doc?.message ?? `HTTP ${a.status}` };
  if (doc.succeeded === true) return { taken: true, token: Number(doc.header.revision) };
  const held = doc.responses?.[0]?.response_range?.kvs?.[0]?.value;
  return held
    ? { taken: false, holder: Buffer.from(held, 'base64').toString('utf8') }
    : { taken: false };
}

/** The remaining TTL an answer of `/v3/lease/keepalive` gives, s: 0 when the lease is gone. */
export function keepaliveTtl(a: HttpAnswer): number | undefined {
  if (a.status !== 200) return undefined;
  try {
    const doc = JSON.parse(a.body) as { result?: { TTL?: string } };
    return doc.result ? Number(doc.result.TTL ?? 0) : undefined;
  } catch {
    return undefined;
  }
}

/** A lock worker's state, as its status lines report it. */
export interface LockWorkerStatus {
  client: string;
  system: 'lock';
  /** Whether the worker believes it holds the lock (it may be wrong: a zombie). */
  holding: boolean;
  /** Its fencing token while it believes it holds the lock. */
  token?: number;
  /** Why it changed state (`acquired`, `lease expired`, `held by worker-2`...). */
  detail: string;
  /** When, ms since epoch (the worker's clock: the host's). */
  at: number;
}

/** What a worker posts on etcd's status board about itself (see LockWorkerConfig.beliefPrefix). */
export interface LockBeliefPost {
  holding: boolean;
  token?: number;
  /** ms since epoch. */
  at: number;
}

export interface LockWorkerEvents {
  /** A write to storage ended: `ack` accepted, `fail` rejected (the storage's error), `timeout`. */
  onWrite(record: WriteRecord & { token: number }): void;
  onStatus(status: LockWorkerStatus): void;
}

/**
 * A worker that does its job only while it holds a lock (seed 004's worked
 * example). It takes the lock in etcd under a lease, renews the lease, and
 * while it believes it holds the lock writes to storage every `writeEveryMs`
 * with its fencing token: `SELECT dojo_write(token, worker, seq)`. Each tick
 * writes first and renews after, as a process does that resumes inside its
 * critical section: a worker frozen past its lease (a GC pause, `docker
 * pause`) wakes up, writes once with its old token (the zombie write), and
 * only then learns that its lease is gone. Whether storage takes that write
 * is the storage's fencing check, not the worker's.
 */
export class LockWorker {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  private pg: PgConnection | undefined;
  private lease: string | undefined;
  private token: number | undefined;
  private lastRenew = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();
  /** Belief posts, one after the other (a later word never lands before an earlier one). */
  private posting: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly cfg: LockWorkerConfig,
    private readonly events: LockWorkerEvents,
  ) {}

  start(): void {
    this.schedule(this.cfg.firstTryAfterMs ?? 0);
  }

  /** Stops ticking, waits for the tick in flight, releases nothing (a lease just expires). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.busy;
    await this.posting;
    this.pg?.close();
    this.agent.destroy();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.busy = this.tick().finally(() =>
        this.schedule(this.token === undefined ? this.cfg.acquireEveryMs : this.cfg.writeEveryMs),
      );
    }, ms);
  }

  private post(path: string, body: string): Promise<HttpAnswer> {
    const { ip, port } = this.cfg.etcd;
    return httpPostJson(ip, port, path, body, this.agent, this.cfg.timeoutMs);
  }

  private status(detail: string): void {
    const at = Date.now();
    const holding = this.token !== undefined;
    const token = this.token !== undefined ? { token: this.token } : {};
    this.events.onStatus({
      client: this.cfg.client,
      system: 'lock',
      holding,
      ...token,
      detail,
      at,
    });
    const prefix = this.cfg.beliefPrefix;
    if (!prefix) return;
    const belief: LockBeliefPost = { holding, ...token, at };
    const body = JSON.stringify({
      key: b64(`${prefix}${this.cfg.client}`),
      value: b64(JSON.stringify(belief)),
    });
    // Best effort: the board shows the last word that got through.
    this.posting = this.posting.then(() => this.post('/v3/kv/put', body)).catch(() => undefined);
  }

  private async tick(): Promise<void> {
    try {
      if (this.token === undefined) await this.acquire();
      else {
        const took = await this.write(this.token);
        // A write that took longer than the lease means the process slept inside it (a freeze,
        // a long pause): it wakes inside its critical section and goes on writing, with the
        // token it still believes in, before anything tells it otherwise. Without this the
        // freeze would land, now and then, in the few ms a write is in flight, and the renewal
        // right after would save the worker from being a zombie.
        if (took > this.cfg.leaseTtlSeconds * 1000) await this.write(this.token);
        if (Date.now() - this.lastRenew >= (this.cfg.leaseTtlSeconds * 1000) / 3) {
          const token = this.token;
          const asked = Date.now();
          const ttl = await this.keepalive();
          // The same when it slept inside the renewal: its write loop wakes beside the
          // keepalive and gets a write in with the token it believes in before the answer is
          // read (seen in CI: the freeze landed in a renewal, and there was no zombie write).
          if (Date.now() - asked > this.cfg.leaseTtlSeconds * 1000) await this.write(token);
          this.renewed(ttl);
        }
      }
    } catch (e) {
      this.status(`etcd: ${errorName(e as Error)}`);
    }
  }

  private async acquire(): Promise<void> {
    if (!this.lease) {
      const granted = await this.post(
        '/v3/lease/grant',
        JSON.stringify({ TTL: this.cfg.leaseTtlSeconds }),
      );
      const id = (JSON.parse(granted.body) as { ID?: string }).ID;
      if (granted.status !== 200 || !id) return this.status(`lease grant: HTTP ${granted.status}`);
      this.lease = id;
      this.lastRenew = Date.now();
    } else if (Date.now() - this.lastRenew >= (this.cfg.leaseTtlSeconds * 1000) / 3) {
      await this.renew();
      if (!this.lease) return;
    }
    const got = acquireOutcome(
      await this.post('/v3/kv/txn', acquireBody(this.cfg.lockKey, this.cfg.client, this.lease)),
    );
    if (got.taken) {
      this.token = got.token;
      this.status(`acquired, token ${got.token}`);
    }
  }

  private async renew(): Promise<void> {
    this.renewed(await this.keepalive());
  }

  /** The lease's remaining TTL by etcd's answer, s (0: gone); undefined without an answer. */
  private keepalive(): Promise<number | undefined> {
    return this.post('/v3/lease/keepalive', JSON.stringify({ ID: this.lease })).then(
      keepaliveTtl,
      () => undefined,
    );
  }

  /** Acts on a renewal's answer: renewed, or the lock lost (the lease gone, or no answer for its TTL). */
  private renewed(ttl: number | undefined): void {
    if (ttl !== undefined && ttl > 0) {
      this.lastRenew = Date.now();
      return;
    }
    // No answer: the lease is gone once its TTL has passed since the last renewal.
    if (ttl === undefined && Date.now() - this.lastRenew < this.cfg.leaseTtlSeconds * 1000) return;
    const had = this.token;
    this.lease = undefined;
    this.token = undefined;
    if (had !== undefined)
      this.status(
        ttl === undefined
          ? `no renewal for the lease's TTL: gave up the lock (token ${had})`
          : `lease expired: lost the lock (token ${had})`,
      );
  }

  /** One write with `token`, recorded; resolves with how long it took, ms. */
  private async write(token: number): Promise<number> {
    const seq = ++this.seq;
    const key = `dojo:lock:${this.cfg.client}:${String(seq).padStart(6, '0')}`;
    const sentAt = Date.now();
    const base = { client: this.cfg.client, seq, key, node: this.cfg.storage.name, sentAt, token };
    try {
      this.pg ??= await PgConnection.connect({
        host: this.cfg.storage.ip,
        port: this.cfg.storage.port,
        user: this.cfg.storage.user,
        database: this.cfg.storage.database,
        ...(this.cfg.storage.password ? { password: this.cfg.storage.password } : {}),
        applicationName: this.cfg.client,
        timeoutMs: this.cfg.timeoutMs,
      });
      const r = await this.pg.query(
        `SELECT dojo_write(${token}, '${this.cfg.client}', ${seq})`,
        this.cfg.timeoutMs,
      );
      const doneAt = Date.now();
      if (r.error)
        this.events.onWrite({ ...base, doneAt, outcome: 'fail', error: r.error.message });
      else this.events.onWrite({ ...base, doneAt, outcome: 'ack' });
      return doneAt - sentAt;
    } catch (e) {
      const err = e as Error;
      this.pg?.close();
      this.pg = undefined;
      this.events.onWrite({
        ...base,
        doneAt: Date.now(),
        outcome: err.name === 'QueryTimeoutError' ? 'timeout' : 'fail',
        error: errorName(err),
      });
      return Date.now() - sentAt;
    }
  }
}

import net from 'node:net';
import {
  BackendParser,
  ScramSha256,
  encodePassword,
  encodeQuery,
  encodeSaslInitial,
  encodeSaslResponse,
  encodeStartup,
  encodeTerminate,
  formatNotice,
  md5Password,
  parseAuth,
  parseCommandComplete,
  parseDataRow,
  parseNotice,
  parseParameterStatus,
  parseReadyForQuery,
  parseRowDescription,
  type BackendMessage,
  type PgNotice,
} from './pg-protocol';
import { PipelinedConnection, type PendingReply } from './pipelined-connection';

export type { PgNotice };

/** No reply within the query's own timeout: the statement may or may not have run. */
export class QueryTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no reply within ${timeoutMs} ms`);
    this.name = 'QueryTimeoutError';
  }
}

/**
 * The connection ended before the reply (socket closed, or a FATAL such as
 * an administrator shutdown): the statement may or may not have run.
 * `notices` are the ones the server sent for it before the end.
 */
export class PgConnectionLostError extends Error {
  constructor(
    readonly reason: string,
    readonly notices: PgNotice[] = [],
  ) {
    super(`connection lost before the reply: ${reason}`);
    this.name = 'PgConnectionLostError';
  }
}

/** An ErrorResponse during startup or authentication, or thrown by the helpers. */
export class PgServerError extends Error {
  constructor(readonly notice: PgNotice) {
    super(`${notice.message} (SQLSTATE ${notice.code})`);
    this.name = 'PgServerError';
  }
}

/** What the server answered to one Query message. */
export interface PgQueryResult {
  /** Tag of the last CommandComplete (`INSERT 0 1`, `SELECT 1`), null when none came (error, empty query). */
  command: string | null;
  /** Column names of the last RowDescription. */
  fields: string[];
  /** Every DataRow, text format. */
  rows: (string | null)[][];
  /** NoticeResponses sent while the query ran (e.g. the WARNING of a canceled synchronous-replication wait). */
  notices: PgNotice[];
  /** The ErrorResponse (severity ERROR) that ended the query, if any. */
  error?: PgNotice;
}

export interface PgConnectOptions {
  host: string;
  port: number;
  user: string;
  database: string;
  /** For cleartext, md5 and SCRAM-SHA-256 authentication; unused with trust. */
  password?: string;
  applicationName?: string;
  /** Budget of TCP connect + startup + authentication, ms. */
  timeoutMs: number;
}

interface Pending extends PendingReply<PgQueryResult> {
  /** The reply as it comes in (rows, notices, error), resolved on ReadyForQuery. */
  result: PgQueryResult;
}

const emptyResult = (): PgQueryResult => ({ command: null, fields: [], rows: [], notices: [] });

/**
 * One connection to a PostgreSQL server speaking protocol v3 with the simple
 * query protocol. Queries are pipelined: each is written at once, several may
 * be in flight, and replies (each ended by ReadyForQuery) are matched in
 * order. Each query has its own timeout; a query that timed out keeps its
 * place, so its late reply is consumed and dropped. A FATAL or PANIC error,
 * or the socket ending, closes the connection: queries in flight reject with
 * PgConnectionLostError. ERROR replies resolve with `error` set.
 */
export class PgConnection extends PipelinedConnection<PgQueryResult, Pending> {
  private readonly parser = new BackendParser();
  /** ParameterStatus values (server_version, in_hot_standby on 14+, ...). */
  readonly params: Record<string, string> = {};
  /** Transaction status of the last ReadyForQuery. */
  txStatus = 'I';
  backendPid = 0;
  /** Notices that came while no query was running. */
  readonly asyncNotices: PgNotice[] = [];

  private constructor(
    socket: net.Socket,
    readonly host: string,
    readonly port: number,
  ) {
    super(socket);
  }

  /**
   * Connects and authenticates (trust, cleartext, md5 or SCRAM-SHA-256), or
   * rejects after `timeoutMs` (a dropped SYN or a frozen server never fails
   * by itself) or with the server's startup error (PgServerError).
   */
  static connect(opts: PgConnectOptions): Promise<PgConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: opts.host, port: opts.port });
      socket.setNoDelay(true);
      const conn = new PgConnection(socket, opts.host, opts.port);
      let scram: ScramSha256 | undefined;
      let done = false;
      const finish = (e?: Error): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        socket.removeAllListeners('data');
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        if (e) {
          socket.destroy();
          reject(e);
          return;
        }
        conn.attach();
        resolve(conn);
      };
      const timer = setTimeout(
        () =>
          finish(
            new Error(`connect ${opts.host}:${opts.port} timed out after ${opts.timeoutMs} ms`),
          ),
        opts.timeoutMs,
      );
      socket.once('error', (e) => finish(e));
      socket.once('close', () =>
        finish(new Error(`${opts.host}:${opts.port} closed the connection during startup`)),
      );
      socket.once('connect', () => {
        socket.write(
          encodeStartup({
            user: opts.user,
            database: opts.database,
            application_name: opts.applicationName ?? 'failover-dojo',
            client_encoding: 'UTF8',
          }),
        );
      });
      const needPassword = (): string => {
        if (opts.password === undefined)
          throw new Error('the server asks for a password; none configured');
        return opts.password;
      };
      const onMessage = (m: BackendMessage): void => {
        switch (m.type) {
          case 'R': {
            const auth = parseAuth(m.body);
            switch (auth.kind) {
              case 'ok':
                return;
              case 'cleartext':
                socket.write(encodePassword(needPassword()));
                return;
              case 'md5':
                socket.write(encodePassword(md5Password(opts.user, needPassword(), auth.salt)));
                return;
              case 'sasl':
                if (!auth.mechanisms.includes('SCRAM-SHA-256')) {
                  throw new Error(`no supported SASL mechanism in ${auth.mechanisms.join(', ')}`);
                }
                scram = new ScramSha256(needPassword());
                socket.write(encodeSaslInitial('SCRAM-SHA-256', scram.clientFirst()));
                return;
              case 'sasl-continue':
                if (!scram) throw new Error('SASLContinue without SASL');
                socket.write(encodeSaslResponse(scram.clientFinal(auth.data)));
                return;
              case 'sasl-final':
                if (!scram) throw new Error('SASLFinal without SASL');
                scram.verifyServerFinal(auth.data);
                return;
              default:
                throw new Error(`unsupported authentication request ${auth.code}`);
            }
          }
          case 'E':
            throw new PgServerError(parseNotice(m.body));
          case 'N':
            conn.asyncNotices.push(parseNotice(m.body));
            return;
          case 'S': {
            const p = parseParameterStatus(m.body);
            conn.params[p.name] = p.value;
            return;
          }
          case 'K':
            conn.backendPid = m.body.readInt32BE(0);
            return;
          case 'Z':
            conn.txStatus = parseReadyForQuery(m.body);
            finish();
            return;
          default:
            throw new Error(`unexpected message '${m.type}' during startup`);
        }
      };
      socket.on('data', (chunk: Buffer) => {
        try {
          for (const m of conn.parser.push(chunk)) {
            if (done) {
              // a message right after ReadyForQuery in the same chunk (none expected): keep it
              conn.onMessage(m);
            } else {
              onMessage(m);
            }
          }
        } catch (e) {
          finish(e as Error);
        }
      });
    });
  }

  private attach(): void {
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (e) => this.onClose(e.message));
    this.socket.on('close', () => this.onClose('closed by peer'));
  }

  /**
   * Sends a Query; resolves with what the server answered (an ERROR is a
   * result with `error`, not a rejection). Rejects with QueryTimeoutError
   * after `timeoutMs`, or PgConnectionLostError when the connection ends first.
   */
  query(sql: string, timeoutMs: number): Promise<PgQueryResult> {
    return this.request(
      (resolve, reject) => ({
        result: emptyResult(),
        resolve,
        reject,
        settled: false,
        timer: undefined,
      }),
      timeoutMs,
      () => this.socket.write(encodeQuery(sql)),
    );
  }

  protected override timeoutError(timeoutMs: number): Error {
    return new QueryTimeoutError(timeoutMs);
  }

  protected override lostError(reason: string, entry?: Pending): Error {
    return new PgConnectionLostError(reason, entry?.result.notices);
  }

  /** Runs a query that must succeed; throws PgServerError on an ERROR. */
  async queryOk(sql: string, timeoutMs: number): Promise<PgQueryResult> {
    const r = await this.query(sql, timeoutMs);
    if (r.error) throw new PgServerError(r.error);
    return r;
  }

  /** `SELECT pg_is_in_recovery()`: true on a standby. */
  async isInRecovery(timeoutMs: number): Promise<boolean> {
    const r = await this.queryOk('SELECT pg_is_in_recovery()', timeoutMs);
    return r.rows[0]?.[0] === 't';
  }

  /** `SHOW transaction_read_only`: on for a standby or with default_transaction_read_only. */
  async isReadOnly(timeoutMs: number): Promise<boolean> {
    const r = await this.queryOk('SHOW transaction_read_only', timeoutMs);
    return r.rows[0]?.[0] === 'on';
  }

  /**
   * Both at once, in one round trip: what libpq's target_session_attrs
   * checks. `writable` = not in recovery and not read-only.
   */
  async sessionState(
    timeoutMs: number,
  ): Promise<{ inRecovery: boolean; readOnly: boolean; writable: boolean }> {
    const r = await this.queryOk(
      "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')",
      timeoutMs,
    );
    const inRecovery = r.rows[0]?.[0] === 't';
    const readOnly = r.rows[0]?.[1] === 'on';
    return { inRecovery, readOnly, writable: !inRecovery && !readOnly };
  }

  /** Closes now (with a Terminate when possible); queries in flight reject with PgConnectionLostError. */
  override close(reason = 'closed by client'): void {
    if (!this.closed && this.socket.writable) {
      this.socket.end(encodeTerminate());
    }
    this.socket.destroy();
    this.onClose(reason);
  }

  private onData(chunk: Buffer): void {
    let messages: BackendMessage[];
    try {
      messages = this.parser.push(chunk);
    } catch (e) {
      this.close(`protocol error: ${(e as Error).message}`);
      return;
    }
    for (const m of messages) {
      this.onMessage(m);
      if (this.closed) return;
    }
    this.closeIfRetiredAndIdle();
  }

  private onMessage(m: BackendMessage): void {
    const head = this.queue[0];
    switch (m.type) {
      case 'T':
        if (head) {
          head.result.fields = parseRowDescription(m.body);
        }
        return;
      case 'D':
        head?.result.rows.push(parseDataRow(m.body));
        return;
      case 'C':
        if (head) head.result.command = parseCommandComplete(m.body);
        return;
      case 'I': // EmptyQueryResponse
        return;
      case 'N': {
        const n = parseNotice(m.body);
        if (head) head.result.notices.push(n);
        else this.asyncNotices.push(n);
        return;
      }
      case 'E': {
        const e = parseNotice(m.body);
        if (e.severity === 'FATAL' || e.severity === 'PANIC') {
          this.close(formatNotice(e) + (e.code ? ` (SQLSTATE ${e.code})` : ''));
          return;
        }
        if (head) head.result.error ??= e;
        return;
      }
      case 'S': {
        const p = parseParameterStatus(m.body);
        this.params[p.name] = p.value;
        return;
      }
      case 'A': // NotificationResponse (LISTEN/NOTIFY): not used
        return;
      case 'Z': {
        this.txStatus = parseReadyForQuery(m.body);
        const entry = this.queue.shift();
        if (!entry) {
          this.close('ReadyForQuery without a query');
          return;
        }
        this.answer(entry, entry.result);
        return;
      }
      default:
        // COPY and the extended protocol are never started by this client
        this.close(`unexpected message '${m.type}'`);
    }
  }
}

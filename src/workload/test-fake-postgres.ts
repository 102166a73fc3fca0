import net from 'node:net';
import { md5Password } from './pg-protocol';

/**
 * A tiny in-process stand-in for a PostgreSQL server, for the workload's
 * unit tests: startup with trust, cleartext or md5 authentication; the
 * queries the Postgres client sends (session state, CREATE TABLE, INSERT
 * into dojo_writes); a standby / read-only switch (INSERT answers 25006);
 * a WARNING attached to successful INSERTs (as a canceled synchronous
 * replication wait does); a freeze that, like `docker pause`, leaves
 * queries unread until the thaw; and a FATAL shutdown.
 */
export class FakePostgres {
  /** Rows of dojo_writes: `client:seq`. */
  readonly rows = new Set<string>();
  inRecovery = false;
  readOnly = false;
  auth: 'trust' | 'cleartext' | 'md5' = 'trust';
  password = 'secret';
  /** Sent as a WARNING NoticeResponse before each successful INSERT's CommandComplete. */
  insertWarning: { message: string; detail?: string } | undefined;
  /** Every query text received, in order of execution. */
  readonly queries: string[] = [];
  /**
   * The lock service's storage (`SELECT dojo_write(token, worker, seq)`):
   * whether it refuses a token lower than the highest it has seen, the
   * highest so far, and the writes it took (`worker:seq:token`).
   */
  fencing = { check: false, highest: 0, taken: [] as string[] };
  /** Chunk size of the server's writes (1 = byte by byte), to exercise the client's reassembly. */
  chunkSize = 0;
  private frozen = false;
  private readonly backlog: (() => void)[] = [];
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | undefined;
  port = 0;

  constructor(readonly host = '127.0.0.1') {}

  async listen(port = 0): Promise<this> {
    this.server = net.createServer((s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, this.host, () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = undefined;
  }

  /** Sends a FATAL (admin shutdown) on every connection and closes them. */
  terminateAll(): void {
    for (const s of this.sockets) {
      this.send(
        s,
        msg(
          'E',
          errorFields('FATAL', '57P01', 'terminating connection due to administrator command'),
        ),
      );
      s.end();
    }
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const run of this.backlog.splice(0)) run();
  }

  get connections(): number {
    return this.sockets.size;
  }

  private send(s: net.Socket, data: Buffer): void {
    if (s.destroyed) return;
    if (this.chunkSize <= 0) {
      s.write(data);
      return;
    }
    for (let off = 0; off < data.length; off += this.chunkSize) {
      s.write(data.subarray(off, off + this.chunkSize));
    }
  }

  private accept(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let started = false;
    let user = '';
    const salt = Buffer.from([9, 8, 7, 6]);
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!started) {
          if (buf.length < 4) return;
          const len = buf.readInt32BE(0);
          if (buf.length < len) return;
          const parts = buf.subarray(8, len).toString('utf8').split('\0');
          user = parts[parts.indexOf('user') + 1] ?? '';
          buf = buf.subarray(len);
          started = true;
          if (this.auth === 'trust') this.ready(s);
          else if (this.auth === 'cleartext') this.send(s, msg('R', int32(3)));
          else this.send(s, msg('R', Buffer.concat([int32(5), salt])));
          continue;
        }
        if (buf.length < 5) return;
        const type = String.fromCharCode(buf[0] ?? 0);
        const len = buf.readInt32BE(1);
        if (buf.length < 1 + len) return;
        const body = buf.subarray(5, 1 + len);
        buf = buf.subarray(1 + len);
        const text = body.toString('utf8').replace(/\0$/, '');
        if (type === 'p') {
          const expected =
            this.auth === 'md5' ? md5Password(user, this.password, salt) : this.password;
          if (text === expected) this.ready(s);
          else {
            this.send(
              s,
              msg(
                'E',
                errorFields('FATAL', '28P01', `password authentication failed for user "${user}"`),
              ),
            );
            s.end();
          }
        } else if (type === 'Q') {
          const run = (): void => this.query(s, text);
          if (this.frozen) this.backlog.push(run);
          else run();
        } else if (type === 'X') {
          s.end();
        }
      }
    });
  }

  private ready(s: net.Socket): void {
    this.send(
      s,
      Buffer.concat([
        msg('R', int32(0)),
        msg('S', cstrings('server_version', '15.99')),
        msg('K', Buffer.concat([int32(4242), int32(1)])),
        msg('Z', Buffer.from('I')),
      ]),
    );
  }

  private query(s: net.Socket, sql: string): void {
    this.queries.push(sql);
    const out: Buffer[] = [];
    const row = (names: string[], values: string[]): void => {
      out.push(rowDescription(names), dataRow(values), msg('C', cstrings('SELECT 1')));
    };
    const bool = (b: boolean): string => (b ? 't' : 'f');
    const ro = this.readOnly || this.inRecovery;
    if (/^SELECT pg_is_in_recovery\(\), current_setting/.test(sql)) {
      row(['pg_is_in_recovery', 'current_setting'], [bool(this.inRecovery), ro ? 'on' : 'off']);
    } else if (sql === 'SELECT pg_is_in_recovery()') {
      row(['pg_is_in_recovery'], [bool(this.inRecovery)]);
    } else if (sql === 'SHOW transaction_read_only') {
      row(['transaction_read_only'], [ro ? 'on' : 'off']);
    } else if (sql.startsWith('CREATE TABLE')) {
      if (ro) out.push(readOnlyError('CREATE TABLE'));
      else out.push(msg('C', cstrings('CREATE TABLE')));
    } else if (sql.startsWith('INSERT INTO dojo_writes')) {
      const m = /VALUES \('([^']+)', (\d+),/.exec(sql);
      if (ro) out.push(readOnlyError('INSERT'));
      else if (!m) out.push(msg('E', errorFields('ERROR', '42601', 'syntax error')));
      else {
        this.rows.add(`${m[1]}:${m[2]}`);
        if (this.insertWarning) {
          out.push(
            msg(
              'N',
              errorFields(
                'WARNING',
                '01000',
                this.insertWarning.message,
                this.insertWarning.detail,
              ),
            ),
          );
        }
        out.push(msg('C', cstrings('INSERT 0 1')));
      }
    } else if (sql.startsWith('SELECT dojo_write(')) {
      const m = /^SELECT dojo_write\((\d+), '([^']+)', (\d+)\)$/.exec(sql);
      const f = this.fencing;
      if (!m) out.push(msg('E', errorFields('ERROR', '42601', 'syntax error')));
      else if (f.check && Number(m[1]) < f.highest)
        out.push(
          msg(
            'E',
            errorFields(
              'ERROR',
              'P0001',
              `stale fencing token ${m[1]} (highest seen ${f.highest})`,
            ),
          ),
        );
      else {
        f.highest = Math.max(f.highest, Number(m[1]));
        f.taken.push(`${m[2]}:${m[3]}:${m[1]}`);
        row(['dojo_write'], ['']);
      }
    } else if (sql === '') {
      out.push(msg('I', Buffer.alloc(0)));
    } else {
      out.push(msg('E', errorFields('ERROR', '42601', `syntax error at or near "${sql}"`)));
    }
    out.push(msg('Z', Buffer.from('I')));
    this.send(s, Buffer.concat(out));
  }
}

const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n, 0);
  return b;
};
const int16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n, 0);
  return b;
};
const cstrings = (...s: string[]): Buffer =>
  Buffer.concat(s.map((x) => Buffer.from(`${x}\0`, 'utf8')));

/** A backend message: type byte, length, body. */
export function msg(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type, 'latin1'), int32(body.length + 4), body]);
}

/** ErrorResponse / NoticeResponse fields. */
export function errorFields(
  severity: string,
  code: string,
  message: string,
  detail?: string,
): Buffer {
  const f = [`S${severity}`, `V${severity}`, `C${code}`, `M${message}`];
  if (detail) f.push(`D${detail}`);
  return Buffer.concat([cstrings(...f), Buffer.from([0])]);
}

export function rowDescription(names: string[]): Buffer {
  return msg(
    'T',
    Buffer.concat([
      int16(names.length),
      ...names.map((n) =>
        Buffer.concat([cstrings(n), int32(0), int16(0), int32(25), int16(-1), int32(-1), int16(0)]),
      ),
    ]),
  );
}

export function dataRow(values: (string | null)[]): Buffer {
  return msg(
    'D',
    Buffer.concat([
      int16(values.length),
      ...values.map((v) => {
        if (v === null) return int32(-1);
        const b = Buffer.from(v, 'utf8');
        return Buffer.concat([int32(b.length), b]);
      }),
    ]),
  );
}

const readOnlyError = (what: string): Buffer =>
  msg('E', errorFields('ERROR', '25006', `cannot execute ${what} in a read-only transaction`));

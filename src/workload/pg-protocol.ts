import crypto from 'node:crypto';

/**
 * Framing of the PostgreSQL frontend/backend protocol v3 (the subset a
 * simple-query client needs): encoders for the messages the client sends, a
 * streaming parser for the server's messages and decoders for their bodies.
 * https://www.postgresql.org/docs/15/protocol-message-formats.html
 */

/** Protocol 3.0 in the startup message. */
export const PROTOCOL_VERSION = 196608;
/** A server message longer than this is treated as a protocol error (guards against garbage). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** One message from the server: its type byte as a character and its body (length word stripped). */
export interface BackendMessage {
  type: string;
  body: Buffer;
}

/** Fields of an ErrorResponse or NoticeResponse. */
export interface PgNotice {
  /** Non-localized severity (`V`, else `S`): ERROR, FATAL, PANIC, WARNING, NOTICE, ... */
  severity: string;
  /** SQLSTATE, e.g. `25006` (read-only transaction). */
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

const cstring = (s: string): Buffer => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);

/** A typed message: type byte, int32 length (including itself), body. */
function typed(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** StartupMessage: no type byte; parameters such as user, database, application_name. */
export function encodeStartup(params: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(params)) parts.push(cstring(k), cstring(v));
  parts.push(Buffer.from([0]));
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length + 8, 0);
  head.writeInt32BE(PROTOCOL_VERSION, 4);
  return Buffer.concat([head, body]);
}

/** PasswordMessage (cleartext or md5 hash). */
export const encodePassword = (password: string): Buffer => typed('p', cstring(password));

/** SASLInitialResponse: mechanism name and the client-first-message. */
export function encodeSaslInitial(mechanism: string, data: string): Buffer {
  const bytes = Buffer.from(data, 'utf8');
  const len = Buffer.alloc(4);
  len.writeInt32BE(bytes.length, 0);
  return typed('p', Buffer.concat([cstring(mechanism), len, bytes]));
}

/** SASLResponse: the client-final-message. */
export const encodeSaslResponse = (data: string): Buffer => typed('p', Buffer.from(data, 'utf8'));

/** Query (simple query protocol): one or more statements separated by `;`. */
export const encodeQuery = (sql: string): Buffer => typed('Q', cstring(sql));

/** Terminate: the polite goodbye before closing the socket. */
export const encodeTerminate = (): Buffer => typed('X', Buffer.alloc(0));

/**
 * Splits the server's byte stream into messages, whatever the chunking:
 * a message split across chunks waits for its remaining bytes, several
 * messages in one chunk come out together.
 */
export class BackendParser {
  private buf: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns every message now complete. Throws on an impossible length. */
  push(chunk: Buffer): BackendMessage[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: BackendMessage[] = [];
    let off = 0;
    while (this.buf.length - off >= 5) {
      const len = this.buf.readInt32BE(off + 1);
      if (len < 4 || len > MAX_MESSAGE_BYTES) {
        throw new Error(`bad message length ${len} for type 0x${this.buf[off]?.toString(16)}`);
      }
      if (this.buf.length - off < 1 + len) break;
      out.push({
        type: String.fromCharCode(this.buf[off] ?? 0),
        body: this.buf.subarray(off + 5, off + 1 + len),
      });
      off += 1 + len;
    }
    this.buf = off === this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(off));
    return out;
  }

  /** Bytes received but not yet a whole message. */
  get pending(): number {
    return this.buf.length;
  }
}

/** Reads NUL-terminated strings from a body. */
class Reader {
  off = 0;
  constructor(private readonly body: Buffer) {}
  cstring(): string {
    const end = this.body.indexOf(0, this.off);
    if (end < 0) throw new Error('unterminated string in message');
    const s = this.body.toString('utf8', this.off, end);
    this.off = end + 1;
    return s;
  }
  int16(): number {
    const v = this.body.readInt16BE(this.off);
    this.off += 2;
    return v;
  }
  int32(): number {
    const v = this.body.readInt32BE(this.off);
    this.off += 4;
    return v;
  }
  get done(): boolean {
    return this.off >= this.body.length;
  }
}

/** ErrorResponse ('E') / NoticeResponse ('N') body. */
export function parseNotice(body: Buffer): PgNotice {
  const fields: Record<string, string> = {};
  const r = new Reader(body);
  while (!r.done) {
    const code = body[r.off];
    r.off++;
    if (code === 0 || code === undefined) break;
    fields[String.fromCharCode(code)] = r.cstring();
  }
  return {
    severity: fields.V ?? fields.S ?? 'ERROR',
    code: fields.C ?? '',
    message: fields.M ?? '',
    ...(fields.D !== undefined ? { detail: fields.D } : {}),
    ...(fields.H !== undefined ? { hint: fields.H } : {}),
  };
}

/** One line for a notice or error: `WARNING: msg (detail)`. */
export const formatNotice = (n: PgNotice): string =>
  `${n.severity}: ${n.message}${n.detail ? ` (${n.detail})` : ''}`;

/** Authentication request ('R'). */
export type AuthRequest =
  | { kind: 'ok' }
  | { kind: 'cleartext' }
  | { kind: 'md5'; salt: Buffer }
  | { kind: 'sasl'; mechanisms: string[] }
  | { kind: 'sasl-continue'; data: string }
  | { kind: 'sasl-final'; data: string }
  | { kind: 'unsupported'; code: number };

export function parseAuth(body: Buffer): AuthRequest {
  const code = body.readInt32BE(0);
  switch (code) {
    case 0:
      return { kind: 'ok' };
    case 3:
      return { kind: 'cleartext' };
    case 5:
      return { kind: 'md5', salt: Buffer.from(body.subarray(4, 8)) };
    case 10: {
      const r = new Reader(body);
      r.off = 4;
      const mechanisms: string[] = [];
      while (!r.done) {
        const m = r.cstring();
        if (m === '') break;
        mechanisms.push(m);
      }
      return { kind: 'sasl', mechanisms };
    }
    case 11:
      return { kind: 'sasl-continue', data: body.toString('utf8', 4) };
    case 12:
      return { kind: 'sasl-final', data: body.toString('utf8', 4) };
    default:
      return { kind: 'unsupported', code };
  }
}

/** ParameterStatus ('S'). */
export function parseParameterStatus(body: Buffer): { name: string; value: string } {
  const r = new Reader(body);
  return { name: r.cstring(), value: r.cstring() };
}

/** RowDescription ('T'): the column names. */
export function parseRowDescription(body: Buffer): string[] {
  const r = new Reader(body);
  const n = r.int16();
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    names.push(r.cstring());
    r.off += 18; // table oid, column no, type oid, type size, type modifier, format
  }
  return names;
}

/** DataRow ('D'): text-format values, null for SQL NULL. */
export function parseDataRow(body: Buffer): (string | null)[] {
  const r = new Reader(body);
  const n = r.int16();
  const values: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const len = r.int32();
    if (len < 0) {
      values.push(null);
      continue;
    }
    values.push(body.toString('utf8', r.off, r.off + len));
    r.off += len;
  }
  return values;
}

/** CommandComplete ('C'): the command tag, e.g. `INSERT 0 1`. */
export const parseCommandComplete = (body: Buffer): string => new Reader(body).cstring();

/** ReadyForQuery ('Z'): transaction status `I` (idle), `T` (in a block) or `E` (failed block). */
export const parseReadyForQuery = (body: Buffer): string => String.fromCharCode(body[0] ?? 73);

const md5hex = (data: Buffer | string): string =>
  crypto.createHash('md5').update(data).digest('hex');

/** The md5 password message: `md5` + md5(md5(password + user) + salt). */
export function md5Password(user: string, password: string, salt: Buffer): string {
  const inner = md5hex(password + user);
  return 'md5' + md5hex(Buffer.concat([Buffer.from(inner, 'latin1'), salt]));
}

/**
 * SCRAM-SHA-256 (RFC 5802 / 7677) without channel binding, as libpq does
 * over a plain connection. PostgreSQL ignores the user name in the messages
 * (it uses the startup message's), so libpq sends an empty one.
 */
export class ScramSha256 {
  readonly clientFirstBare: string;
  private serverSignature: Buffer | undefined;

  constructor(
    private readonly password: string,
    readonly clientNonce: string = crypto.randomBytes(18).toString('base64'),
    user = '',
  ) {
    this.clientFirstBare = `n=${user.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${clientNonce}`;
  }

  /** client-first-message (gs2 header `n,,`: no channel binding). */
  clientFirst(): string {
    return `n,,${this.clientFirstBare}`;
  }

  /** client-final-message for the server-first-message; throws on a malformed or forged one. */
  clientFinal(serverFirst: string): string {
    const attrs = parseScramAttrs(serverFirst);
    const nonce = attrs.r;
    const salt = attrs.s;
    const iterations = Number(attrs.i);
    if (!nonce || !salt || !Number.isInteger(iterations) || iterations <= 0) {
      throw new Error('SCRAM: malformed server-first-message');
    }
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length) {
      throw new Error('SCRAM: server nonce does not extend the client nonce');
    }
    const salted = crypto.pbkdf2Sync(
      this.password.normalize('NFKC'),
      Buffer.from(salt, 'base64'),
      iterations,
      32,
      'sha256',
    );
    const hmac = (key: Buffer, data: string): Buffer =>
      crypto.createHmac('sha256', key).update(data).digest();
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = crypto.createHash('sha256').update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) {
      proof[i] = (clientKey[i] ?? 0) ^ (clientSignature[i] ?? 0);
    }
    this.serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Checks the server-final-message's signature; throws when it does not prove the server knows the password. */
  verifyServerFinal(serverFinal: string): void {
    const attrs = parseScramAttrs(serverFinal);
    if (attrs.e) throw new Error(`SCRAM: server error ${attrs.e}`);
    if (!this.serverSignature || !attrs.v)
      throw new Error('SCRAM: unexpected server-final-message');
    if (!crypto.timingSafeEqual(Buffer.from(attrs.v, 'base64'), this.serverSignature)) {
      throw new Error('SCRAM: server signature mismatch');
    }
  }
}

function parseScramAttrs(msg: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of msg.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

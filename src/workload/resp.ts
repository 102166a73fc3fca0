/**
 * RESP2 (the Redis serialization protocol): an encoder for commands and an
 * incremental parser for replies. No dependencies; runs on Node 18.
 */

/** An error reply (`-READONLY ...`), kept as a value: it is an answer, not a failure of the transport. */
export class RespError {
  constructor(readonly message: string) {}
  /** First word of the message, e.g. `READONLY`, `NOREPLICAS`, `ERR`. */
  get code(): string {
    return this.message.split(' ', 1)[0] ?? '';
  }
}

/** A reply: simple and bulk strings are strings, `$-1` and `*-1` are null. */
export type RespValue = string | number | null | RespError | RespValue[];

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): Buffer {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return Buffer.from(out);
}

/** Thrown on bytes that are not RESP2: the connection must be dropped. */
export class RespProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RespProtocolError';
  }
}

/** Not enough bytes yet for a complete value. */
const INCOMPLETE = Symbol('incomplete');
type Parsed = { value: RespValue; end: number } | typeof INCOMPLETE;

/**
 * Incremental parser: feed it chunks as they arrive (frames may be split
 * anywhere, several may share a chunk); it returns the complete replies.
 */
export class RespParser {
  private buf: Buffer = Buffer.alloc(0);

  /** Appends a chunk and returns every reply now complete, in order. */
  push(chunk: Buffer): RespValue[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: RespValue[] = [];
    let pos = 0;
    for (;;) {
      const parsed = parseValue(this.buf, pos);
      if (parsed === INCOMPLETE) break;
      out.push(parsed.value);
      pos = parsed.end;
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : this.buf.subarray(pos);
    return out;
  }

  /** Bytes received but not yet part of a complete reply. */
  get buffered(): number {
    return this.buf.length;
  }
}

function readLine(buf: Buffer, start: number): { line: string; end: number } | undefined {
  const cr = buf.indexOf('\r\n', start);
  if (cr < 0) return undefined;
  return { line: buf.toString('utf8', start, cr), end: cr + 2 };
}

function parseInteger(line: string): number {
  if (!/^-?\d+$/.test(line)) throw new RespProtocolError(`not an integer: ${JSON.stringify(line)}`);
  return Number(line);
}

function parseValue(buf: Buffer, pos: number): Parsed {
  if (pos >= buf.length) return INCOMPLETE;
  const head = readLine(buf, pos + 1);
  if (!head) return INCOMPLETE;
  const type = String.fromCharCode(buf[pos] ?? 0);
  switch (type) {
    case '+':
      return { value: head.line, end: head.end };
    case '-':
      return { value: new RespError(head.line), end: head.end };
    case ':':
      return { value: parseInteger(head.line), end: head.end };
    case '$': {
      const len = parseInteger(head.line);
      if (len < 0) return { value: null, end: head.end };
      if (buf.length < head.end + len + 2) return INCOMPLETE;
      if (buf[head.end + len] !== 13 || buf[head.end + len + 1] !== 10) {
        throw new RespProtocolError('bulk string not terminated by CRLF');
      }
      return { value: buf.toString('utf8', head.end, head.end + len), end: head.end + len + 2 };
    }
    case '*': {
      const count = parseInteger(head.line);
      if (count < 0) return { value: null, end: head.end };
      const items: RespValue[] = [];
      let end = head.end;
      for (let i = 0; i < count; i++) {
        const item = parseValue(buf, end);
        if (item === INCOMPLETE) return INCOMPLETE;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new RespProtocolError(`unexpected type byte ${JSON.stringify(type)}`);
  }
}

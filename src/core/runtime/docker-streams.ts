import { StringDecoder } from 'node:string_decoder';

/**
 * Pure helpers for Docker's streaming formats: newline-delimited JSON
 * (events, build and pull progress), the 8-byte-header multiplexed
 * stdout/stderr format (exec, logs without a TTY), and text lines.
 * Chunks may split anywhere, including inside a UTF-8 sequence.
 */

/** Splits a byte/text stream into complete lines (without `\n` or a trailing `\r`). */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: Buffer | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const parts = this.pending.split('\n');
    this.pending = parts.pop() ?? '';
    return parts.map(stripCr);
  }

  /** Ends the input; returns the last, unterminated line if any. */
  flush(): string[] {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return rest.length > 0 ? [stripCr(rest)] : [];
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Decodes newline-delimited JSON; malformed lines go to `onBadLine` instead of throwing. */
export class JsonLineDecoder {
  private readonly lines = new LineSplitter();

  constructor(
    private readonly onBadLine: (line: string, error: unknown) => void = () => undefined,
  ) {}

  /** Feeds a chunk; returns the JSON values of the lines it completed. */
  push(chunk: Buffer | string): unknown[] {
    return this.parse(this.lines.push(chunk));
  }

  /** Ends the input; returns a last unterminated JSON value if any. */
  flush(): unknown[] {
    return this.parse(this.lines.flush());
  }

  private parse(lines: string[]): unknown[] {
    const out: unknown[] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line));
      } catch (err) {
        this.onBadLine(line, err);
      }
    }
    return out;
  }
}

/** One frame of Docker's multiplexed stream: 1 = stdout, 2 = stderr (0 = stdin echo). */
export interface MuxFrame {
  stream: 0 | 1 | 2;
  data: Buffer;
}

/**
 * Demultiplexes a complete buffer in Docker's stdcopy format
 * (`[stream, 0, 0, 0, size(4 bytes BE)] payload`). When the buffer does not
 * start with a valid header (a TTY container's raw output) it is returned as
 * one stdout frame.
 */
export function demuxBuffer(buf: Buffer): MuxFrame[] {
  const frames: MuxFrame[] = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const type = buf[off];
    if (type !== 0 && type !== 1 && type !== 2) break;
    if (buf[off + 1] !== 0 || buf[off + 2] !== 0 || buf[off + 3] !== 0) break;
    const size = buf.readUInt32BE(off + 4);
    const end = Math.min(off + 8 + size, buf.length);
    frames.push({ stream: type, data: buf.subarray(off + 8, end) });
    off = end;
  }
  if (off < buf.length) {
    if (frames.length === 0) return [{ stream: 1, data: buf }];
    frames.push({ stream: 1, data: buf.subarray(off) });
  }
  return frames;
}

/** A classic-builder step header: `Step 3/5 : RUN apt-get update ...`. */
export function parseBuildStep(
  line: string,
): { step: number; totalSteps: number; instruction: string } | undefined {
  const m = /^Step (\d+)\/(\d+) : (.*)$/.exec(line.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { step: Number(m[1]), totalSteps: Number(m[2]), instruction: m[3] ?? '' };
}

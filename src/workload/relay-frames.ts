/**
 * The lab relay's wire format, shared by its two ends: the app (core/runtime/lab-tunnel.ts)
 * and the relay inside the lab network (lab-relay.ts), over one exec stream through the
 * Docker API. Each frame: type (1 byte), stream id (uint32 BE), payload length (uint32 BE),
 * payload. No dependencies; runs on Node 18.
 */

/** Frame types. */
export const FRAME = {
  /** app -> relay: open a TCP connection; payload `<ip>:<port>` (UTF-8). */
  open: 1,
  /** both ways: bytes of the stream. */
  data: 2,
  /** both ways: the stream is over (closed, or could not connect: payload says why, UTF-8). */
  close: 3,
  /** relay -> app: the connection is up. */
  opened: 4,
} as const;
export type FrameType = (typeof FRAME)[keyof typeof FRAME];

/** One decoded frame. */
export interface Frame {
  type: FrameType;
  id: number;
  payload: Buffer;
}

const HEADER = 9;
/** The longest payload a frame may carry (a larger one is a broken stream). */
export const MAX_PAYLOAD = 1 << 20;

/** Encodes one frame. */
export function encodeFrame(type: FrameType, id: number, payload: Buffer | string = ''): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.alloc(HEADER);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(id >>> 0, 1);
  head.writeUInt32BE(body.length, 5);
  return Buffer.concat([head, body]);
}

/**
 * Incremental decoder: feed it chunks as they arrive (frames split anywhere, several in
 * one chunk); it returns the complete frames. Throws on an unknown type or an oversized
 * payload: the stream is broken and must be dropped.
 */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Frame[] = [];
    while (this.buf.length >= HEADER) {
      const type = this.buf.readUInt8(0);
      const length = this.buf.readUInt32BE(5);
      if (type < FRAME.open || type > FRAME.opened)
        throw new Error(`relay: bad frame type ${type}`);
      if (length > MAX_PAYLOAD) throw new Error(`relay: frame of ${length} bytes`);
      if (this.buf.length < HEADER + length) break;
      out.push({
        type: type as FrameType,
        id: this.buf.readUInt32BE(1),
        payload: this.buf.subarray(HEADER, HEADER + length),
      });
      this.buf = this.buf.subarray(HEADER + length);
    }
    return out;
  }
}

import net from 'node:net';
import { encodeFrame, FRAME, FrameDecoder } from './relay-frames';

/** A relay's byte streams: frames in, frames out (stdin and stdout of its exec). */
export interface RelayIo {
  input: NodeJS.ReadableStream;
  output: { write(chunk: Buffer): unknown };
}

/** Where the relay connects: `net.connect` by default (a test may pass its own). */
export type Dial = (port: number, host: string) => net.Socket;

/**
 * The lab relay: runs inside the lab network (the lab's agent container, Node 18) and carries
 * the app's TCP connections to lab members over one exec stream, so that probes, event
 * streams and agents are reached through the Docker API alone: no published port, no route
 * from the app's machine to the lab network (a remote engine, Docker Desktop, Colima).
 *
 * For each `open` frame it connects to `<ip>:<port>` and relays bytes both ways; bytes the
 * app sends before the connection is up are buffered by the socket. Either side's `close`
 * ends the stream. Connections come from the agent's own address in the lab network, which
 * the fences let through as they let the engine's probes through.
 * Returns a function that closes every connection.
 */
export function runRelay(
  io: RelayIo,
  dial: Dial = (port, host) => net.connect(port, host),
): () => void {
  const sockets = new Map<number, net.Socket>();
  const decoder = new FrameDecoder();
  const send = (type: Parameters<typeof encodeFrame>[0], id: number, payload?: Buffer | string) =>
    io.output.write(encodeFrame(type, id, payload));

  const close = (id: number, why: string): void => {
    const s = sockets.get(id);
    if (!s) return;
    sockets.delete(id);
    s.destroy();
    send(FRAME.close, id, why);
  };

  const open = (id: number, target: string): void => {
    const m = /^([0-9.]+):(\d{1,5})$/.exec(target);
    if (!m || sockets.has(id)) {
      send(FRAME.close, id, `bad target ${target.slice(0, 60)}`);
      return;
    }
    const s = dial(Number(m[2]), m[1]!);
    s.setNoDelay(true);
    sockets.set(id, s);
    s.on('connect', () => send(FRAME.opened, id));
    s.on('data', (d: Buffer) => send(FRAME.data, id, d));
    s.on('error', (e) => close(id, e.message));
    s.on('close', () => close(id, 'closed'));
  };

  io.input.on('data', (chunk: Buffer) => {
    let frames;
    try {
      frames = decoder.push(chunk);
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    }
    for (const f of frames) {
      if (f.type === FRAME.open) open(f.id, f.payload.toString('utf8'));
      else if (f.type === FRAME.data) sockets.get(f.id)?.write(f.payload);
      else if (f.type === FRAME.close) {
        const s = sockets.get(f.id);
        sockets.delete(f.id);
        s?.destroy();
      }
    }
  });
  return () => {
    for (const s of sockets.values()) s.destroy();
    sockets.clear();
  };
}

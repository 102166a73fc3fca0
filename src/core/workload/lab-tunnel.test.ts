import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runRelay } from '../../workload/lab-relay';
import { encodeFrame, FRAME, FrameDecoder } from '../../workload/relay-frames';
import type { ExecPipe } from '../runtime/container-runtime';
import { LabTunnel } from './lab-tunnel';

/** The relay in-process, joined to a tunnel as an exec would join them (stdin / stdout). */
function relayPipe(): { pipe: ExecPipe; end: () => void } {
  const toRelay = new PassThrough();
  const fromRelay = new PassThrough();
  let ended!: () => void;
  const closed = new Promise<void>((r) => (ended = r));
  const stop = runRelay({ input: toRelay, output: fromRelay });
  const end = (): void => {
    stop();
    fromRelay.end();
    ended();
  };
  return {
    pipe: { write: (d) => void toRelay.write(d), stdout: fromRelay, closed, close: end },
    end,
  };
}

/** A TCP server on 127.0.0.1 that answers each line with `echo:<line>`. */
async function echoServer(): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer((s) => {
    s.on('data', (d: Buffer) => s.write(`echo:${d.toString()}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as net.AddressInfo).port, server };
}

function ask(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    s.once('data', (d: Buffer) => {
      resolve(d.toString());
      s.destroy();
    });
    s.once('error', reject);
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('relay frames', () => {
  it('decode what they encode, split anywhere and several per chunk', () => {
    const bytes = Buffer.concat([
      encodeFrame(FRAME.open, 7, '10.0.0.11:6379'),
      encodeFrame(FRAME.data, 7, Buffer.from([0, 255, 13, 10])),
      encodeFrame(FRAME.close, 4_000_000_000),
    ]);
    const d = new FrameDecoder();
    const frames = [...bytes].flatMap((b) => d.push(Buffer.from([b])));
    expect(frames.map((f) => [f.type, f.id, [...f.payload]])).toEqual([
      [FRAME.open, 7, [...Buffer.from('10.0.0.11:6379')]],
      [FRAME.data, 7, [0, 255, 13, 10]],
      [FRAME.close, 4_000_000_000, []],
    ]);
    expect(() => new FrameDecoder().push(Buffer.from([9, 0, 0, 0, 1, 0, 0, 0, 0]))).toThrow(
      /bad frame type 9/,
    );
  });
});

describe('the lab tunnel and its relay', () => {
  it('carries connections both ways, many at once, to the target the forward names', async () => {
    const { port, server } = await echoServer();
    const { pipe } = relayPipe();
    const tunnel = await LabTunnel.start(() => Promise.resolve(pipe));
    cleanups.push(
      () => server.close(),
      () => tunnel.close(),
    );
    const local = await tunnel.forward('127.0.0.1', port);
    expect(local).not.toBe(port);
    expect(await tunnel.forward('127.0.0.1', port)).toBe(local);
    const answers = await Promise.all(['a', 'b', 'c'].map((x) => ask(local, x)));
    expect(answers).toEqual(['echo:a', 'echo:b', 'echo:c']);
  });

  it('closes a connection whose target refuses it, drops every connection when the relay dies, and starts it again', async () => {
    const relays: ReturnType<typeof relayPipe>[] = [];
    const tunnel = await LabTunnel.start(() => {
      const r = relayPipe();
      relays.push(r);
      return Promise.resolve(r.pipe);
    });
    cleanups.push(() => tunnel.close());
    // nothing listens on port 1
    const refused = await tunnel.forward('127.0.0.1', 1);
    expect(await closedByPeer(refused)).toBe(true);

    const { port, server } = await echoServer();
    cleanups.push(() => server.close());
    const local = await tunnel.forward('127.0.0.1', port);
    expect(await ask(local, 'up')).toBe('echo:up');
    relays[0]!.end();
    await relays[0]!.pipe.closed;
    expect(tunnel.problem).toBe('the lab relay ended');
    expect(await closedByPeer(local)).toBe(true);
    // RELAY_RETRY_MS later a new relay carries the same local port
    const deadline = Date.now() + 3000;
    while ((relays.length < 2 || tunnel.problem) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(relays).toHaveLength(2);
    expect(await ask(local, 'again')).toBe('echo:again');
  });
});

/** Whether a connection to `port` is closed by the other end (without an answer). */
function closedByPeer(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('close', () => resolve(true));
    s.on('error', () => undefined);
  });
}

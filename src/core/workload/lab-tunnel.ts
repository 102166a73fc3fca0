import net from 'node:net';
import { encodeFrame, FRAME, FrameDecoder } from '../../workload/relay-frames';
import type { ExecPipe } from '../runtime/container-runtime';

/** After the relay's exec ended, the next one starts this long after, ms. */
export const RELAY_RETRY_MS = 500;

/**
 * The app's end of a lab relay (src/workload/lab-relay.ts, running in the lab's agent
 * container): each `forward(ip, port)` opens a listener on 127.0.0.1 of the app's machine
 * whose connections are carried, over the relay's one exec stream through the Docker API,
 * to `ip:port` inside the lab network. The probes, event streams and agents of a lab then
 * connect to those local ports as they do to published ones, and reach the lab whether the
 * engine is this machine's or another's (ssh://, tcp:// with TLS), Docker Desktop or Colima.
 *
 * A connection opened while the relay is gone is closed at once (the caller's reconnect
 * logic retries, as it does when a node is down), and the relay is started again. `close()`
 * ends every listener and the exec.
 */
export class LabTunnel {
  private decoder = new FrameDecoder();
  private readonly sockets = new Map<number, net.Socket>();
  private readonly servers: net.Server[] = [];
  private readonly forwards = new Map<string, Promise<number>>();
  private nextId = 1;
  private pipe: ExecPipe | undefined;
  private down: string | undefined = 'the lab relay is starting';
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  /**
   * @param open starts the relay's exec (`node /opt/dojo/workload.mjs --relay`); called
   *   again, RELAY_RETRY_MS after, whenever the exec ends while the tunnel is open (the relay
   *   died, the engine restarted), so the local ports keep their meaning.
   */
  private constructor(private readonly open: () => Promise<ExecPipe>) {}

  /** Opens the relay (throws when its first exec cannot start) and returns the tunnel. */
  static async start(open: () => Promise<ExecPipe>): Promise<LabTunnel> {
    const tunnel = new LabTunnel(open);
    tunnel.attach(await open());
    return tunnel;
  }

  private attach(pipe: ExecPipe): void {
    this.pipe = pipe;
    this.decoder = new FrameDecoder();
    this.down = undefined;
    pipe.stdout.on('data', (chunk: Buffer) => {
      if (this.pipe === pipe) this.receive(chunk);
    });
    void pipe.closed.then(() => {
      if (this.pipe !== pipe) return;
      this.pipe = undefined;
      this.fail('the lab relay ended');
      this.reopen();
    });
  }

  private reopen(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.open().then(
        (pipe) => (this.closed ? pipe.close() : this.attach(pipe)),
        (e: unknown) => {
          this.down = `the lab relay could not start again: ${(e as Error).message}`;
          this.reopen();
        },
      );
    }, RELAY_RETRY_MS);
  }

  /** Why the relay is down (its exec ended, or a broken frame), or undefined while it is up. */
  get problem(): string | undefined {
    return this.down;
  }

  /**
   * The local port (127.0.0.1) whose connections reach `ip:port` in the lab network; one
   * listener per target, opened on first use.
   */
  forward(ip: string, port: number): Promise<number> {
    const target = `${ip}:${port}`;
    let local = this.forwards.get(target);
    if (!local) {
      local = this.listen(target);
      this.forwards.set(target, local);
    }
    return local;
  }

  /** Closes every listener and connection, and ends the relay's exec (for good). */
  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.fail('tunnel closed');
    for (const s of this.servers) s.close();
    const pipe = this.pipe;
    this.pipe = undefined;
    pipe?.close();
  }

  private listen(target: string): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket, target));
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  }

  private accept(socket: net.Socket, target: string): void {
    const pipe = this.pipe;
    if (this.down || !pipe) {
      socket.destroy();
      return;
    }
    const id = this.nextId++;
    socket.setNoDelay(true);
    this.sockets.set(id, socket);
    pipe.write(encodeFrame(FRAME.open, id, target));
    socket.on('data', (d: Buffer) => {
      if (this.sockets.has(id)) pipe.write(encodeFrame(FRAME.data, id, d));
    });
    const end = (): void => {
      if (!this.sockets.delete(id)) return;
      if (this.pipe === pipe) pipe.write(encodeFrame(FRAME.close, id));
    };
    socket.on('close', end);
    socket.on('error', end);
  }

  private receive(chunk: Buffer): void {
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      // A broken stream: drop this exec; its end brings a new one.
      this.fail((e as Error).message);
      this.pipe?.close();
      return;
    }
    for (const f of frames) {
      const socket = this.sockets.get(f.id);
      if (!socket) continue;
      if (f.type === FRAME.data) socket.write(f.payload);
      else if (f.type === FRAME.close) {
        this.sockets.delete(f.id);
        socket.destroy();
      }
    }
  }

  private fail(why: string): void {
    this.down = why;
    for (const s of this.sockets.values()) s.destroy();
    this.sockets.clear();
  }
}

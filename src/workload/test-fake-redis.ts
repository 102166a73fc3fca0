import net from 'node:net';
import { RespError, RespParser, type RespValue } from './resp';

/**
 * A tiny in-process stand-in for Redis and Sentinel, for the workload's unit
 * tests: SET/GET/DEL/PING, `SENTINEL get-master-addr-by-name`, a replica role
 * (SET answers READONLY) and a freeze that, like `docker pause`, leaves
 * commands unread until the thaw and then executes them all, even those of
 * connections the client has closed meanwhile.
 */
export class FakeRedis {
  readonly data = new Map<string, string>();
  role: 'master' | 'replica' = 'master';
  /** What `SENTINEL get-master-addr-by-name` answers; null = unknown master. */
  sentinelMaster: [string, number] | null = null;
  /** Commands received, in order of execution. */
  readonly commands: string[][] = [];
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

  /** Stops accepting and drops every connection (clients see the connection lost, then refused). */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = undefined;
  }

  /** Drops every current connection but keeps listening. */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
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

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    const parser = new RespParser();
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      const run = (): void => {
        for (const cmd of parser.push(chunk)) {
          const reply = this.execute(cmd as string[]);
          if (!socket.destroyed) socket.write(encodeReply(reply));
        }
      };
      if (this.frozen) this.backlog.push(run);
      else run();
    });
  }

  private execute(args: string[]): RespValue {
    this.commands.push(args);
    const [name = '', ...rest] = args;
    switch (name.toUpperCase()) {
      case 'PING':
        return 'PONG';
      case 'SET':
        if (this.role === 'replica') {
          return new RespError("READONLY You can't write against a read only replica.");
        }
        this.data.set(rest[0] ?? '', rest[1] ?? '');
        return 'OK';
      case 'GET':
        return this.data.get(rest[0] ?? '') ?? null;
      case 'DEL':
        return rest.filter((k) => this.data.delete(k)).length;
      case 'SENTINEL':
        if (rest[0]?.toLowerCase() === 'get-master-addr-by-name') {
          return this.sentinelMaster
            ? [this.sentinelMaster[0], String(this.sentinelMaster[1])]
            : null;
        }
        return new RespError('ERR unknown sentinel subcommand');
      default:
        return new RespError(`ERR unknown command '${name}'`);
    }
  }
}

/** Encodes a reply value as RESP2. */
export function encodeReply(v: RespValue): string {
  if (v === null) return '$-1\r\n';
  if (v instanceof RespError) return `-${v.message}\r\n`;
  if (typeof v === 'number') return `:${v}\r\n`;
  if (Array.isArray(v)) return `*${v.length}\r\n${v.map(encodeReply).join('')}`;
  if (v === 'OK' || v === 'PONG') return `+${v}\r\n`;
  return `$${Buffer.byteLength(v)}\r\n${v}\r\n`;
}

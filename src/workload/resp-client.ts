import net from 'node:net';
import { RespParser, encodeCommand, type RespValue } from './resp';

/** No reply within the command's own timeout: the command may or may not have run. */
export class CommandTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no reply within ${timeoutMs} ms`);
    this.name = 'CommandTimeoutError';
  }
}

/** The connection ended before the reply: the command may or may not have run. */
export class ConnectionLostError extends Error {
  constructor(readonly reason: string) {
    super(`connection lost before the reply: ${reason}`);
    this.name = 'ConnectionLostError';
  }
}

interface Pending {
  resolve(v: RespValue): void;
  reject(e: Error): void;
  /** Already answered by a timeout: its reply, when it comes, is dropped. */
  settled: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One TCP connection to a Redis server or Sentinel speaking RESP2, with
 * pipelining: commands are written at once, several may be in flight, and
 * replies are matched in order. Each command has its own timeout; a command
 * that timed out keeps its place in the reply order, so a late reply is
 * consumed and dropped instead of being given to the next command.
 */
export class RespConnection {
  private readonly parser = new RespParser();
  private readonly queue: Pending[] = [];
  private closedReason: string | undefined;
  private retiring = false;
  private closeListeners: ((reason: string) => void)[] = [];

  private constructor(
    private readonly socket: net.Socket,
    readonly host: string,
    readonly port: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.onClose(e.message));
    socket.on('close', () => this.onClose('closed by peer'));
  }

  /** Connects, or rejects after `timeoutMs` (a dropped SYN never fails by itself). */
  static connect(host: string, port: number, timeoutMs: number): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (e: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(e);
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(new RespConnection(socket, host, port));
      });
    });
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Commands written whose reply (or timeout) has not come yet. */
  get inFlight(): number {
    return this.queue.filter((p) => !p.settled).length;
  }

  /** Called once when the connection ends, with the reason. */
  onClosed(listener: (reason: string) => void): void {
    if (this.closedReason !== undefined) listener(this.closedReason);
    else this.closeListeners.push(listener);
  }

  /**
   * Sends a command; resolves with its reply (error replies are RespError
   * values, not rejections). Rejects with CommandTimeoutError after
   * `timeoutMs`, or ConnectionLostError when the connection ends first.
   */
  command(args: readonly string[], timeoutMs: number): Promise<RespValue> {
    if (this.closedReason !== undefined) {
      return Promise.reject(new ConnectionLostError(this.closedReason));
    }
    return new Promise<RespValue>((resolve, reject) => {
      const entry: Pending = { resolve, reject, settled: false, timer: undefined };
      entry.timer = setTimeout(() => {
        entry.settled = true;
        reject(new CommandTimeoutError(timeoutMs));
        this.closeIfRetiredAndIdle();
      }, timeoutMs);
      this.queue.push(entry);
      this.socket.write(encodeCommand(args));
    });
  }

  /**
   * Stops using the connection without cutting commands short: it closes as
   * soon as every command in flight has its reply or its timeout.
   */
  retire(): void {
    this.retiring = true;
    this.closeIfRetiredAndIdle();
  }

  /** Closes now; commands in flight reject with ConnectionLostError. */
  close(reason = 'closed by client'): void {
    this.socket.destroy();
    this.onClose(reason);
  }

  private closeIfRetiredAndIdle(): void {
    if (this.retiring && this.inFlight === 0) this.close('retired');
  }

  private onData(chunk: Buffer): void {
    let replies: RespValue[];
    try {
      replies = this.parser.push(chunk);
    } catch (e) {
      this.close(`protocol error: ${(e as Error).message}`);
      return;
    }
    for (const reply of replies) {
      const entry = this.queue.shift();
      if (!entry) {
        this.close('reply without a command');
        return;
      }
      clearTimeout(entry.timer);
      if (!entry.settled) {
        entry.settled = true;
        entry.resolve(reply);
      }
    }
    this.closeIfRetiredAndIdle();
  }

  private onClose(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    this.socket.destroy();
    for (const entry of this.queue.splice(0)) {
      clearTimeout(entry.timer);
      if (!entry.settled) {
        entry.settled = true;
        entry.reject(new ConnectionLostError(reason));
      }
    }
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const l of listeners) l(reason);
  }
}

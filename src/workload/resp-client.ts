import net from 'node:net';
import { PipelinedConnection, type PendingReply } from './pipelined-connection';
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

type Pending = PendingReply<RespValue>;

/**
 * One TCP connection to a Redis server or Sentinel speaking RESP2, with
 * pipelining: commands are written at once, several may be in flight, and
 * replies are matched in order. Each command has its own timeout; a command
 * that timed out keeps its place in the reply order, so a late reply is
 * consumed and dropped instead of being given to the next command.
 */
export class RespConnection extends PipelinedConnection<RespValue, Pending> {
  private readonly parser = new RespParser();

  private constructor(
    socket: net.Socket,
    readonly host: string,
    readonly port: number,
  ) {
    super(socket);
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

  /**
   * Sends a command; resolves with its reply (error replies are RespError
   * values, not rejections). Rejects with CommandTimeoutError after
   * `timeoutMs`, or ConnectionLostError when the connection ends first.
   */
  command(args: readonly string[], timeoutMs: number): Promise<RespValue> {
    return this.request(
      (resolve, reject) => ({ resolve, reject, settled: false, timer: undefined }),
      timeoutMs,
      () => this.socket.write(encodeCommand(args)),
    );
  }

  protected override timeoutError(timeoutMs: number): Error {
    return new CommandTimeoutError(timeoutMs);
  }

  protected override lostError(reason: string): Error {
    return new ConnectionLostError(reason);
  }

  /** Closes now; commands in flight reject with ConnectionLostError. */
  override close(reason = 'closed by client'): void {
    this.socket.destroy();
    this.onClose(reason);
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
      this.answer(entry, reply);
    }
    this.closeIfRetiredAndIdle();
  }
}

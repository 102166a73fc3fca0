import type net from 'node:net';

/** A request written on a pipelined connection whose reply has not been matched yet. */
export interface PendingReply<R> {
  resolve(reply: R): void;
  reject(e: Error): void;
  /** Already answered by a timeout: its reply, when it comes, is dropped. */
  settled: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The reply bookkeeping shared by the pipelined protocol clients: requests
 * are written at once, several may be in flight, and replies are matched in
 * order. Each request has its own timeout; a request that timed out keeps its
 * place in the reply order, so its late reply is consumed and dropped. When
 * the connection ends, requests in flight reject with the protocol's lost
 * error and the close listeners are called once. `retire` closes once idle.
 */
export abstract class PipelinedConnection<R, P extends PendingReply<R>> {
  /** Requests in reply order (timed-out ones keep their place). */
  protected readonly queue: P[] = [];
  private closedReason: string | undefined;
  private retiring = false;
  private closeListeners: ((reason: string) => void)[] = [];

  constructor(protected readonly socket: net.Socket) {}

  /** The error of a request that timed out. */
  protected abstract timeoutError(timeoutMs: number): Error;

  /** The error of a request whose connection ended first (`entry` absent: sent after the end). */
  protected abstract lostError(reason: string, entry?: P): Error;

  /** Closes now; requests in flight reject with the lost error. */
  abstract close(reason?: string): void;

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Requests written whose reply (or timeout) has not come yet. */
  get inFlight(): number {
    return this.queue.filter((p) => !p.settled).length;
  }

  /** Called once when the connection ends, with the reason. */
  onClosed(listener: (reason: string) => void): void {
    if (this.closedReason !== undefined) listener(this.closedReason);
    else this.closeListeners.push(listener);
  }

  /**
   * Stops using the connection without cutting requests short: it closes as
   * soon as every request in flight has its reply or its timeout.
   */
  retire(): void {
    this.retiring = true;
    this.closeIfRetiredAndIdle();
  }

  /**
   * Queues the entry `make` builds (with its timeout) and calls `write`;
   * rejects at once with the lost error when the connection has ended.
   */
  protected request(
    make: (resolve: (reply: R) => void, reject: (e: Error) => void) => P,
    timeoutMs: number,
    write: () => void,
  ): Promise<R> {
    if (this.closedReason !== undefined) {
      return Promise.reject(this.lostError(this.closedReason));
    }
    return new Promise<R>((resolve, reject) => {
      const entry = make(resolve, reject);
      entry.timer = setTimeout(() => {
        entry.settled = true;
        reject(this.timeoutError(timeoutMs));
        this.closeIfRetiredAndIdle();
      }, timeoutMs);
      this.queue.push(entry);
      write();
    });
  }

  /** Answers a dequeued entry with its reply, unless its timeout already did. */
  protected answer(entry: P, reply: R): void {
    clearTimeout(entry.timer);
    if (!entry.settled) {
      entry.settled = true;
      entry.resolve(reply);
    }
  }

  protected closeIfRetiredAndIdle(): void {
    if (this.retiring && this.inFlight === 0) this.close('retired');
  }

  /** Marks the connection ended (once): rejects requests in flight, calls the close listeners. */
  protected onClose(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    this.socket.destroy();
    for (const entry of this.queue.splice(0)) {
      clearTimeout(entry.timer);
      if (!entry.settled) {
        entry.settled = true;
        entry.reject(this.lostError(reason, entry));
      }
    }
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const l of listeners) l(reason);
  }
}

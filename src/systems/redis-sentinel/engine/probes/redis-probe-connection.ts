import { Redis } from 'ioredis';
import { withTimeout } from '../../../../core/probes/probe-runner';

/**
 * A long-lived connection a probe reads one node through (an exec per sample
 * would cost 50-100 ms). Single-flight: while a command has not been answered
 * (the node is paused or cut off) no further command is queued behind it;
 * callers get "no answer for N ms" instead, so a frozen node cannot pile up
 * commands that would all be answered at once when it wakes.
 */
export class RedisProbeConnection {
  private readonly client: Redis;
  private pending: { since: number; done: Promise<unknown> } | undefined;

  /**
   * @param port host port on 127.0.0.1 that Docker publishes the node's port on.
   * @param staleAfterMs a command unanswered this long drops the connection and reconnects.
   */
  constructor(
    readonly port: number,
    private readonly staleAfterMs = 5000,
  ) {
    this.client = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: false,
      enableOfflineQueue: false,
      // Without the ready check ioredis can report `ready` on a stream that
      // docker-proxy already closed (it accepts, then drops the connection
      // while the node is not yet listening) and never reconnect.
      enableReadyCheck: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, 500),
    });
    // Errors surface per command; connection errors are expected while a node is down.
    this.client.on('error', () => undefined);
  }

  /**
   * Sends one command and waits at most `timeoutMs` in all for its reply. A
   * caller that finds another command in flight waits for it first (within
   * its own budget), so two readers (the sampler and a final check) share
   * the connection without failing each other or queuing on a frozen node.
   */
  async call(timeoutMs: number, command: string, ...args: string[]): Promise<unknown> {
    return this.flight(timeoutMs, command, () => this.client.call(command, ...args));
  }

  /**
   * Sends several commands at once (one pipeline, one round trip) and resolves with their
   * replies in order; rejects with the first command's error. Single-flight as `call`.
   */
  async callAll(timeoutMs: number, ...commands: [string, ...string[]][]): Promise<unknown[]> {
    const names = commands.map((c) => c[0]).join('+');
    return this.flight(timeoutMs, names, async () => {
      const pipeline = this.client.pipeline();
      for (const [name, ...args] of commands) void pipeline.call(name, ...args);
      const replies = (await pipeline.exec()) ?? [];
      return replies.map(([err, reply]) => {
        if (err) throw err;
        return reply;
      });
    });
  }

  private async flight<T>(timeoutMs: number, command: string, send: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending) {
      const { since, done } = this.pending;
      const waited = Date.now() - since;
      if (waited > this.staleAfterMs) {
        this.pending = undefined;
        this.client.disconnect(true);
        throw new Error(`no answer for ${waited} ms`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no answer for ${waited} ms`);
      await withTimeout(done, remaining, command).catch(() => undefined);
    }
    const remaining = Math.max(1, deadline - Date.now());
    const done = send();
    const entry = { since: Date.now(), done };
    this.pending = entry;
    const clear = (): void => {
      if (this.pending === entry) this.pending = undefined;
    };
    done.then(clear, clear);
    return withTimeout(done, remaining, command);
  }

  close(): void {
    this.client.disconnect(false);
  }
}

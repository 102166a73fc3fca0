import { Redis } from 'ioredis';

/** One event a sentinel published, e.g. `+sdown` / `master mymaster 10.1.2.11 6379`. */
export interface SentinelEvent {
  /** Name of the sentinel that published it, e.g. `sentinel-1`. */
  sentinel: string;
  /** The event type is the channel: `+sdown`, `-sdown`, `+odown`, `+new-epoch`, `+try-failover`,
   * `+elected-leader`, `+selected-slave`, `+promoted-slave`, `+switch-master`,
   * `+convert-to-slave`, `+tilt`, `-tilt`, ... */
  channel: string;
  /** The event's arguments as Sentinel formats them (instance type, name, address, details). */
  message: string;
  /** When the engine received it, ms since epoch (the sentinel does not stamp its events). */
  t: number;
}

/** A live subscription to one sentinel's events. */
export interface SentinelEventSubscription {
  /** Resolves once the first PSUBSCRIBE is acknowledged (events before it are not seen). */
  ready: Promise<void>;
  /** Ends the subscription; no events are delivered after it. */
  close(): void;
}

/**
 * Subscribes to every event a sentinel publishes (`PSUBSCRIBE *` on the
 * sentinel's own pub/sub) through its published loopback port. ioredis
 * reconnects with a backoff and subscribes again after a reconnect, so a
 * sentinel that was paused or cut off resumes its stream. A sentinel that was
 * restarted has a new host port: close this subscription and open another.
 *
 * @param port host port on 127.0.0.1 that Docker publishes the sentinel's 26379 on.
 * @param sentinelName the member name events are attributed to.
 */
export function subscribeSentinelEvents(
  port: number,
  sentinelName: string,
  onEvent: (e: SentinelEvent) => void,
): SentinelEventSubscription {
  let closed = false;
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: false,
    // Keep the PSUBSCRIBE queued until the first connection is up.
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    autoResubscribe: true,
    connectTimeout: 1000,
    keepAlive: 1000,
    retryStrategy: (attempt: number) => Math.min(100 * attempt, 1000),
  });
  // Connection errors are expected while a sentinel is down; the client retries by itself.
  client.on('error', () => undefined);
  client.on('pmessage', (_pattern: string, channel: string, message: string) => {
    // The hello channel is gossip between sentinels, not an event.
    if (closed || channel.startsWith('__sentinel__')) return;
    try {
      onEvent({ sentinel: sentinelName, channel, message, t: Date.now() });
    } catch {
      // a throwing listener must not end the subscription
    }
  });
  const ready = client.psubscribe('*').then(
    () => undefined,
    (err: unknown) => {
      if (!closed) throw err;
    },
  );
  // `ready` is for callers that care; nobody awaiting it must not surface as an unhandled rejection.
  ready.catch(() => undefined);
  return {
    ready,
    close: () => {
      closed = true;
      client.disconnect(false);
    },
  };
}

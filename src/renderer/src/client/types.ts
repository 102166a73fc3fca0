import type { EngineClient } from '../../../shared/engine-contract';

/** State of the renderer's link to the engine host. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** A value that changes over time: read the current one, or be told of each change. */
export interface Observable<T> {
  get(): T;
  /** Calls `listener` on every change (not immediately); returns the unsubscribe. */
  subscribe(listener: (value: T) => void): () => void;
}

/**
 * What the UI holds: the engine API plus the state of the link to it.
 * The UI never knows whether this is Electron IPC or a WebSocket.
 */
export interface DojoClient extends EngineClient {
  readonly connection: Observable<ConnectionState>;
  /** Closes the link for good (no reconnect); pending calls are rejected. */
  dispose(): void;
}

export function createObservable<T>(initial: T): Observable<T> & { set(value: T): void } {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next: T) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (err) {
          console.error('connection listener failed', err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

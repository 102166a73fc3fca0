/** What a terminal receives from its console. */
export interface ConsoleHandlers {
  data(data: string): void;
  /** The shell ended: its exit code, or -1 when the node went away. */
  exit(code: number): void;
}

/** Output kept for a console nobody listens to yet (its id came after its first bytes). */
interface Pending {
  chunks: string[];
  size: number;
  exit?: number;
  since: number;
}

export const CONSOLE_BUFFER = {
  /** Bytes kept per unclaimed console (the oldest are dropped beyond this). */
  maxChars: 256 * 1024,
  /** Unclaimed consoles kept at most this long, ms. */
  maxAgeMs: 30_000,
  maxConsoles: 16,
} as const;

/**
 * Routes `console` / `console-exit` events to the terminal that owns each
 * console id. The engine may send a console's first output before the
 * openConsole answer (with the id) reaches the renderer, so output for an id
 * with no listener is buffered briefly and replayed on subscribe.
 */
export function createConsoleRouter(now: () => number = Date.now) {
  const listeners = new Map<string, Set<ConsoleHandlers>>();
  const pending = new Map<string, Pending>();

  function prune(): void {
    const t = now();
    for (const [id, p] of pending) if (t - p.since > CONSOLE_BUFFER.maxAgeMs) pending.delete(id);
    while (pending.size > CONSOLE_BUFFER.maxConsoles) {
      const oldest = pending.keys().next().value;
      if (oldest === undefined) break;
      pending.delete(oldest);
    }
  }

  function buffer(consoleId: string): Pending {
    let p = pending.get(consoleId);
    if (!p) {
      p = { chunks: [], size: 0, since: now() };
      pending.set(consoleId, p);
      prune();
    }
    return p;
  }

  function each(consoleId: string, fn: (h: ConsoleHandlers) => void): boolean {
    const set = listeners.get(consoleId);
    if (!set || set.size === 0) return false;
    for (const h of [...set]) {
      try {
        fn(h);
      } catch (err) {
        console.error('console listener failed', err);
      }
    }
    return true;
  }

  return {
    data(consoleId: string, data: string): void {
      if (each(consoleId, (h) => h.data(data))) return;
      const p = buffer(consoleId);
      p.chunks.push(data);
      p.size += data.length;
      while (p.size > CONSOLE_BUFFER.maxChars && p.chunks.length > 1)
        p.size -= p.chunks.shift()!.length;
    },
    exit(consoleId: string, code: number): void {
      if (each(consoleId, (h) => h.exit(code))) return;
      buffer(consoleId).exit = code;
    },
    subscribe(consoleId: string, handlers: ConsoleHandlers): () => void {
      let set = listeners.get(consoleId);
      if (!set) {
        set = new Set();
        listeners.set(consoleId, set);
      }
      set.add(handlers);
      const p = pending.get(consoleId);
      if (p) {
        pending.delete(consoleId);
        if (p.chunks.length > 0) handlers.data(p.chunks.join(''));
        if (p.exit !== undefined) handlers.exit(p.exit);
      }
      return () => {
        const s = listeners.get(consoleId);
        if (!s) return;
        s.delete(handlers);
        if (s.size === 0) listeners.delete(consoleId);
      };
    },
    clear(): void {
      listeners.clear();
      pending.clear();
    },
  };
}

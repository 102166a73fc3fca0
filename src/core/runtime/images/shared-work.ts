import type { BuildProgress } from '../../../shared/lab-types';

/** Receives build progress. */
export type ProgressListener = (p: BuildProgress) => void;

interface Inflight<T> {
  promise: Promise<T>;
  listeners: Set<ProgressListener>;
  /** Last progress per image, replayed to late joiners. */
  last: Map<string, BuildProgress>;
}

/**
 * Runs `work` once per key while it is in flight: concurrent callers with the
 * same key share the one run and its result, and each gets the progress it
 * emits (the latest report per image is replayed when joining late). The
 * entry is dropped when the work settles, so a later call starts afresh.
 */
export class SharedWork<T> {
  private readonly inflight = new Map<string, Inflight<T>>();

  run(
    key: string,
    onProgress: ProgressListener | undefined,
    work: (emit: ProgressListener) => Promise<T>,
  ): Promise<T> {
    const existing = this.inflight.get(key);
    if (existing) {
      if (onProgress) {
        for (const p of existing.last.values()) safeCall(onProgress, p);
        existing.listeners.add(onProgress);
      }
      return existing.promise;
    }
    const entry: Inflight<T> = {
      promise: Promise.resolve() as Promise<T>,
      listeners: new Set(),
      last: new Map(),
    };
    if (onProgress) entry.listeners.add(onProgress);
    const emit: ProgressListener = (p) => {
      entry.last.set(p.image, p);
      for (const l of entry.listeners) safeCall(l, p);
    };
    entry.promise = (async () => {
      try {
        return await work(emit);
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, entry);
    return entry.promise;
  }

  /** Number of keys in flight (for tests). */
  get size(): number {
    return this.inflight.size;
  }
}

function safeCall(l: ProgressListener, p: BuildProgress): void {
  try {
    l(p);
  } catch {
    // a listener's failure is not the build's failure
  }
}

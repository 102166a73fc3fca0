/**
 * Samples a probe on an interval, like a status check: each read is bounded by
 * a timeout, reads never overlap, and only a bounded history is kept in
 * memory (the run history keeps everything that must be graded).
 */
export interface ProbeRunnerOptions<T> {
  /** Time between the starts of two reads, ms. A read slower than this delays the next one. */
  intervalMs: number;
  /** Budget of one read, ms; the reader gets it and must honour it. */
  timeoutMs: number;
  /** Samples kept in memory, oldest dropped first. */
  historyLimit: number;
  /** Reads the probe once; gets the timeout it must honour. */
  read: (timeoutMs: number) => Promise<T>;
  onSample: (sample: T) => void;
  /** A read that threw (the reader should not; this is a bug path, kept visible). */
  onError: (error: unknown) => void;
}

export class BoundedHistory<T> {
  private items: T[] = [];
  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`history limit must be >= 1, got ${limit}`);
  }
  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
  }
  /** Oldest first. */
  toArray(): T[] {
    return [...this.items];
  }
  latest(): T | undefined {
    return this.items[this.items.length - 1];
  }
  get size(): number {
    return this.items.length;
  }
}

export class ProbeRunner<T> {
  private readonly history: BoundedHistory<T>;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private current: Promise<void> | undefined;

  constructor(private readonly options: ProbeRunnerOptions<T>) {
    if (options.timeoutMs <= 0 || options.intervalMs <= 0)
      throw new Error('probe interval and timeout must be > 0');
    this.history = new BoundedHistory(options.historyLimit);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops sampling and waits for a read in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  latest(): T | undefined {
    return this.history.latest();
  }

  recent(): T[] {
    return this.history.toArray();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    const started = Date.now();
    try {
      const sample = await this.options.read(this.options.timeoutMs);
      if (!this.running) return;
      this.history.push(sample);
      this.options.onSample(sample);
    } catch (error) {
      if (this.running) this.options.onError(error);
    } finally {
      if (this.running)
        this.schedule(Math.max(0, this.options.intervalMs - (Date.now() - started)));
    }
  }
}

/** Resolves `promise`, or rejects with a timeout error after `ms`. The promise itself is not canceled. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The work a scenario has in flight (moves, fault injections and reverts,
 * reads), so that its end waits for all of it before grading, and the moves
 * of one node run one after another: a move of a node whose previous move is
 * still in flight waits behind it.
 */
export class InFlight {
  private readonly work = new Set<Promise<unknown>>();
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Keeps `work` in the set `settle` waits for until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.work.add(work);
    const settled = (): void => void this.work.delete(work);
    work.then(settled, settled);
    return work;
  }

  /**
   * Runs `fn` once the previous work of `key` has settled (at once without a
   * key or previous work), tracked. `fn` is told whether it had to wait.
   */
  serialize<T>(key: string | undefined, fn: (queued: boolean) => Promise<T>): Promise<T> {
    const before = key !== undefined ? this.tails.get(key) : undefined;
    const work = this.track(
      (async () => {
        await before;
        return fn(before !== undefined);
      })(),
    );
    if (key !== undefined) {
      const tail = work.catch(() => undefined);
      this.tails.set(key, tail);
      void tail.then(() => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
    return work;
  }

  /** Whether work of `key` is in flight (new work of it would wait). */
  isBusy(key: string): boolean {
    return this.tails.has(key);
  }

  /**
   * Waits until everything in flight has settled, or `ms` have passed.
   * Returns how many pieces were still in flight then (0: all settled).
   */
  async settle(ms: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const deadline = new Promise<void>((r) => (timer = setTimeout(r, ms))).then(
      () => (timedOut = true),
    );
    // Work may start more work as it finishes (a revert's reachability read): wait for that too.
    while (this.work.size > 0 && !timedOut) {
      await Promise.race([Promise.allSettled([...this.work]), deadline]);
    }
    clearTimeout(timer);
    return this.work.size;
  }
}

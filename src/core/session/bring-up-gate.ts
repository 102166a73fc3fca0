/**
 * Labs come up one (or a few) at a time: the heavy part of a bring-up
 * (images, network, containers booting, readiness polling) is what loads a
 * machine (a load average of 22 with three labs starting at once on two
 * cores), and it starves the labs already in their drill: probes miss their
 * cadence, moves and faults land late. A lab waiting for its turn says so.
 */

/** Turns for lab bring-ups: wait for one, start the lab, release it. */
export interface TurnGate {
  /** Bring-ups holding a turn plus those waiting for one (for "waiting for N other labs"). */
  readonly busy: number;
  /**
   * Waits for a turn; resolves with its release (call it once), or with
   * undefined when `cancelled` resolves first (the wait is given up).
   */
  acquire(cancelled?: Promise<void>): Promise<(() => void) | undefined>;
}

/** A FIFO gate with `capacity` slots, within one process. */
export class Gate implements TurnGate {
  private held = 0;
  private readonly queue: { grant: () => void }[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`gate capacity must be a whole number >= 1, got ${capacity}`);
  }

  /** Holders of a slot plus those waiting for one. */
  get busy(): number {
    return this.held + this.queue.length;
  }

  /**
   * Waits for a slot; resolves with its release (call it once), or with
   * undefined when `cancelled` resolves first (the wait is given up).
   */
  async acquire(cancelled?: Promise<void>): Promise<(() => void) | undefined> {
    if (this.held < this.capacity && this.queue.length === 0) {
      this.held++;
      return this.releaser();
    }
    let entry!: { grant: () => void };
    const granted = new Promise<boolean>((resolve) => {
      entry = { grant: () => resolve(true) };
      this.queue.push(entry);
    });
    const won = await Promise.race([granted, cancelled?.then(() => false) ?? granted]);
    if (won) return this.releaser();
    const i = this.queue.indexOf(entry);
    if (i >= 0) {
      this.queue.splice(i, 1);
      return undefined;
    }
    // Granted at the same moment as cancelled: hand the slot on.
    this.releaser()();
    return undefined;
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) next.grant();
      else this.held--;
    };
  }
}

/** Bring-ups at once on this machine (DOJO_BRINGUP_CONCURRENCY, default 1). */
export const BRING_UP_CONCURRENCY = Math.max(
  1,
  Math.floor(Number(process.env.DOJO_BRINGUP_CONCURRENCY ?? 1)) || 1,
);

/**
 * The order of a scripted response: each step starts at its due time, but
 * never before the step before it has finished, and none starts once the
 * queue is closed (the scenario ended). A step that starts late says so and
 * why: it waited for the step before it, or the engine's timer fired late
 * (a busy machine). Steps are taken by due time; ties keep the file order.
 */

/** One step to run. */
export interface QueuedStep {
  /** When it should start, ms since epoch. */
  dueAt: number;
  /** A few words for the history, e.g. `isolate-clients redis-1`. */
  label: string;
  /** Carries the step out; gets how it started. Its rejection is the caller's to record. */
  run: (start: StepStart) => Promise<unknown>;
}

/** How a step started. */
export interface StepStart {
  /** When it was due, ms since epoch. */
  dueAt: number;
  /** When it started, ms since epoch. */
  startedAt: number;
  /** Why it started more than `LATE_TOLERANCE_MS` after it was due; absent when on time. */
  late?: string;
}

/** A start later than this after the due time is recorded as late, ms. */
export const LATE_TOLERANCE_MS = 250;

/** The clock and timers the queue uses; injectable for tests. */
export interface QueueClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const realClock: QueueClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class StepQueue {
  private readonly pending: (QueuedStep & { order: number })[] = [];
  private order = 0;
  private running: Promise<void> | undefined;
  private timer: unknown;
  private closed = false;
  private previous: { label: string; finishedAt: number } | undefined;

  constructor(private readonly clock: QueueClock = realClock) {}

  /** Adds a step; it is dropped when the queue is closed. */
  add(step: QueuedStep): void {
    if (this.closed) return;
    this.pending.push({ ...step, order: this.order++ });
    this.pump();
  }

  /**
   * No step starts from now on; the ones not started are dropped and their
   * labels returned. Resolves once the step in flight (if any) has finished.
   */
  async close(): Promise<string[]> {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    const dropped = this.pending.splice(0).map((s) => s.label);
    await this.running;
    return dropped;
  }

  private next(): (QueuedStep & { order: number }) | undefined {
    let best: (QueuedStep & { order: number }) | undefined;
    for (const s of this.pending) {
      if (!best || s.dueAt < best.dueAt || (s.dueAt === best.dueAt && s.order < best.order))
        best = s;
    }
    return best;
  }

  private pump(): void {
    if (this.closed || this.running) return;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    const step = this.next();
    if (!step) return;
    const now = this.clock.now();
    if (step.dueAt > now) {
      this.timer = this.clock.setTimer(() => {
        this.timer = undefined;
        this.pump();
      }, step.dueAt - now);
      return;
    }
    this.pending.splice(this.pending.indexOf(step), 1);
    const start: StepStart = { dueAt: step.dueAt, startedAt: now };
    if (now - step.dueAt > LATE_TOLERANCE_MS) start.late = this.lateWhy(step, now);
    this.running = step
      .run(start)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.previous = { label: step.label, finishedAt: this.clock.now() };
        this.running = undefined;
        this.pump();
      });
  }

  private lateWhy(step: QueuedStep, now: number): string {
    const lateS = ((now - step.dueAt) / 1000).toFixed(1);
    const prev = this.previous;
    if (prev && prev.finishedAt > step.dueAt)
      return `started ${lateS} s late: it waited for the step before it (${prev.label}) to finish`;
    return `started ${lateS} s late: the engine was busy (its timer fired late)`;
  }
}

/**
 * The step right after `step` in the file when it counts from `previous`
 * (it is queued once `step` has finished), else undefined.
 */
export function followingStep<S extends { since: string }>(
  steps: readonly S[],
  step: S,
): S | undefined {
  const next = steps[steps.indexOf(step) + 1];
  return steps.includes(step) && next?.since === 'previous' ? next : undefined;
}

import { describe, expect, it } from 'vitest';
import { StepQueue, followingStep, type QueueClock, type StepStart } from './step-queue';

/** A clock that moves only when told; timers fire as time passes. */
class FakeClock implements QueueClock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private id = 0;
  now(): number {
    return this.t;
  }
  setTimer(fn: () => void, ms: number): unknown {
    const id = ++this.id;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  /** Moves time on by `ms`, firing due timers in order, letting promises settle between. */
  async advance(ms: number): Promise<void> {
    const until = this.t + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((x) => x.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      this.timers = this.timers.filter((x) => x !== due);
      due.fn();
    }
    this.t = until;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A step whose work ends when `finish()` is called. */
function manualStep() {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { done, finish: () => finish() };
}

describe('StepQueue', () => {
  it('starts a step at its due time, not before', async () => {
    const clock = new FakeClock();
    const q = new StepQueue(clock);
    const starts: StepStart[] = [];
    q.add({ dueAt: 5000, label: 'fence', run: async (s) => void starts.push(s) });
    await clock.advance(4999);
    expect(starts).toEqual([]);
    await clock.advance(1);
    expect(starts).toEqual([{ dueAt: 5000, startedAt: 5000 }]);
  });

  it('never starts a step before the one before it has finished, and says why it is late', async () => {
    const clock = new FakeClock();
    const q = new StepQueue(clock);
    const slow = manualStep();
    const order: string[] = [];
    const starts: Record<string, StepStart> = {};
    q.add({
      dueAt: 1000,
      label: 'isolate-clients redis-1',
      run: async (s) => {
        order.push('isolate:start');
        starts.isolate = s;
        await slow.done;
        order.push('isolate:end');
      },
    });
    q.add({
      dueAt: 2000,
      label: 'export-keys redis-1',
      run: async (s) => {
        order.push('export:start');
        starts.export = s;
      },
    });
    await clock.advance(1000);
    await clock.advance(7000); // the fence takes 7 s on a busy engine
    expect(order).toEqual(['isolate:start']);
    slow.finish();
    await clock.advance(0);
    expect(order).toEqual(['isolate:start', 'isolate:end', 'export:start']);
    expect(starts.isolate?.late).toBeUndefined();
    expect(starts.export?.startedAt).toBe(8000);
    expect(starts.export?.late).toBe(
      'started 6.0 s late: it waited for the step before it (isolate-clients redis-1) to finish',
    );
  });

  it('takes steps by due time, file order on ties, even when added later', async () => {
    const clock = new FakeClock();
    const q = new StepQueue(clock);
    const order: string[] = [];
    const step = (label: string, dueAt: number) =>
      q.add({ dueAt, label, run: async () => void order.push(label) });
    step('c', 3000);
    step('a', 1000);
    step('b1', 2000);
    step('b2', 2000);
    await clock.advance(3000);
    expect(order).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it('says the engine was busy when its timer fired late with nothing before it', async () => {
    const clock = new FakeClock();
    const q = new StepQueue(clock);
    const starts: StepStart[] = [];
    clock.t = 0;
    q.add({ dueAt: -1500, label: 'demote', run: async (s) => void starts.push(s) });
    await clock.advance(0);
    expect(starts[0]?.late).toBe('started 1.5 s late: the engine was busy (its timer fired late)');
  });

  it('a failing step does not stop the ones after it', async () => {
    const clock = new FakeClock();
    const q = new StepQueue(clock);
    const order: string[] = [];
    q.add({
      dueAt: 0,
      label: 'bad',
      run: () => Promise.reject(new Error('exec timed out')),
    });
    q.add({ dueAt: 0, label: 'good', run: async () => void order.push('good') });
    await clock.advance(0);
    expect(order).toEqual(['good']);
  });

  it('close drops the steps not started and waits for the one in flight', async () => {
    const clock = new FakeClock();
    const q = new StepQueue(clock);
    const slow = manualStep();
    let finished = false;
    q.add({
      dueAt: 0,
      label: 'heal',
      run: async () => {
        await slow.done;
        finished = true;
      },
    });
    q.add({ dueAt: 0, label: 'unisolate-clients redis-1', run: async () => undefined });
    q.add({ dueAt: 9000, label: 'end', run: async () => undefined });
    await clock.advance(0);
    let closed: string[] | undefined;
    void q.close().then((d) => (closed = d));
    await clock.advance(0);
    expect(closed).toBeUndefined(); // heal still in flight
    slow.finish();
    await clock.advance(0);
    expect(finished).toBe(true);
    expect(closed).toEqual(['unisolate-clients redis-1', 'end']);
    let ran = false;
    q.add({ dueAt: 0, label: 'late', run: async () => void (ran = true) });
    await clock.advance(10_000);
    expect(ran).toBe(false);
  });
});

describe('followingStep', () => {
  const steps = [
    { since: 'tell', after: '3s' },
    { since: 'previous', after: '5s' },
    { since: 'previous', after: '8s' },
    { since: 'tell', after: '30s' },
  ];
  it('is the next step in the file when it counts from previous', () => {
    expect(followingStep(steps, steps[0]!)).toBe(steps[1]);
    expect(followingStep(steps, steps[1]!)).toBe(steps[2]);
  });
  it('is nothing when the next step counts from something else, or there is none', () => {
    expect(followingStep(steps, steps[2]!)).toBeUndefined();
    expect(followingStep(steps, steps[3]!)).toBeUndefined();
    expect(followingStep(steps, { since: 'tell', after: '3s' })).toBeUndefined();
  });
});

import { vi } from 'vitest';

/**
 * Fake time for the workload loops' unit tests, whose clients talk to in-process fake servers
 * over loopback sockets: timers and Date run on vitest's fake clock, socket I/O stays real.
 * The clock moves only when a test moves it, a millisecond at a time, and after each step the
 * event loop gets IO_TURNS turns (real setImmediate, which is not faked) to deliver what the
 * sockets hold. A loopback round trip between a client and a server of the same process takes
 * a turn or two however busy the machine is, so a reply comes within the fake millisecond it
 * was asked in (or the next few), never "late" because the machine was slow: rates, timeouts
 * and the order of events are the same on every run.
 */
const IO_TURNS = 10;

/** Puts setTimeout, setInterval and Date on the fake clock (setImmediate stays real). */
export function useFakeClock(): void {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
}

async function ioTurns(): Promise<void> {
  for (let i = 0; i < IO_TURNS; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Moves the fake clock `ms` on, a millisecond at a time, with socket I/O after each step. */
export async function advance(ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) {
    await vi.advanceTimersByTimeAsync(1);
    await ioTurns();
  }
}

/** Moves the fake clock on until `cond` holds; throws after `timeoutMs` of fake time. */
export async function until(what: string, cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await ioTurns();
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await advance(1);
  }
}

/**
 * Moves the fake clock on until `p` settles (a loop's stop waits out the writes in flight, up
 * to their timeout), and returns what it settled with.
 */
export async function settle<T>(p: Promise<T>, timeoutMs = 3000): Promise<T> {
  let settled = false;
  const done = (): void => {
    settled = true;
  };
  void p.then(done, done);
  await until('the promise to settle', () => settled, timeoutMs);
  return p;
}

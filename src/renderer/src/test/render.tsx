import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { vi } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  /** The element with this data-testid, or throws. */
  get(testId: string): HTMLElement;
  query(testId: string): HTMLElement | null;
  unmount(): Promise<void>;
}

export async function render(ui: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  let root: Root | null = null;
  await act(async () => {
    root = createRoot(container);
    root.render(ui);
  });
  const query = (testId: string) =>
    container.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  return {
    container,
    query,
    get(testId) {
      const el = query(testId);
      if (!el)
        throw new Error(
          `no element with data-testid="${testId}" in:\n${container.innerHTML.slice(0, 2000)}`,
        );
      return el;
    },
    async unmount() {
      await act(async () => root?.unmount());
      container.remove();
    },
  };
}

const realSetTimeout = globalThis.setTimeout;

/**
 * Waits `ms` for a macrotask: in real time, or, when the test runs setTimeout on vitest's fake
 * clock (`vi.useFakeTimers()`), by moving that clock `ms` on (timers due run, promises settle).
 */
async function pause(ms: number): Promise<void> {
  if (vi.isFakeTimers() && globalThis.setTimeout !== realSetTimeout) {
    await vi.advanceTimersByTimeAsync(ms);
  } else {
    await new Promise((r) => setTimeout(r, ms));
  }
}

/** Runs `fn` inside act and lets promises settle. */
export async function actAsync(fn: () => unknown = () => {}): Promise<void> {
  await act(async () => {
    await fn();
    await pause(0);
  });
}

export async function click(el: Element): Promise<void> {
  await actAsync(() => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}

/**
 * Retries `check` (inside act, every 10 ms) until it stops throwing, for up to `timeoutMs`: of
 * real time, or of the fake clock's when the test faked setTimeout and Date (then at most
 * timeoutMs / 10 retries, however slow the machine).
 */
export async function waitFor<T>(check: () => T, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await actAsync(() => pause(10));
    }
  }
}

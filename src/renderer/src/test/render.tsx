import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

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

/** Runs `fn` inside act and lets promises settle. */
export async function actAsync(fn: () => unknown = () => {}): Promise<void> {
  await act(async () => {
    await fn();
    await new Promise((r) => setTimeout(r, 0));
  });
}

export async function click(el: Element): Promise<void> {
  await actAsync(() => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}

/** Retries `check` (inside act) until it stops throwing. */
export async function waitFor<T>(check: () => T, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await actAsync(() => new Promise((r) => setTimeout(r, 10)));
    }
  }
}

import { afterEach, beforeEach, expect } from 'vitest';
import { App } from '../app';
import { createAppStore, type AppStore } from '../store/app-store';
import { StoreProvider } from '../store/react';
import { FakeClient } from './fake-client';
import { actAsync, render, waitFor, type Rendered } from './render';

/**
 * The whole App on a FakeClient, one fresh client, store and view per test:
 * what every screen test of the renderer starts from. The store flushes only
 * when a test says so (`feed`), as the rAF/250 ms flush would.
 */
export interface AppHarness {
  /** This test's fake engine client (a new one before each test, after `setup`). */
  readonly client: FakeClient;
  /** This test's store; there once `mount` ran. */
  readonly store: AppStore;
  /** Renders the App and waits for its readiness attribute (`data-app-ready`). */
  readonly mount: () => Promise<Rendered>;
  /** Runs `fn` (emitting events on the client) and applies them in one flush. */
  readonly feed: (fn: () => void) => Promise<void>;
  /** Navigates to a hash route (`#/runs/run-1`) as the address bar would. */
  readonly go: (hash: string) => Promise<void>;
  /** Unmounts the App now (a test that checks what unmounting does). */
  readonly unmount: () => Promise<void>;
}

/**
 * Registers the per-test set-up and tear-down (call it at the top of a test
 * file) and returns the harness. `setup` fills the new client (labs,
 * scenarios, attempts) before each test. Each test starts at `#` with an
 * empty localStorage.
 */
export function setUpAppHarness(setup: (client: FakeClient) => void = () => {}): AppHarness {
  let client: FakeClient | undefined;
  let store: AppStore | undefined;
  let view: Rendered | null = null;

  beforeEach(() => {
    window.location.hash = '';
    // The player's name is kept in localStorage: each test starts without one.
    window.localStorage.clear();
    client = new FakeClient();
    setup(client);
  });
  afterEach(async () => {
    await view?.unmount();
    view = null;
    store?.dispose();
    store = undefined;
  });

  const currentClient = (): FakeClient => {
    if (!client) throw new Error('the harness client exists only inside a test');
    return client;
  };
  const currentStore = (): AppStore => {
    if (!store) throw new Error('the harness store exists only after mount()');
    return store;
  };

  return {
    get client() {
      return currentClient();
    },
    get store() {
      return currentStore();
    },
    mount: async () => {
      const s = createAppStore(currentClient(), {
        scheduleFlush: () => () => {},
        engineRecheckMs: 0,
      });
      store = s;
      s.start();
      const v = await render(
        <StoreProvider store={s}>
          <App />
        </StoreProvider>,
      );
      view = v;
      await waitFor(() => expect(v.get('app').dataset.appReady).toBe('true'));
      return v;
    },
    feed: async (fn) => {
      await actAsync(() => {
        fn();
        currentStore().flush();
      });
    },
    go: async (hash) => {
      await actAsync(() => {
        window.location.hash = hash;
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      });
    },
    unmount: async () => {
      await view?.unmount();
      view = null;
    },
  };
}

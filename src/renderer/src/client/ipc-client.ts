import type { EngineClient, EngineMethod } from '../../../shared/engine-contract';
import { engineProxy, takesArgument } from '../../../shared/engine-methods';
import { createObservable, type DojoClient } from './types';

/**
 * Wraps the Electron preload bridge (already an EngineClient) as a DojoClient:
 * one forwarder per method of ENGINE_METHODS. IPC has no connection to lose:
 * the state is always `open`. Methods are called on the bridge object (never
 * detached) so a contextBridge proxy keeps working.
 */
export function createIpcClient(bridge: EngineClient): DojoClient {
  const connection = createObservable<'connecting' | 'open' | 'closed'>('open');
  const unsubscribers = new Set<() => void>();
  // Indexed, then called on the bridge (a method call, `this` is the bridge).
  const methods = bridge as unknown as Record<EngineMethod, (args?: unknown) => Promise<unknown>>;
  return {
    connection,
    ...engineProxy((method, args) =>
      takesArgument(method) ? methods[method](args) : methods[method](),
    ),
    onEvent(listener) {
      const off = bridge.onEvent(listener);
      const unsubscribe = () => {
        unsubscribers.delete(unsubscribe);
        off();
      };
      unsubscribers.add(unsubscribe);
      return unsubscribe;
    },
    dispose() {
      for (const off of [...unsubscribers]) off();
    },
  };
}

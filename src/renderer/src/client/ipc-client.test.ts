import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../shared/engine-contract';
import { ENGINE_METHODS, takesArgument } from '../../../shared/engine-methods';
import { createIpcClient } from './ipc-client';

/** A bridge whose every method records its name, its `this` and what it was given. */
function recordingBridge() {
  const calls: { method: string; self: unknown; args: unknown[] }[] = [];
  const bridge: Record<string, unknown> = { onEvent: () => () => {} };
  for (const method of ENGINE_METHODS)
    bridge[method] = async function (this: unknown, ...args: unknown[]) {
      calls.push({ method, self: this, args });
      return `answer of ${method}`;
    };
  return { bridge: bridge as unknown as EngineClient, calls };
}

describe('ipc-client', () => {
  it('has every method of ENGINE_METHODS, each calling the bridge’s own (on the bridge)', async () => {
    const { bridge, calls } = recordingBridge();
    const client = createIpcClient(bridge);
    expect(client.connection.get()).toBe('open');
    const table = client as unknown as Record<string, (arg?: unknown) => Promise<unknown>>;
    for (const method of ENGINE_METHODS)
      expect(await table[method]!({ given: method }), method).toBe(`answer of ${method}`);
    expect(calls).toEqual(
      ENGINE_METHODS.map((method) => ({
        method,
        self: bridge,
        args: takesArgument(method) ? [{ given: method }] : [],
      })),
    );
  });

  it('unsubscribes its listeners from the bridge on dispose', () => {
    const offs: string[] = [];
    const { bridge } = recordingBridge();
    bridge.onEvent = () => () => void offs.push('off');
    const client = createIpcClient(bridge);
    client.onEvent(() => {});
    client.onEvent(() => {});
    client.dispose();
    expect(offs).toEqual(['off', 'off']);
  });
});

import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINE_METHODS, takesArgument } from '../shared/engine-methods';

/** What the preload does with electron: what it exposes, and what it invokes. */
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; args: unknown[] }[],
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      electron.invoked.push({ channel, args });
      return channel === 'dojo:listLabs'
        ? { ok: false, error: 'no docker' }
        : { ok: true, result: `answer on ${channel}` };
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

let api: Record<string, unknown>;
beforeAll(async () => {
  await import('./index');
  api = electron.exposed.get('dojo') as Record<string, unknown>;
});

describe('the preload', () => {
  it('exposes window.dojo only: one function per method of ENGINE_METHODS, and onEvent', () => {
    expect([...electron.exposed.keys()]).toEqual(['dojo']);
    expect(Object.keys(api).sort()).toEqual([...ENGINE_METHODS, 'onEvent'].sort());
    for (const key of Object.keys(api)) expect(typeof api[key], key).toBe('function');
  });

  it('calls each method on its own channel with its argument, and unwraps the reply', async () => {
    electron.invoked.length = 0;
    const table = api as Record<string, (arg?: unknown) => Promise<unknown>>;
    for (const method of ENGINE_METHODS.filter((m) => m !== 'listLabs'))
      expect(await table[method]!({ given: method }), method).toBe(`answer on dojo:${method}`);
    await expect(table.listLabs!()).rejects.toThrow(/^no docker$/);
    expect(electron.invoked).toEqual([
      ...ENGINE_METHODS.filter((m) => m !== 'listLabs').map((m) => ({
        channel: `dojo:${m}`,
        args: [takesArgument(m) ? { given: m } : undefined],
      })),
      { channel: 'dojo:listLabs', args: [undefined] },
    ]);
  });
});

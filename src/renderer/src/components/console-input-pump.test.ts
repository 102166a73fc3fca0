import { describe, expect, it } from 'vitest';
import { consoleInputPump } from './console-input-pump';

/** A send whose calls the test settles by hand, as a slow engine would. */
function slowEngine() {
  const calls: { data: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const send = (data: string) =>
    new Promise<void>((resolve, reject) => calls.push({ data, resolve, reject }));
  return { calls, send };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('consoleInputPump', () => {
  it('keeps one call in flight and joins what was typed meanwhile, in order', async () => {
    const engine = slowEngine();
    const pump = consoleInputPump(engine.send, () => {}, 1000);
    for (const ch of 'redis-cli -p 26379 sentinel get-master-addr-by-name mymaster\r')
      pump.push(ch);
    expect(engine.calls.map((c) => c.data)).toEqual(['r']);
    engine.calls[0]!.resolve();
    await tick();
    expect(engine.calls).toHaveLength(2);
    expect(engine.calls[1]!.data).toBe(
      'edis-cli -p 26379 sentinel get-master-addr-by-name mymaster\r',
    );
    engine.calls[1]!.resolve();
    await tick();
    expect(engine.calls).toHaveLength(2);
    expect(pump.waiting).toBe(0);
  });

  it('splits a long paste into chunks of the contract limit, sent one after another', async () => {
    const engine = slowEngine();
    const pump = consoleInputPump(engine.send, () => {}, 4);
    pump.push('abcdefghij');
    for (let i = 0; i < 3; i++) {
      expect(engine.calls).toHaveLength(i + 1);
      engine.calls[i]!.resolve();
      await tick();
    }
    expect(engine.calls.map((c) => c.data)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('reports a failed chunk once and goes on with what follows', async () => {
    const engine = slowEngine();
    const errors: unknown[] = [];
    const pump = consoleInputPump(engine.send, (e) => errors.push(e), 100);
    pump.push('a');
    pump.push('b');
    engine.calls[0]!.reject(new Error('console closed'));
    await tick();
    expect(errors).toHaveLength(1);
    expect(engine.calls[1]!.data).toBe('b');
  });

  it('sends nothing more once disposed', async () => {
    const engine = slowEngine();
    const errors: unknown[] = [];
    const pump = consoleInputPump(engine.send, (e) => errors.push(e), 100);
    pump.push('a');
    pump.push('b');
    pump.dispose();
    engine.calls[0]!.reject(new Error('gone'));
    await tick();
    pump.push('c');
    expect(engine.calls).toHaveLength(1);
    expect(errors).toHaveLength(0);
  });
});

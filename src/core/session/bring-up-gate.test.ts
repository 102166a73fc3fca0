import { describe, expect, it } from 'vitest';
import { Gate } from './bring-up-gate';

describe('Gate', () => {
  it('lets labs through one at a time, in the order they came', async () => {
    const gate = new Gate(1);
    const order: string[] = [];
    const a = await gate.acquire();
    const b = gate.acquire().then((r) => (order.push('b'), r));
    const c = gate.acquire().then((r) => (order.push('c'), r));
    expect(gate.busy).toBe(3);
    await Promise.resolve();
    expect(order).toEqual([]);
    a!();
    (await b)!();
    (await c)!();
    expect(order).toEqual(['b', 'c']);
    expect(gate.busy).toBe(0);
  });

  it('a lab stopped while it waits gives up its place without taking a slot', async () => {
    const gate = new Gate(1);
    const a = await gate.acquire();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const b = gate.acquire(stopped);
    const c = gate.acquire();
    stop();
    expect(await b).toBeUndefined();
    a!();
    const release = await c;
    expect(release).toBeTypeOf('function');
    expect(gate.busy).toBe(1);
    release!();
    release!(); // twice is once
    expect(gate.busy).toBe(0);
  });

  it('with two slots, two go at once', async () => {
    const gate = new Gate(2);
    const [a, b] = await Promise.all([gate.acquire(), gate.acquire()]);
    expect(a && b).toBeTruthy();
    expect(gate.busy).toBe(2);
  });
});

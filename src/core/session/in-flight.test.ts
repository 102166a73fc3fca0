import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open: () => open() };
}

describe('InFlight', () => {
  it("runs a node's moves one after another and tells the second it was queued", async () => {
    const f = new InFlight();
    const g = gate();
    const log: string[] = [];
    const first = f.serialize('redis-1', async (queued) => {
      log.push(`isolate queued=${queued}`);
      await g.opened;
      log.push('isolate done');
    });
    const second = f.serialize('redis-1', async (queued) => {
      log.push(`export queued=${queued}`);
    });
    const other = f.serialize('redis-2', async (queued) => {
      log.push(`demote queued=${queued}`);
    });
    await other;
    expect(f.isBusy('redis-1')).toBe(true);
    expect(log).toEqual(['isolate queued=false', 'demote queued=false']);
    g.open();
    await Promise.all([first, second]);
    expect(log).toEqual([
      'isolate queued=false',
      'demote queued=false',
      'isolate done',
      'export queued=true',
    ]);
    await Promise.resolve();
    expect(f.isBusy('redis-1')).toBe(false);
  });

  it('a failed move does not block the next one of the node', async () => {
    const f = new InFlight();
    const a = f.serialize('redis-1', () => Promise.reject(new Error('exec timed out')));
    const b = f.serialize('redis-1', async () => 'ran');
    await expect(a).rejects.toThrow('exec timed out');
    await expect(b).resolves.toBe('ran');
  });

  it('settle waits for everything in flight, including work started while waiting', async () => {
    const f = new InFlight();
    const g = gate();
    let late = false;
    void f.track(
      g.opened.then(() => {
        void f.track(Promise.resolve().then(() => (late = true)));
      }),
    );
    const settling = f.settle(5000);
    g.open();
    expect(await settling).toBe(0);
    expect(late).toBe(true);
  });

  it('settle gives up after its bound and says how much is still in flight', async () => {
    const f = new InFlight();
    void f.track(new Promise(() => undefined));
    expect(await f.settle(20)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../shared/scenario-types';
import { classifyUpdates, stampSkewMs } from './update-ledger';

const T = 1_700_000_000_000;

/** One shared-key write of `client` #seq to `shared`, sent at T + at, answered 5 ms later, stamped by a clock `skew` ms off. */
function upd(
  client: string,
  seq: number,
  shared: string,
  at: number,
  o: Partial<WriteRecord> & { skew?: number } = {},
): WriteRecord {
  const { skew = 0, ...rest } = o;
  return {
    client,
    seq,
    key: `dojo:w:${client}:${String(seq).padStart(6, '0')}`,
    node: 'redis-1',
    sentAt: T + at,
    doneAt: T + at + 5,
    outcome: 'ack',
    shared,
    stamp: T + at + 2 + skew,
    ...rest,
  };
}
const valueOf = (w: WriteRecord): string => `${w.client}:${w.seq}:${w.stamp}`;

describe('the update ledger (last-write-wins judged by real time)', () => {
  it('counts nothing lost when each key ends with its last acknowledged update', () => {
    const writes = [
      upd('a', 1, 'dojo:s:000', 0),
      upd('b', 1, 'dojo:s:000', 10),
      upd('a', 2, 'dojo:s:001', 20),
    ];
    const f = classifyUpdates(writes, {
      'dojo:s:000': valueOf(writes[1]!),
      'dojo:s:001': valueOf(writes[2]!),
    });
    expect(f).toMatchObject({ keys: 2, readBack: 2, acked: 3, lost: 0, unexplained: 0 });
    expect(f.regressed).toEqual([]);
  });

  it('counts the updates sent after the surviving value was acknowledged, even when the store said OK', () => {
    // a's value was stamped two minutes fast; b's later updates were told OK and dropped.
    const fast = upd('a', 1, 'dojo:s:000', 0, { skew: 120_000 });
    const later = [
      upd('b', 1, 'dojo:s:000', 100, { node: 'redis-2', superseded: true }),
      upd('b', 2, 'dojo:s:000', 200, { node: 'redis-2', superseded: true }),
    ];
    // Sent before a's write was acknowledged: concurrent, not later, so not counted.
    const concurrent = upd('b', 3, 'dojo:s:000', 3, { node: 'redis-2' });
    const f = classifyUpdates([fast, concurrent, ...later], { 'dojo:s:000': valueOf(fast) });
    expect(f).toMatchObject({ acked: 4, superseded: 2, lost: 2 });
    expect(f.regressed).toEqual([
      { key: 'dojo:s:000', kept: fast, lost: 2, lastLostAckedAt: T + 205 },
    ]);
    // stamped 2 ms into a 5 ms round trip, 2 min fast: 120 000 - 0.5, rounded
    expect(stampSkewMs(fast)).toBe(120_000);
  });

  it('counts every acknowledged update of a key that is gone, and leaves out unexplained values', () => {
    const writes = [
      upd('a', 1, 'dojo:s:000', 0),
      upd('a', 2, 'dojo:s:001', 50, { outcome: 'timeout' }),
      upd('a', 3, 'dojo:s:001', 60),
      upd('a', 4, 'dojo:s:002', 70),
      upd('a', 5, 'dojo:s:002', 80, { outcome: 'fail' }),
    ];
    const f = classifyUpdates(writes, {
      // dojo:s:000 is gone; dojo:s:001 ends with the timed-out write (a ghost), dojo:s:002 with junk
      'dojo:s:001': valueOf(writes[1]!),
      'dojo:s:002': 'hello',
    });
    expect(f).toMatchObject({ keys: 3, readBack: 2, acked: 3, lost: 1, unexplained: 2 });
    expect(f.regressed).toEqual([{ key: 'dojo:s:000', lost: 1, lastLostAckedAt: T + 5 }]);
  });

  it('ignores writes without a shared key', () => {
    const { shared: _none, ...plain } = upd('a', 1, 'dojo:s:000', 0);
    expect(classifyUpdates([plain], {})).toMatchObject({ keys: 0, acked: 0, lost: 0 });
  });
});

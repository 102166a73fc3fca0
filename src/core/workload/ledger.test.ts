import { describe, expect, it } from 'vitest';
import type { WriteOutcome, WriteRecord } from '../../shared/scenario-types';
import {
  answeredCounts,
  classifyLedger,
  fateOf,
  liveCounts,
  writesPerSecondByNode,
} from './ledger';

const T0 = 1_700_000_000_000;
let seq = 0;
function rec(outcome: WriteOutcome, extra: Partial<WriteRecord> = {}): WriteRecord {
  seq++;
  const client = extra.client ?? 'app';
  return {
    client,
    seq,
    key: `dojo:w:${client}:${String(seq).padStart(6, '0')}`,
    node: 'redis-1',
    sentAt: T0 + seq * 50,
    doneAt: T0 + seq * 50 + 2,
    outcome,
    ...(outcome === 'fail' ? { error: 'READONLY' } : {}),
    ...extra,
  };
}

describe('liveCounts', () => {
  it('counts attempts by outcome, without fates', () => {
    const records = [rec('ack'), rec('ack'), rec('fail'), rec('timeout'), rec('ack')];
    expect(liveCounts(records)).toEqual({ attempts: 5, acked: 3, failed: 1, indeterminate: 1 });
    expect(liveCounts([])).toEqual({ attempts: 0, acked: 0, failed: 0, indeterminate: 0 });
  });

  it('a record seen twice (a re-read log) counts once', () => {
    const a = rec('ack');
    expect(liveCounts([a, rec('fail'), a]).attempts).toBe(2);
  });
});

describe('classifyLedger', () => {
  it('counts as recovered only acknowledged writes present because a replay added their key', () => {
    const acked = Array.from({ length: 6 }, () => rec('ack'));
    const ghost = rec('timeout');
    const keys = acked.map((r) => r.key);
    // Present: 0-3 and the ghost; the replay added 2, 3, 5 (5 is lost anyway) and the ghost.
    const present = new Set([...keys.slice(0, 4), ghost.key]);
    const replayed = new Set([keys[2]!, keys[3]!, keys[5]!, ghost.key]);
    const r = classifyLedger([...acked, ghost], present, undefined, replayed);
    expect(r.counts.recovered).toBe(2);
    expect(r.counts.fates?.['acked-present']).toBe(4);
    expect(r.lostKeys).toEqual([keys[4], keys[5]]);
    // No replay in the run: no recovered count in the ledger at all.
    expect(classifyLedger(acked, present).counts.recovered).toBeUndefined();
  });

  it('10 acked writes of which 3 are absent: exactly 3 acked-lost, with their keys', () => {
    const acked = Array.from({ length: 10 }, () => rec('ack'));
    const gone = new Set([acked[1], acked[4], acked[9]].map((r) => r?.key));
    const present = new Set(acked.map((r) => r.key).filter((k) => !gone.has(k)));
    const { counts, lostKeys, ghostKeys } = classifyLedger(acked, present, 'redis-2');
    expect(counts).toEqual({
      attempts: 10,
      acked: 10,
      failed: 0,
      indeterminate: 0,
      readFrom: 'redis-2',
      fates: {
        'acked-present': 7,
        'acked-lost': 3,
        failed: 0,
        'indeterminate-present': 0,
        'indeterminate-absent': 0,
      },
    });
    expect(lostKeys).toEqual([acked[1]?.key, acked[4]?.key, acked[9]?.key]);
    expect(ghostKeys).toEqual([]);
  });

  it('timeouts: present = indeterminate-present (ghost), absent = indeterminate-absent; fails stay failed either way', () => {
    const ghost = rec('timeout', { error: 'no reply within 1000 ms' });
    const vanished = rec('timeout');
    const failedButThere = rec('fail'); // e.g. a retried write: the failure is what the client saw
    const failed = rec('fail');
    const ack = rec('ack');
    const present = new Set([ghost.key, failedButThere.key, ack.key, 'dojo:w:other:000001']);
    const { counts, lostKeys, ghostKeys } = classifyLedger(
      [ghost, vanished, failedButThere, failed, ack],
      present,
    );
    expect(counts.fates).toEqual({
      'acked-present': 1,
      'acked-lost': 0,
      failed: 2,
      'indeterminate-present': 1,
      'indeterminate-absent': 1,
    });
    expect(counts.readFrom).toBeUndefined();
    expect(counts).toMatchObject({ attempts: 5, acked: 1, failed: 2, indeterminate: 2 });
    expect(lostKeys).toEqual([]);
    expect(ghostKeys).toEqual([ghost.key]);
  });

  it('fates always add up to the attempts', () => {
    const outcomes: WriteOutcome[] = ['ack', 'fail', 'timeout'];
    const records = Array.from({ length: 300 }, (_, i) => rec(outcomes[i % 3] as WriteOutcome));
    const present = new Set(records.filter((_, i) => i % 7 !== 0).map((r) => r.key));
    const { counts } = classifyLedger(records, present);
    const sum = Object.values(counts.fates ?? {}).reduce((s, n) => s + n, 0);
    expect(sum).toBe(counts.attempts);
    expect(counts.fates?.['acked-lost']).toBe(
      records.filter((r, i) => r.outcome === 'ack' && i % 7 === 0).length,
    );
  });

  it('fateOf', () => {
    expect(fateOf(rec('ack'), true)).toBe('acked-present');
    expect(fateOf(rec('ack'), false)).toBe('acked-lost');
    expect(fateOf(rec('fail'), true)).toBe('failed');
    expect(fateOf(rec('timeout'), true)).toBe('indeterminate-present');
    expect(fateOf(rec('timeout'), false)).toBe('indeterminate-absent');
  });
});

describe('writesPerSecondByNode', () => {
  it('acks per second per node by ack time, contiguous buckets with zeros, fails and timeouts ignored', () => {
    const at = (node: string, ms: number, outcome: WriteOutcome = 'ack'): WriteRecord =>
      rec(outcome, { node, sentAt: T0 + ms - 1, doneAt: T0 + ms });
    const records = [
      at('redis-1', 0),
      at('redis-1', 100),
      at('redis-1', 999),
      at('redis-1', 1500, 'timeout'),
      at('redis-2', 1200, 'fail'),
      // nothing acked in [2000, 3000)
      at('redis-2', 3000),
      at('redis-1', 3100),
    ];
    expect(writesPerSecondByNode(records, 1000)).toEqual([
      { t: T0, perNode: { 'redis-1': 3, 'redis-2': 0 } },
      { t: T0 + 1000, perNode: { 'redis-1': 0, 'redis-2': 0 } },
      { t: T0 + 2000, perNode: { 'redis-1': 0, 'redis-2': 0 } },
      { t: T0 + 3000, perNode: { 'redis-1': 1, 'redis-2': 1 } },
    ]);
    // half-second buckets report per-second rates
    expect(writesPerSecondByNode(records, 500)[0]).toEqual({
      t: T0,
      perNode: { 'redis-1': 4, 'redis-2': 0 },
    });
    // an explicit range pads and clips
    const ranged = writesPerSecondByNode(records, 1000, { fromMs: T0 - 2000, toMs: T0 + 1500 });
    expect(ranged.map((p) => p.t)).toEqual([T0 - 2000, T0 - 1000, T0, T0 + 1000]);
    expect(ranged[2]?.perNode['redis-1']).toBe(3);
    expect(writesPerSecondByNode([], 1000)).toEqual([]);
    expect(() => writesPerSecondByNode(records, 0)).toThrow(/positive/);
  });
});

describe('answeredCounts', () => {
  it("counts an HTTP client's requests by outcome and the acknowledged ones by the router that answered", () => {
    const r1 = { node: 'router-1', via: '02:42:0a:00:00:0b' };
    const r2 = { node: 'router-2', via: '02:42:0a:00:00:0c' };
    const reset = rec('fail', { node: 'none', via: r1.via, error: 'ECONNRESET' });
    const records = [
      rec('ack', r1),
      rec('ack', r1),
      reset,
      rec('ack', r2),
      rec('timeout', { node: 'none', error: 'no answer within 1000 ms' }),
      rec('ack', r2),
      rec('ack', r2),
      rec('fail', { node: 'router-2', error: 'HTTP 503' }),
      reset, // read twice
    ];
    expect(answeredCounts(records)).toEqual({
      attempts: 8,
      acked: 5,
      failed: 2,
      indeterminate: 1,
      answeredBy: { 'router-1': 2, 'router-2': 3 },
    });
    expect(answeredCounts([])).toEqual({
      attempts: 0,
      acked: 0,
      failed: 0,
      indeterminate: 0,
      answeredBy: {},
    });
  });
});

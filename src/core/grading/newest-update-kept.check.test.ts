import { describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../shared/scenario-types';
import { contextFor, HistoryBuilder, T0, testScenario } from '../testing/test-history';
import { newestUpdateKept } from './newest-update-kept.check';

const scenario = testScenario({
  grading: {
    passMark: 70,
    checks: [{ check: 'newest-update-kept', weight: 35, required: true }],
  },
});

/** Updates of 4 shared keys, `client` at 20/s on `node` in [from, to), stamped `skew` ms off. */
function updates(client: string, node: string, from: number, to: number, skew = 0): WriteRecord[] {
  const out: WriteRecord[] = [];
  for (let at = from, seq = 1; at < to; at += 50, seq++) {
    out.push({
      client,
      seq,
      key: `dojo:w:${client}:${String(seq).padStart(6, '0')}`,
      node,
      sentAt: T0 + at,
      doneAt: T0 + at + 5,
      outcome: 'ack',
      shared: `dojo:s:00${(seq - 1) % 4}`,
      stamp: T0 + at + 2 + skew,
    });
  }
  return out;
}

/** The last value each shared key got, in order of `writes`. */
function lastValues(writes: readonly WriteRecord[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of writes) out[w.shared!] = `${w.client}:${w.seq}:${w.stamp}`;
  return out;
}

function judge(writes: WriteRecord[], shared: Record<string, string> | undefined, replay = false) {
  const h = new HistoryBuilder().add(0, { kind: 'writes', records: writes });
  if (replay)
    h.add(16_000, {
      kind: 'replayed-keys',
      node: 'redis-1',
      target: 'redis-2',
      rule: 'keep-newer',
      added: 10,
      overwritten: 4,
      kept: 0,
      removed: 0,
      addedKeys: [],
    });
  h.add(30_000, {
    kind: 'ledger',
    counts: { attempts: writes.length, acked: writes.length, failed: 0, indeterminate: 0 },
    lostKeys: [],
    ...(shared ? { shared } : {}),
  });
  return newestUpdateKept(contextFor(scenario, h.events(), 'newest-update-kept'));
}

describe('newest-update-kept', () => {
  it('passes when every shared key ends with its newest acknowledged update', () => {
    const island = updates('app-pinned', 'redis-1', 5000, 8000, 120_000);
    const mainland = updates('app-sentinel', 'redis-2', 0, 20_000);
    const r = judge([...island, ...mainland], lastValues(mainland));
    expect(r.verdict).toBe('pass');
    expect(r.why).toMatch(/Each of the 4 shared keys holds its newest acknowledged update/);
  });

  it('fails when the fast-stamped island values outlive later updates, and names the clock and the replay', () => {
    const island = updates('app-pinned', 'redis-1', 5000, 8000, 120_000);
    const mainland = updates('app-sentinel', 'redis-2', 0, 20_000).map((w) =>
      w.sentAt >= T0 + 16_000 ? { ...w, superseded: true } : w,
    );
    const r = judge([...island, ...mainland], lastValues(island), true);
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(/acknowledged updates of 4 shared keys were outlived by older values/);
    expect(r.why).toMatch(/app-pinned #\d+, acknowledged by redis-1 at \+\d+\.\d s/);
    expect(r.why).toMatch(/stamped by a clock 2 min 0 s ahead of the host's/);
    expect(r.why).toMatch(/replay at \+16\.0 s \(keep-newer\) chose by stamps/);
    expect(r.figures?.superseded).toBe(80);
    expect(r.figures?.regressedKeys).toBe(4);
  });

  it('is unknown without a read-back of the shared keys', () => {
    const r = judge(updates('app-sentinel', 'redis-2', 0, 1000), undefined);
    expect(r.verdict).toBe('unknown');
    expect(r.why).toMatch(/not read back/);
  });
});

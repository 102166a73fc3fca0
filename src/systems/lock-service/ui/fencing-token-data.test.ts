import { describe, expect, it } from 'vitest';
import { sample } from '../../../renderer/src/test/fake-client';
import {
  MAX_WRITE_POINTS,
  fencingTokenRows,
  fencingWorkers,
  staleMarks,
  tokenWritePoints,
} from './fencing-token-data';
import {
  lockEvent,
  lockNode,
  lockSample,
  silentNode,
  tokenWrite,
} from '../shared/testing/lock-fixtures';

const T0 = 100_000;

describe('the fencing-tokens series', () => {
  const events = [
    lockEvent(T0 + 500, 'worker-1', true, 'acquired, token 7', 7),
    lockEvent(T0 + 4000, 'worker-2', true, 'acquired, token 12', 12),
    lockEvent(T0 + 6000, 'worker-1', false, 'lease expired: lost the lock (token 7)'),
  ];

  it("steps storage's highest token and each worker's held token, a row per change", () => {
    const samples = [
      lockSample(T0 + 1000, {}, { highest: 7 }),
      lockSample(T0 + 2000, {}, { highest: 7 }),
      lockSample(T0 + 5000, {}, { highest: 12 }),
      lockSample(T0 + 7000, {}, { highest: 12 }),
    ];
    const rows = fencingTokenRows(samples, events, T0, ['worker-1', 'worker-2']);
    expect(rows).toEqual([
      { x: 0.5, highest: null, 'worker-1': 7, 'worker-2': null },
      { x: 1, highest: 7, 'worker-1': 7, 'worker-2': null },
      { x: 4, highest: 7, 'worker-1': 7, 'worker-2': 12 },
      { x: 5, highest: 12, 'worker-1': 7, 'worker-2': 12 },
      { x: 6, highest: 12, 'worker-1': null, 'worker-2': 12 },
      // The last item reaches the end of the steps.
      { x: 7, highest: 12, 'worker-1': null, 'worker-2': 12 },
    ]);
  });

  it('storage that did not answer is a gap, not token 0', () => {
    const samples = [
      lockSample(T0, {}, { highest: 7 }),
      sample(T0 + 1000, [lockNode(), silentNode('storage')]),
    ];
    expect(fencingTokenRows(samples, [], T0, []).map((r) => r.highest)).toEqual([7, null]);
  });

  it('marks where the count of stale writes accepted rose, from the first answer on', () => {
    const samples = [
      lockSample(T0, {}, { staleAccepted: 2 }),
      lockSample(T0 + 1000, {}, { staleAccepted: 2 }),
      lockSample(T0 + 2000, {}, { staleAccepted: 3 }),
      sample(T0 + 3000, [silentNode('storage')]),
      lockSample(T0 + 4000, {}, { staleAccepted: 5 }),
    ];
    expect(staleMarks(samples, T0)).toEqual([
      { x: 2, added: 1, total: 3 },
      { x: 4, added: 2, total: 5 },
    ]);
  });

  it('puts every write at its token with its verdict; an accepted one below the highest is stale', () => {
    const records = [
      tokenWrite(T0 + 3000, 'worker-1', 7, 'ack', 12),
      tokenWrite(T0 + 1000, 'worker-1', 7),
      tokenWrite(T0 + 2000, 'worker-2', 12),
      tokenWrite(T0 + 4000, 'worker-1', 7, 'refused', 12),
      tokenWrite(T0 + 5000, 'worker-2', 12, 'fail'),
      { ...tokenWrite(T0 + 6000, 'app', 1), token: undefined },
    ];
    expect(
      tokenWritePoints(records, T0).map((p) => [p.x, p.worker, p.token, p.verdict, p.stale]),
    ).toEqual([
      [1, 'worker-1', 7, 'accepted', false],
      [2, 'worker-2', 12, 'accepted', false],
      [3, 'worker-1', 7, 'accepted', true],
      [4, 'worker-1', 7, 'refused', false],
      [5, 'worker-2', 12, 'failed', false],
    ]);
  });

  it('draws only the newest writes', () => {
    const many = Array.from({ length: MAX_WRITE_POINTS + 10 }, (_, i) =>
      tokenWrite(T0 + i, 'worker-1', 7),
    );
    const points = tokenWritePoints(many, T0);
    expect(points).toHaveLength(MAX_WRITE_POINTS);
    expect(points[0]?.x).toBe(0.01);
  });

  it('names the workers that spoke first, then any storage took writes from', () => {
    const samples = [lockSample(T0, {}, { accepted: { 'worker-3': 1, 'worker-1': 4 } })];
    expect(fencingWorkers(events, samples)).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });
});

import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import {
  dataNodeNames,
  divergenceRows,
  mastersSeries,
  mastersShown,
  offsetRows,
  roleSegments,
} from './chart-data';
import { epochRows } from '../../../systems/redis-sentinel/ui/sentinel-data';

const n = (node: string, role: NodeObservation['role'], replOffset?: number): NodeObservation => ({
  node,
  kind: node.startsWith('sentinel') ? 'sentinel' : 'redis',
  role,
  state: 'running',
  ...(replOffset !== undefined ? { replOffset } : {}),
});
const s = (t: number, nodes: NodeObservation[], mastersClaimed = 1): ProbeSample => ({
  t,
  nodes,
  mastersClaimed,
  unknownNodes: 0,
});

describe('chart data', () => {
  const samples = [
    s(1000, [n('redis-1', 'master', 10), n('redis-2', 'replica', 10), n('sentinel-1', 'sentinel')]),
    s(2000, [n('redis-1', 'unknown'), n('redis-2', 'master', 20)]),
    s(3000, [n('redis-1', 'master', 15), n('redis-2', 'master', 30)], 2),
  ];

  it('lists data nodes only, in the lab order', () => {
    expect(dataNodeNames(samples, ['redis-2', 'redis-1'])).toEqual(['redis-2', 'redis-1']);
  });

  it('keeps only the change points of the masters count, split into healthy part and excess', () => {
    expect(mastersSeries(samples, 0).map((p) => [p.x, p.base, p.excess])).toEqual([
      [1, 1, 0],
      [2, null, null],
      [3, 1, 1],
    ]);
    const flat = [s(1000, []), s(2000, []), s(3000, []), s(4000, [])];
    expect(mastersSeries(flat, 0).map((p) => p.x)).toEqual([1, 4]);
  });

  it('run-length encodes roles per node, unknown kept as unknown', () => {
    const segs = roleSegments(samples, 0, ['redis-1', 'redis-2']);
    expect(segs.map((g) => [g.node, g.role, g.x1, g.x2])).toEqual([
      ['redis-1', 'master', 1, 2],
      ['redis-1', 'unknown', 2, 3],
      ['redis-1', 'master', 3, 3],
      ['redis-2', 'replica', 1, 2],
      ['redis-2', 'master', 2, 3],
    ]);
  });

  it('leaves a gap in the offset line where the node was unreadable', () => {
    expect(offsetRows(samples, 0, ['redis-1']).map((r) => r['redis-1'])).toEqual([10, null, 15]);
  });

  it('thins long offset series without losing a short gap', () => {
    const long = Array.from({ length: 1000 }, (_, i) =>
      s(i * 250, [n('redis-1', i === 501 ? 'unknown' : 'master', i)]),
    );
    const rows = offsetRows(long, 0, ['redis-1'], 100);
    expect(rows).toHaveLength(100);
    expect(rows.filter((r) => r['redis-1'] === null)).toHaveLength(1);
    expect(rows[rows.length - 1]).toEqual({ x: 249.75, 'redis-1': 999 });
  });

  it('keeps the largest divergence of a bucket when thinning', () => {
    expect(divergenceRows(samples, 0)).toEqual([
      { x: 1, divergence: 0 },
      { x: 2, divergence: 0 },
      { x: 3, divergence: 15 },
    ]);
    const long = Array.from({ length: 10 }, (_, i) =>
      s(i * 1000, [n('redis-1', 'master', 100), n('redis-2', 'master', i === 3 ? 40 : 100)]),
    );
    expect(divergenceRows(long, 0, 4)).toEqual([
      { x: 2, divergence: 0 },
      { x: 5, divergence: 60 },
      { x: 8, divergence: 0 },
      { x: 9, divergence: 0 },
    ]);
  });

  it('reads each sentinel epoch from the last sample of a bucket', () => {
    const sentinel = (epoch?: number): NodeObservation => ({
      ...n('sentinel-1', 'sentinel'),
      ...(epoch !== undefined ? { epoch } : {}),
    });
    const long = Array.from({ length: 5 }, (_, i) =>
      s(i * 1000, [sentinel(i === 4 ? undefined : i)]),
    );
    expect(epochRows(long, 0, ['sentinel-1'], 2)).toEqual([
      { x: 2, 'sentinel-1': 2 },
      { x: 4, 'sentinel-1': null },
    ]);
  });

  it('leaves a gap, not 0 masters, while data nodes cannot be read; two masters read stay a split', () => {
    const unread = (t: number) =>
      s(t, [n('postgres-1', 'unknown'), n('postgres-2', 'unknown'), n('postgres-3', 'unknown')], 0);
    const healthy = (t: number) => s(t, [n('redis-1', 'master'), n('redis-2', 'replica')], 1);
    const series = mastersSeries(
      [healthy(1000), unread(2000), healthy(3000), unread(4000), healthy(5000)],
      0,
    );
    expect(series.map((p) => p.claimed)).toEqual([1, null, 1, null, 1]);
    expect(series.some((p) => p.claimed === 0)).toBe(false);
    const split = s(
      6000,
      [n('redis-1', 'master'), n('redis-2', 'master'), n('redis-3', 'unknown')],
      2,
    );
    expect(mastersShown(split)).toBe(2);
  });
});

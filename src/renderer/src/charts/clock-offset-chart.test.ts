import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import { clockNodes, clockOffsetRows } from './clock-offset-chart';

const node = (name: string, clockOffsetMs?: number): NodeObservation => ({
  node: name,
  kind: name.startsWith('sentinel') ? 'sentinel' : 'redis',
  role: clockOffsetMs === undefined ? 'unknown' : 'replica',
  state: 'running',
  clockOffsetMs,
});
const sample = (t: number, nodes: NodeObservation[]): ProbeSample => ({
  t,
  nodes,
  mastersClaimed: 1,
  unknownNodes: 0,
});

describe('clock offset chart data', () => {
  const samples = [
    sample(1000, [node('redis-1', 3), node('sentinel-1', -2), node('client')]),
    sample(2000, [node('redis-1', 4), node('sentinel-1', 10_020)]),
    sample(3000, [node('redis-1'), node('sentinel-1', 10_010)]),
  ];

  it('charts only the nodes whose clock was read, in the lab order', () => {
    expect(clockNodes(samples, ['redis-1', 'client', 'sentinel-1'])).toEqual([
      'redis-1',
      'sentinel-1',
    ]);
  });

  it('draws seconds, a node not read as a gap, never as zero', () => {
    const rows = clockOffsetRows(samples, 0, ['redis-1', 'sentinel-1']);
    expect(rows).toEqual([
      { x: 1, 'redis-1': 0.003, 'sentinel-1': -0.002 },
      { x: 2, 'redis-1': 0.004, 'sentinel-1': 10.02 },
      { x: 3, 'redis-1': null, 'sentinel-1': 10.01 },
    ]);
  });

  it('keeps the reading farthest from zero when samples are bucketed', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      sample(i * 100, [node('sentinel-1', i === 37 ? 5000 : 0)]),
    );
    const rows = clockOffsetRows(many, 0, ['sentinel-1'], 10);
    expect(rows.length).toBeLessThanOrEqual(10);
    expect(rows.some((r) => r['sentinel-1'] === 5)).toBe(true);
  });
});

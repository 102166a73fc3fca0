import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import { NO_ANSWER_MS, probeRttMs as probeRttOf } from '../../../shared/lab-types';
import { probeRttRows } from './probe-rtt-chart';

const at = (t: number, ...nodes: NodeObservation[]): ProbeSample => ({
  t,
  nodes,
  mastersClaimed: 1,
  unknownNodes: 0,
});
const pg = (node: string, o: Partial<NodeObservation>): NodeObservation => ({
  node,
  kind: 'postgres',
  role: 'replica',
  state: 'running',
  ...o,
});

describe('probe round trip per node', () => {
  it('reads the round trip, draws no answer at the probe budget, and leaves a gap for a node that is down', () => {
    const s = at(
      1000,
      pg('pg-1', { role: 'unknown', state: 'unreachable' }),
      pg('pg-2', { rttMs: 7 }),
      pg('pg-3', { role: 'unknown', state: 'paused' }),
    );
    expect(probeRttOf(s, 'pg-1')).toBe(NO_ANSWER_MS);
    expect(probeRttOf(s, 'pg-2')).toBe(7);
    expect(probeRttOf(s, 'pg-3')).toBeNull();
    expect(probeRttOf(s, 'pg-9')).toBeNull();
  });

  it('keeps the slowest reading of a bucket, so one slow probe shows when samples are thinned', () => {
    const samples = [0, 250, 500, 750].map((d, i) =>
      at(1000 + d, pg('pg-1', { rttMs: i === 1 ? 320 : 5 })),
    );
    const rows = probeRttRows(samples, 1000, ['pg-1'], 2);
    expect(rows).toHaveLength(2);
    expect(rows[0]!['pg-1']).toBe(320);
    expect(rows[1]!['pg-1']).toBe(5);
  });
});

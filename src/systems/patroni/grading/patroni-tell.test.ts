import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import { findTell } from '../../../core/grading/tell';
import { patroniGrading } from './patroni.grading';

const pg = (node: string, role: NodeObservation['role']): NodeObservation => ({
  node,
  kind: 'postgres',
  role,
  state: role === 'unknown' ? 'unreachable' : 'running',
  ...(role === 'unknown' ? { error: 'postgres: timeout' } : {}),
});
const etcd = (
  node: string,
  holder: string,
  ttlSeconds: number,
  answered = true,
): NodeObservation => ({
  node,
  kind: 'etcd',
  role: answered ? 'dcs' : 'unknown',
  state: answered ? 'running' : 'unreachable',
  leaderKey: { holder, ttlSeconds },
});
const sample = (t: number, nodes: NodeObservation[], mastersClaimed: number): ProbeSample => ({
  t,
  nodes,
  mastersClaimed,
  unknownNodes: nodes.filter((n) => n.kind === 'postgres' && n.role === 'unknown').length,
});
const coordinators = ['etcd-1', 'etcd-2', 'etcd-3'].map((n) => etcd(n, 'postgres-1', 28));
const opts = {
  kinds: ['masters-claimed', 'sentinels-moved', 'lease-stalled'] as const,
  leaseStallBelowSeconds: 20,
};

describe('findTell with unreadable readings', () => {
  it('finds no tell in samples whose data nodes could not be read, whatever their counts say', () => {
    const samples = [
      sample(
        1000,
        [
          pg('postgres-1', 'unknown'),
          pg('postgres-2', 'unknown'),
          pg('postgres-3', 'unknown'),
          ...coordinators,
        ],
        0,
      ),
      // A count taken before a node fell silent: one master read, the other could not be read.
      sample(
        1250,
        [
          pg('postgres-1', 'master'),
          pg('postgres-2', 'unknown'),
          pg('postgres-3', 'replica'),
          ...coordinators,
        ],
        2,
      ),
      // An etcd member that did not answer carries no lease reading.
      sample(
        1500,
        [
          pg('postgres-1', 'master'),
          pg('postgres-2', 'replica'),
          pg('postgres-3', 'replica'),
          etcd('etcd-1', 'postgres-1', 3, false),
          ...coordinators.slice(1),
        ],
        1,
      ),
    ];
    expect(findTell(samples, 0, 'postgres-1', patroniGrading, opts)).toBeUndefined();
  });

  it('still finds two masters that were read', () => {
    const split = sample(
      2000,
      [
        pg('postgres-1', 'master'),
        pg('postgres-2', 'master'),
        pg('postgres-3', 'unknown'),
        ...coordinators,
      ],
      2,
    );
    expect(findTell([split], 0, 'postgres-1', patroniGrading, opts)).toEqual({
      at: 2000,
      kind: 'masters-claimed',
      detail: 'postgres-1 and postgres-2 claim master',
    });
  });

  it('finds a stalled lease before two primaries, then the leader key moved', () => {
    const stalled = sample(
      3000,
      [
        pg('postgres-1', 'master'),
        pg('postgres-2', 'replica'),
        pg('postgres-3', 'replica'),
        ...['etcd-1', 'etcd-2', 'etcd-3'].map((n) => etcd(n, 'postgres-1', 12)),
      ],
      1,
    );
    const moved = sample(
      4000,
      [
        pg('postgres-1', 'unknown'),
        pg('postgres-2', 'master'),
        pg('postgres-3', 'replica'),
        ...['etcd-1', 'etcd-2', 'etcd-3'].map((n) => etcd(n, 'postgres-2', 28)),
      ],
      1,
    );
    expect(findTell([stalled, moved], 0, 'postgres-1', patroniGrading, opts)).toMatchObject({
      at: 3000,
      kind: 'lease-stalled',
    });
    expect(
      findTell([stalled, moved], 0, 'postgres-1', patroniGrading, {
        kinds: ['masters-claimed', 'sentinels-moved'],
      }),
    ).toEqual({
      at: 4000,
      kind: 'sentinels-moved',
      detail: 'the leader key in etcd is held by postgres-2, no longer by postgres-1',
    });
    expect(patroniGrading.coordinatorChoice(moved)).toBe('postgres-2');
  });
});

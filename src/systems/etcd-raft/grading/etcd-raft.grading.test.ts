import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import type { FinalHealth } from '../../../shared/scenario-types';
import { etcdRaftGrading, raftHealthProblems, raftMajorityLeader } from './etcd-raft.grading';

function member(node: string, leader: string | undefined, term: number): NodeObservation {
  return {
    node,
    kind: 'raft',
    role: leader === node ? 'master' : 'replica',
    state: 'running',
    raft: {
      memberId: node,
      term,
      state: leader === node ? 'leader' : 'follower',
      commitIndex: 1,
      appliedIndex: 1,
      ...(leader ? { leader } : {}),
    },
  };
}
const sample = (t: number, ...nodes: NodeObservation[]): ProbeSample => ({
  t,
  nodes,
  mastersClaimed: nodes.filter((n) => n.role === 'master').length,
  unknownNodes: 0,
});

const health = (o: Partial<FinalHealth>): FinalHealth => ({
  masters: ['raft-2'],
  replicasCaughtUp: ['raft-1', 'raft-3'],
  replicasExpected: 2,
  coordinatorViews: { 'raft-1': 'raft-2', 'raft-2': 'raft-2', 'raft-3': 'raft-2' },
  coordinationOk: true,
  activeFaults: [],
  activeFences: [],
  settingsReadBack: {},
  raft: { terms: { 'raft-1': 4, 'raft-2': 4, 'raft-3': 4 }, appliedIndexes: {} },
  ...o,
});

describe('etcd (Raft) grading', () => {
  it('names the leader a majority of the members follows', () => {
    const cut = sample(
      1,
      member('raft-1', undefined, 9),
      member('raft-2', 'raft-2', 3),
      member('raft-3', 'raft-2', 3),
    );
    expect(raftMajorityLeader(cut)).toBe('raft-2');
    const none = sample(
      1,
      member('raft-1', 'raft-1', 2),
      member('raft-2', undefined, 3),
      member('raft-3', undefined, 3),
    );
    expect(raftMajorityLeader(none)).toBeUndefined();
  });

  it('tells two members leading at once first, then a majority following another leader', () => {
    const opts = { kinds: ['masters-claimed', 'sentinels-moved'] as const };
    const both = sample(
      1,
      member('raft-1', 'raft-1', 2),
      member('raft-2', 'raft-2', 3),
      member('raft-3', 'raft-2', 3),
    );
    expect(etcdRaftGrading.tellIn(both, 'raft-1', { kinds: [...opts.kinds] })?.kind).toBe(
      'masters-claimed',
    );
    const moved = sample(
      2,
      member('raft-1', undefined, 4),
      member('raft-2', 'raft-2', 3),
      member('raft-3', 'raft-2', 3),
    );
    expect(etcdRaftGrading.tellIn(moved, 'raft-1', { kinds: [...opts.kinds] })).toEqual({
      at: 2,
      kind: 'sentinels-moved',
      detail: 'a majority of the members follow raft-2 in term 3, no longer raft-1',
    });
  });

  it('finds nothing wrong with one leader followed by all in its term', () => {
    expect(raftHealthProblems(health({}))).toEqual([]);
  });

  it('says who follows another leader, which term differs and who is behind', () => {
    const h = health({
      replicasCaughtUp: [],
      coordinatorViews: { 'raft-1': '?', 'raft-2': 'raft-2', 'raft-3': 'raft-2' },
      raft: { terms: { 'raft-1': 17, 'raft-2': 4, 'raft-3': 4 }, appliedIndexes: {} },
    });
    expect(raftHealthProblems(h)).toEqual([
      'raft-1 knows of no leader',
      'raft-1 in term 17 (leader in 4)',
      "raft-3 behind the leader's applied index",
    ]);
  });

  it('does not count a member it could not read against the cluster', () => {
    const h = health({
      replicasCaughtUp: ['raft-3'],
      coordinatorViews: { 'raft-1': '?', 'raft-2': 'raft-2', 'raft-3': 'raft-2' },
      raft: {
        terms: { 'raft-2': 4, 'raft-3': 4 },
        appliedIndexes: {},
        unreadable: { 'raft-1': 'timeout' },
      },
    });
    expect(raftHealthProblems(h)).toEqual([]);
    expect(etcdRaftGrading.health.unread?.(h)).toEqual(['raft-1 could not be read (timeout)']);
  });
});

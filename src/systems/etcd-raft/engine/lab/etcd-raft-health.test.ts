import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import { agreedLeader, judgeRaftReadiness, raftFinalHealth } from './etcd-raft-health';

/** A member read as following `leader` (itself: it leads) in `term`, or unread when `leader` is null. */
function member(
  node: string,
  leader: string | undefined | null,
  term = 2,
  applied = 100,
): NodeObservation {
  if (leader === null)
    return { node, kind: 'raft', role: 'unknown', state: 'unreachable', error: 'timeout' };
  return {
    node,
    kind: 'raft',
    role: leader === node ? 'master' : 'replica',
    state: 'running',
    raft: {
      memberId: node,
      term,
      state: leader === node ? 'leader' : 'follower',
      commitIndex: applied,
      appliedIndex: applied,
      ...(leader !== undefined ? { leader } : {}),
    },
  };
}

const sample = (...nodes: NodeObservation[]): ProbeSample => ({
  t: 1000,
  nodes,
  mastersClaimed: nodes.filter((n) => n.role === 'master').length,
  unknownNodes: nodes.filter((n) => n.role === 'unknown').length,
});
const MEMBERS = ['raft-1', 'raft-2', 'raft-3'];

describe('etcd (Raft) readiness', () => {
  it('is ready when all answer and follow raft-1 in its term', () => {
    const s = sample(
      member('raft-1', 'raft-1'),
      member('raft-2', 'raft-1'),
      member('raft-3', 'raft-1'),
    );
    expect(judgeRaftReadiness(s, { members: MEMBERS, firstLeader: 'raft-1' }).ready).toBe(true);
  });

  it('waits while another member leads (the lab hands the leadership to raft-1 first)', () => {
    const s = sample(
      member('raft-1', 'raft-2'),
      member('raft-2', 'raft-2'),
      member('raft-3', 'raft-2'),
    );
    const r = judgeRaftReadiness(s, { members: MEMBERS, firstLeader: 'raft-1' });
    expect(r.ready).toBe(false);
    expect(r.conditions.find((c) => !c.ok)?.name).toBe('raft-1 leads');
  });

  it('has no agreed leader while a member is silent, in another term or follows none', () => {
    expect(
      agreedLeader(
        sample(member('raft-1', 'raft-1'), member('raft-2', 'raft-1'), member('raft-3', null)),
      ),
    ).toBeUndefined();
    expect(
      agreedLeader(
        sample(
          member('raft-1', 'raft-1'),
          member('raft-2', 'raft-1', 3),
          member('raft-3', 'raft-1'),
        ),
      ),
    ).toBeUndefined();
    expect(
      agreedLeader(
        sample(member('raft-1', 'raft-1'), member('raft-2', undefined), member('raft-3', 'raft-1')),
      ),
    ).toBeUndefined();
  });
});

describe('etcd (Raft) final health', () => {
  it('names the leader, the followers caught up in its term and each member’s view', () => {
    const h = raftFinalHealth(
      sample(
        member('raft-1', 'raft-2', 5, 180),
        member('raft-2', 'raft-2', 5, 200),
        member('raft-3', 'raft-2', 5, 120),
      ),
    );
    expect(h.masters).toEqual(['raft-2']);
    // raft-3 is 80 entries behind: following, not caught up
    expect(h.replicasCaughtUp).toEqual(['raft-1']);
    expect(h.coordinatorViews).toEqual({
      'raft-1': 'raft-2',
      'raft-2': 'raft-2',
      'raft-3': 'raft-2',
    });
    expect(h.coordinationOk).toBe(true);
    expect(h.raft).toEqual({
      terms: { 'raft-1': 5, 'raft-2': 5, 'raft-3': 5 },
      appliedIndexes: { 'raft-1': 180, 'raft-2': 200, 'raft-3': 120 },
    });
  });

  it('keeps a silent member apart as unread, never as a follower or a problem of its own', () => {
    const h = raftFinalHealth(
      sample(member('raft-1', null), member('raft-2', 'raft-2'), member('raft-3', 'raft-2')),
    );
    expect(h.masters).toEqual(['raft-2']);
    expect(h.replicasCaughtUp).toEqual(['raft-3']);
    expect(h.raft?.unreadable).toEqual({ 'raft-1': 'timeout' });
    expect(h.raft?.terms).not.toHaveProperty('raft-1');
    expect(h.coordinationOk).toBe(false);
  });
});

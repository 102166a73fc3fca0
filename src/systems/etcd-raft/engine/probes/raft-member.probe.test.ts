import { describe, expect, it } from 'vitest';
import { parseRaftVars } from './raft-member.probe';

/** etcd 3.4's /debug/vars with the `raft.status` it held (measured here), and some of the rest. */
const vars = (status: Record<string, unknown>): string =>
  JSON.stringify({
    cmdline: ['etcd', '--name=raft-1'],
    file_descriptor_limit: 20000,
    'raft.status': status,
    memstats: { Alloc: 20053488 },
  });

describe('parseRaftVars', () => {
  it("reads a leader's id, term, state and indexes", () => {
    const body = vars({
      id: '341da34b057014e1',
      term: 3,
      vote: '341da34b057014e1',
      commit: 9,
      lead: '341da34b057014e1',
      raftState: 'StateLeader',
      applied: 9,
      progress: {},
      leadtransferee: '0',
    });
    expect(parseRaftVars(body)).toEqual({
      memberId: '341da34b057014e1',
      leaderId: '341da34b057014e1',
      term: 3,
      state: 'leader',
      commitIndex: 9,
      appliedIndex: 9,
    });
  });

  it('reads a member cut off and campaigning: its own climbing term, no leader', () => {
    const body = vars({
      id: '341da34b057014e1',
      term: 7,
      commit: 9,
      lead: '0',
      raftState: 'StateCandidate',
      applied: 9,
    });
    expect(parseRaftVars(body)).toEqual({
      memberId: '341da34b057014e1',
      term: 7,
      state: 'candidate',
      commitIndex: 9,
      appliedIndex: 9,
    });
    const pre = vars({ id: 'ab', term: 3, lead: '0', raftState: 'StatePreCandidate' });
    expect(parseRaftVars(pre)).toMatchObject({ state: 'pre-candidate', commitIndex: 0 });
  });

  it('throws on an answer without a Raft status', () => {
    expect(() => parseRaftVars(JSON.stringify({ cmdline: [] }))).toThrow(/no raft.status/);
    expect(() => parseRaftVars(vars({ term: 1, raftState: 'StateLeader' }))).toThrow(
      /no member id/,
    );
    expect(() => parseRaftVars(vars({ id: 'ab', raftState: 'StateWeird' }))).toThrow(
      /unknown state/,
    );
    expect(() => parseRaftVars('<html>')).toThrow();
  });
});

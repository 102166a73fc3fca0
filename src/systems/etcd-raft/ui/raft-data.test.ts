import { describe, expect, it } from 'vitest';
import { dataNodeNames, roleSegments } from '../../../renderer/src/charts/chart-data';
import { sample } from '../../../renderer/src/test/fake-client';
import {
  maxTerm,
  raftLeaders,
  raftLeaderText,
  raftLeaderView,
  raftMemberRows,
  raftRoleClass,
  raftRoleLanes,
  sameTermLeaders,
  termRows,
  termsOf,
} from './raft-data';
import { raftCut, raftHealthy, raftNode, silentMember } from './testing/raft-fixtures';

describe('etcd (Raft) tells from probe samples', () => {
  it('counts the members as data nodes: one leader is one master', () => {
    expect(dataNodeNames([raftHealthy(0)])).toEqual(['raft-1', 'raft-2', 'raft-3']);
    expect(raftHealthy(0).mastersClaimed).toBe(1);
    expect(raftCut(0, 9, 3, 50, 80).mastersClaimed).toBe(1);
  });

  it("reads each member's view of the leader; a silent member is unknown, never a follower", () => {
    const views = [
      raftNode('raft-1', 2, 'raft-1'),
      raftNode('raft-2', 2, 'raft-1'),
      raftNode('raft-3', 4, undefined),
      raftNode(
        'raft-3',
        4,
        undefined,
        {},
        { raft: { ...raftNode('raft-3', 4, undefined).raft!, leaderId: 'abc' } },
      ),
      silentMember('raft-2'),
    ].map((o) => [raftLeaderText(raftLeaderView(o)), raftRoleClass(o)]);
    expect(views).toEqual([
      ['leads', 'leader'],
      ['follows raft-1', 'follower'],
      ['knows no leader', 'no-leader'],
      ['follows unknown member abc', 'follower'],
      ['unknown', 'unknown'],
    ]);
    // A reading left on a member whose probe now says unknown is not used.
    const stale = { ...raftNode('raft-1', 2, 'raft-1'), role: 'unknown' as const };
    expect(raftLeaderView(stale)).toEqual({ kind: 'unknown' });
  });

  it('one role lane per member, run-length encoded', () => {
    const samples = [raftHealthy(0), raftHealthy(1000), raftCut(2000, 3, 3, 90, 95)];
    const segs = roleSegments(samples, 0, raftRoleLanes(['raft-1', 'raft-2']));
    expect(segs.map((s) => [s.node, s.role, s.x1, s.x2])).toEqual([
      ['raft-1', 'leader', 0, 2],
      ['raft-1', 'no-leader', 2, 2],
      ['raft-2', 'follower', 0, 2],
      ['raft-2', 'leader', 2, 2],
    ]);
  });

  it("charts each member's term; a member that did not answer is a gap, not term 0", () => {
    const samples = [
      raftHealthy(1000, 2),
      raftCut(2000, 3, 3, 90, 95),
      sample(3000, [
        silentMember('raft-1'),
        raftNode('raft-2', 3, 'raft-2'),
        raftNode('raft-3', 3, 'raft-2'),
      ]),
    ];
    expect(termRows(samples, 0, ['raft-1', 'raft-2'])).toEqual([
      { x: 1, 'raft-1': 2, 'raft-2': 2 },
      { x: 2, 'raft-1': 3, 'raft-2': 3 },
      { x: 3, 'raft-1': null, 'raft-2': 3 },
    ]);
  });

  it('the highest term any member reports; none when no member answered', () => {
    expect(maxTerm(raftCut(0, 9, 4, 50, 80))).toBe(9);
    expect(maxTerm(sample(0, [silentMember('raft-1')]))).toBeUndefined();
    expect(maxTerm(undefined)).toBeUndefined();
  });

  it('members that say they lead, and whether two lead in the same term', () => {
    const twoLeaders = sample(0, [
      raftNode('raft-1', 2, 'raft-1'),
      raftNode('raft-2', 3, 'raft-2'),
      raftNode('raft-3', 3, 'raft-2'),
    ]);
    expect(raftLeaders(twoLeaders)).toEqual([
      { node: 'raft-1', term: 2 },
      { node: 'raft-2', term: 3 },
    ]);
    expect(sameTermLeaders(raftLeaders(twoLeaders))).toBe(false);
    expect(
      sameTermLeaders([
        { node: 'raft-1', term: 3 },
        { node: 'raft-2', term: 3 },
      ]),
    ).toBe(true);
  });

  it('table rows in lab order: entries behind the highest commit index; a silent one is unknown', () => {
    const s = sample(0, [
      raftNode('raft-3', 4, 'raft-2', { applied: 130, commit: 132 }),
      raftNode('raft-2', 4, 'raft-2', { applied: 132, commit: 132 }),
      raftNode('raft-1', 9, undefined, { applied: 60, commit: 60 }),
      silentMember('raft-4', 'paused'),
    ]);
    const rows = raftMemberRows(s, ['raft-1', 'raft-2', 'raft-3', 'raft-4']);
    expect(rows.map((r) => [r.node, r.role, r.term, r.appliedIndex, r.behind])).toEqual([
      ['raft-1', 'replica', 9, 60, 72],
      ['raft-2', 'master', 4, 132, 0],
      ['raft-3', 'replica', 4, 130, 2],
      ['raft-4', 'unknown', undefined, undefined, undefined],
    ]);
    expect(rows[3]!.error).toBe('paused');
    expect(termsOf(rows)).toEqual([4, 9]);
  });
});

import { describe, expect, it } from 'vitest';
import type { HealthRow } from '../../../renderer/src/components/final-health-kit';
import { etcdRaftFinalHealthRows } from './etcd-raft-final-health';
import { raftFinalHealth } from './testing/raft-fixtures';

/** The row with this test id: [value, ok]. */
function row(rows: HealthRow[], id: string): [string, boolean | 'unknown'] | undefined {
  const r = rows.find(([, , , testId]) => testId === id);
  return r ? [r[1], r[2]] : undefined;
}

describe('etcd (Raft) final-health rows', () => {
  it('a healed cluster: one leader, every member naming it in its term, all caught up', () => {
    const rows = etcdRaftFinalHealthRows(raftFinalHealth());
    expect(row(rows, 'masters')).toEqual(['raft-2', true]);
    expect(row(rows, 'coordinators')).toEqual([
      'raft-1→raft-2 · raft-2 leads · raft-3→raft-2',
      true,
    ]);
    expect(row(rows, 'raft-terms')).toEqual(['raft-1=5 · raft-2=5 · raft-3=5 (leader in 5)', true]);
    expect(row(rows, 'applied-indexes')).toEqual(['raft-1=420 · raft-2=421 · raft-3=421', true]);
    expect(row(rows, 'replicas')).toEqual(['2 of 2 (raft-1, raft-3)', true]);
    expect(row(rows, 'quorum-ok')).toEqual(['yes', true]);
    expect(row(rows, 'unreadable')).toBeUndefined();
    expect(rows.map(([label]) => label)).not.toContain('CKQUORUM');
  });

  it('a member in a term of its own without a leader fails its rows', () => {
    const rows = etcdRaftFinalHealthRows(
      raftFinalHealth({
        replicasCaughtUp: ['raft-3'],
        coordinatorViews: { 'raft-1': '?', 'raft-2': 'raft-2', 'raft-3': 'raft-2' },
        coordinationOk: false,
        raft: {
          terms: { 'raft-1': 9, 'raft-2': 5, 'raft-3': 5 },
          appliedIndexes: { 'raft-1': 300, 'raft-2': 421, 'raft-3': 421 },
        },
      }),
    );
    expect(row(rows, 'coordinators')).toEqual([
      'raft-1→none · raft-2 leads · raft-3→raft-2',
      false,
    ]);
    expect(row(rows, 'raft-terms')?.[1]).toBe(false);
    expect(row(rows, 'replicas')?.[1]).toBe(false);
    expect(row(rows, 'quorum-ok')).toEqual(['no', false]);
  });

  it('a member that could not be read is unknown wherever it is named, never a guess', () => {
    const rows = etcdRaftFinalHealthRows(
      raftFinalHealth({
        replicasCaughtUp: ['raft-3'],
        coordinatorViews: { 'raft-1': '?', 'raft-2': 'raft-2', 'raft-3': 'raft-2' },
        coordinationOk: false,
        raft: {
          terms: { 'raft-2': 5, 'raft-3': 5 },
          appliedIndexes: { 'raft-2': 421, 'raft-3': 421 },
          unreadable: { 'raft-1': 'paused' },
        },
      }),
    );
    expect(row(rows, 'masters')).toEqual(['raft-2', 'unknown']);
    expect(row(rows, 'coordinators')).toEqual([
      'raft-1→unknown · raft-2 leads · raft-3→raft-2',
      'unknown',
    ]);
    expect(row(rows, 'raft-terms')).toEqual([
      'raft-2=5 · raft-3=5 · raft-1=unknown (leader in 5)',
      'unknown',
    ]);
    expect(row(rows, 'applied-indexes')).toEqual([
      'raft-2=421 · raft-3=421 · raft-1=unknown',
      'unknown',
    ]);
    expect(row(rows, 'quorum-ok')).toEqual(['not known', 'unknown']);
    expect(row(rows, 'unreadable')).toEqual(['raft-1 (paused)', 'unknown']);
  });

  it('two members saying they lead fail even with a member unread', () => {
    const rows = etcdRaftFinalHealthRows(
      raftFinalHealth({
        masters: ['raft-1', 'raft-2'],
        coordinationOk: false,
        raft: {
          terms: { 'raft-1': 4, 'raft-2': 5 },
          appliedIndexes: { 'raft-1': 300, 'raft-2': 421 },
          unreadable: { 'raft-3': 'timeout' },
        },
      }),
    );
    expect(row(rows, 'masters')).toEqual(['raft-1, raft-2', false]);
    expect(row(rows, 'quorum-ok')).toEqual(['no', false]);
  });

  it("without the Raft part, says so in etcd's words", () => {
    const { raft: _raft, ...shared } = raftFinalHealth();
    const rows = etcdRaftFinalHealthRows(shared);
    expect(row(rows, 'etcd-raft-missing')).toEqual(['not recorded in this run', 'unknown']);
    expect(rows[0]?.[0]).toBe('members that say they lead');
  });
});

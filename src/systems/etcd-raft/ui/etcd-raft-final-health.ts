import type { FinalHealth, RaftFinalHealth } from '../../../shared/scenario-types';
import {
  caughtUp,
  leftovers,
  unrecordedRows,
  type HealthRow,
} from '../../../renderer/src/components/final-health-kit';

/**
 * An etcd (Raft) lab's final health: its own facts when the reading has
 * them; without them the shared facts and one row that says the Raft part
 * was not recorded, never another system's wording.
 */
export function etcdRaftFinalHealthRows(h: FinalHealth): HealthRow[] {
  if (h.raft) return raftRowsOf(h, h.raft);
  return unrecordedRows(h, {
    masters: 'members that say they lead',
    system: 'etcd-raft',
    systemName: 'etcd (Raft)',
  });
}

/** `member=value` per member, members that could not be read `=unknown`, or a dash. */
function perMember(values: Record<string, number>, unread: string[]): string {
  return (
    [
      ...Object.entries(values).map(([m, v]) => `${m}=${v}`),
      ...unread.map((m) => `${m}=unknown`),
    ].join(' · ') || '—'
  );
}

/**
 * The leader each member names: `raft-2 leads · raft-1→raft-2 · raft-3→none`;
 * a member that could not be read `→unknown`, never `none`.
 */
function leaderViews(views: Record<string, string>, unread: string[]): string {
  const named = Object.entries(views).map(([m, v]) =>
    unread.includes(m) ? `${m}→unknown` : v === m ? `${m} leads` : `${m}→${v === '?' ? 'none' : v}`,
  );
  for (const m of unread) if (!(m in views)) named.push(`${m}→unknown`);
  return named.join(' · ') || '—';
}

/**
 * Raft wording: the members that say they lead, the leader each member
 * names, each one's term and applied index, the followers caught up in the
 * leader's term, and whether all agree. A member that could not be read
 * makes a failed row unknown (it may be the one that fixes it), never "not
 * healthy", and reads `unknown` wherever it is named.
 */
function raftRowsOf(h: FinalHealth, r: RaftFinalHealth): HealthRow[] {
  const unreadable = r.unreadable ?? {};
  const unread = Object.keys(unreadable);
  const leader = h.masters.length === 1 ? h.masters[0] : undefined;
  const members = (ok: boolean): boolean | 'unknown' =>
    ok || unread.length === 0 ? ok : 'unknown';
  const readViews = Object.entries(h.coordinatorViews).filter(([m]) => !unread.includes(m));
  const terms = new Set(Object.values(r.terms));
  const leaderTerm = leader !== undefined ? r.terms[leader] : undefined;
  const astray = readViews.some(([, v]) => v !== leader);
  // What the members that answered show is wrong whatever the silent ones would say.
  const broken = h.masters.length > 1 || terms.size > 1 || astray;
  const rows: HealthRow[] = [
    [
      'members that say they lead',
      h.masters.join(', ') || 'none',
      h.masters.length > 1 ? false : members(leader !== undefined && unread.length === 0),
      'masters',
    ],
    [
      'the leader each member names',
      leaderViews(h.coordinatorViews, unread),
      astray ? false : members(leader !== undefined && unread.length === 0),
      'coordinators',
    ],
    [
      'Raft term per member',
      `${perMember(r.terms, unread)}${leaderTerm !== undefined ? ` (leader in ${leaderTerm})` : ''}`,
      terms.size > 1 ? false : members(terms.size === 1 && unread.length === 0),
      'raft-terms',
    ],
    [
      'applied index per member',
      perMember(r.appliedIndexes, unread),
      members(h.replicasCaughtUp.length >= h.replicasExpected),
      'applied-indexes',
    ],
    [
      "followers in the leader's term, caught up",
      caughtUp(h),
      members(h.replicasCaughtUp.length >= h.replicasExpected),
      'replicas',
    ],
    [
      'one leader, every member following it in its term',
      h.coordinationOk ? 'yes' : broken || unread.length === 0 ? 'no' : 'not known',
      h.coordinationOk || broken ? h.coordinationOk : members(false),
      'quorum-ok',
    ],
  ];
  if (unread.length > 0)
    rows.push([
      'members that could not be read',
      Object.entries(unreadable)
        .map(([m, why]) => `${m} (${why})`)
        .join(' · '),
      'unknown',
      'unreadable',
    ]);
  return [...rows, ...leftovers(h)];
}

import type { ProbeSample } from '../../../shared/lab-types';
import type { FinalHealth, RaftFinalHealth } from '../../../shared/scenario-types';
import type { SystemGrading } from '../../../core/grading/system-grading';
import { majorityOf, mastersClaimedTell, type Tell } from '../../../core/grading/tell';

/** The leader a strict majority of the members name (each member's own view; a silent one names none). */
export function raftMajorityLeader(s: ProbeSample): string | undefined {
  const members = s.nodes.filter((n) => n.kind === 'raft');
  return majorityOf(members.map((n) => n.raft?.leader));
}

/** `sentinels-moved` for Raft: a majority of the members follow another leader than the stale one. */
function majorityMoved(s: ProbeSample, staleLeader: string): Tell | undefined {
  const chosen = raftMajorityLeader(s);
  if (chosen === undefined || chosen === staleLeader) return undefined;
  const term = s.nodes.find((n) => n.node === chosen)?.raft?.term;
  return {
    at: s.t,
    kind: 'sentinels-moved',
    detail: `a majority of the members follow ${chosen}${term !== undefined ? ` in term ${term}` : ''}, no longer ${staleLeader}`,
  };
}

const partOf = (h: FinalHealth): RaftFinalHealth => h.raft ?? { terms: {}, appliedIndexes: {} };

/** What is wrong at the end among the members that answered (see SystemHealth.problems). */
export function raftHealthProblems(h: FinalHealth): string[] {
  const r = partOf(h);
  const problems: string[] = [];
  const leader = h.masters.length === 1 ? h.masters[0] : undefined;
  if (h.masters.length > 1) problems.push(`${h.masters.join(' and ')} all say they lead`);
  if (h.masters.length === 0 && Object.keys(r.terms).length > 0) problems.push('no member leads');
  if (leader !== undefined) {
    const term = r.terms[leader];
    const astray = Object.entries(h.coordinatorViews).filter(
      ([m, v]) => m !== leader && !(r.unreadable && m in r.unreadable) && v !== leader,
    );
    if (astray.length > 0)
      problems.push(
        astray
          .map(([m, v]) => `${m} ${v === '?' ? 'knows of no leader' : `follows ${v}`}`)
          .join(', '),
      );
    const otherTerm = Object.entries(r.terms).filter(([, t]) => term !== undefined && t !== term);
    if (otherTerm.length > 0)
      problems.push(
        `${otherTerm.map(([m, t]) => `${m} in term ${t}`).join(', ')} (leader in ${term})`,
      );
    const behind = Object.keys(r.terms).filter(
      (m) => m !== leader && !h.replicasCaughtUp.includes(m) && !astray.some(([a]) => a === m),
    );
    if (behind.length > 0) problems.push(`${behind.join(', ')} behind the leader's applied index`);
  }
  return problems;
}

/**
 * etcd (Raft)'s part of grading: the leader a majority of the members
 * follow, its tells (two members saying they lead, then a majority
 * following another leader than the stale one), and final health (one
 * leader, every member following it in its term and caught up). The members
 * elect among themselves, so they are data nodes, not coordinators. Pure.
 */
export const etcdRaftGrading: SystemGrading = {
  checks: {},
  coordinatorKinds: [],
  coordinatorChoice: raftMajorityLeader,
  tellIn(s, staleLeader, { kinds }) {
    const claimed = kinds.includes('masters-claimed') ? mastersClaimedTell(s) : undefined;
    if (claimed) return claimed;
    if (!staleLeader || !kinds.includes('sentinels-moved')) return undefined;
    return majorityMoved(s, staleLeader);
  },
  health: {
    problems: raftHealthProblems,
    unread: (h) =>
      Object.entries(partOf(h).unreadable ?? {}).map(
        ([m, why]) => `${m} could not be read (${why})`,
      ),
    healthy: (h) =>
      `Healthy at the end: ${h.masters[0]} the only leader (term ${partOf(h).terms[h.masters[0] ?? ''] ?? '?'}), ${h.replicasCaughtUp.length} members following it in its term and caught up, nothing left fenced.`,
    unknown: (h) =>
      `Not all members could be read at the end (${Object.keys(partOf(h).unreadable ?? {}).join(', ')}); among those read, ${h.masters.length === 1 ? `${h.masters[0]} leads and the rest follow it` : 'nothing was wrong'}.`,
  },
};

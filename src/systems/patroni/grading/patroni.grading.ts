import type { ProbeSample } from '../../../shared/lab-types';
import { replicationProblems } from '../../../core/grading/replication-health';
import type { SystemGrading } from '../../../core/grading/system-grading';
import { majorityOf, mastersClaimedTell, type Tell } from '../../../core/grading/tell';

/** The holder of the leader key as a strict majority of the etcd members report it. */
function leaderKeyChoice(s: ProbeSample): string | undefined {
  const etcd = s.nodes.filter((n) => n.kind === 'etcd');
  return majorityOf(etcd.map((n) => (n.role === 'dcs' ? n.leaderKey?.holder : undefined)));
}

/**
 * `lease-stalled`: the stale leader still holds the leader key but has less
 * than `below` seconds of lease left, so it has not renewed it for over a
 * loop: it is cut off or dead, and a failover is coming.
 */
function leaseStalled(s: ProbeSample, staleLeader: string, below: number): Tell | undefined {
  const lease = s.nodes.find(
    (n) => n.kind === 'etcd' && n.role === 'dcs' && n.leaderKey?.holder === staleLeader,
  )?.leaderKey;
  if (!lease || lease.ttlSeconds >= below) return undefined;
  return {
    at: s.t,
    kind: 'lease-stalled',
    detail: `${staleLeader} stopped renewing the leader key (${lease.ttlSeconds} s of lease left)`,
  };
}

/** `sentinels-moved` for Patroni: most etcd members report the leader key held by another node. */
function leaderKeyMoved(s: ProbeSample, staleLeader: string): Tell | undefined {
  const etcd = s.nodes.filter((n) => n.kind === 'etcd');
  const holders = etcd.filter(
    (n) => n.role === 'dcs' && n.leaderKey && n.leaderKey.holder !== staleLeader,
  );
  if (etcd.length === 0 || holders.length <= etcd.length / 2) return undefined;
  const names = [...new Set(holders.map((n) => n.leaderKey?.holder))].join('/');
  return {
    at: s.t,
    kind: 'sentinels-moved',
    detail: `the leader key in etcd is held by ${names}, no longer by ${staleLeader}`,
  };
}

/**
 * Patroni's part of grading: the leader key as etcd reports it, its tells
 * (a stalled lease, two primaries, the leader key moved), and final health
 * (one primary by postgres's own view holding the leader key, replicas
 * streaming on its timeline with lag 0, maintenance mode off, Patroni
 * answering on every node). Pure.
 */
export const patroniGrading: SystemGrading = {
  checks: {},
  coordinatorKinds: ['etcd'],
  coordinatorChoice: leaderKeyChoice,
  tellIn(s, staleLeader, { kinds, leaseStallBelowSeconds }) {
    if (staleLeader && kinds.includes('lease-stalled') && leaseStallBelowSeconds !== undefined) {
      const stalled = leaseStalled(s, staleLeader, leaseStallBelowSeconds);
      if (stalled) return stalled;
    }
    const claimed = kinds.includes('masters-claimed') ? mastersClaimedTell(s) : undefined;
    if (claimed) return claimed;
    if (!staleLeader || !kinds.includes('sentinels-moved')) return undefined;
    return leaderKeyMoved(s, staleLeader);
  },
  health: {
    problems(h) {
      const p = h.patroni;
      const master = h.masters.length === 1 ? h.masters[0] : undefined;
      const problems = replicationProblems(
        h,
        master,
        'all claim master (pg_is_in_recovery() is false on each)',
      );
      // The leader key must name the primary postgres reports, and Patroni must run everywhere.
      const views = Object.entries(h.coordinatorViews);
      const dissent = views.filter(([, v]) => v !== master);
      if (views.length === 0) problems.push('no etcd member answered');
      else if (dissent.length > 0)
        problems.push(
          dissent
            .map(
              ([s, v]) => `${s} says the leader key is ${v === '?' ? 'not held' : `held by ${v}`}`,
            )
            .join(', '),
        );
      if (!p) return problems;
      if (p.maintenanceMode) problems.push('maintenance mode is still on');
      const silent = Object.entries(p.patroniRoles).filter(([, r]) => r === 'unknown');
      if (silent.length > 0)
        problems.push(`Patroni does not answer on ${silent.map(([n]) => n).join(', ')}`);
      const offTimeline = Object.entries(p.timelines).filter(
        ([, tl]) => p.leaderTimeline !== undefined && tl !== p.leaderTimeline,
      );
      if (offTimeline.length > 0)
        problems.push(
          `${offTimeline.map(([n, tl]) => `${n} on timeline ${tl}`).join(', ')} (leader on ${p.leaderTimeline})`,
        );
      return problems;
    },
    healthy: (h) =>
      `Healthy at the end: ${h.masters[0]} the only primary (timeline ${h.patroni?.leaderTimeline ?? '?'}) and holder of the leader key, ${h.replicasExpected} replicas streaming on its timeline with no lag, maintenance mode off, Patroni running on every node, nothing left fenced.`,
  },
};

import type { CheckResult, FinalHealth } from '../../shared/scenario-types';
import { verdict, type GradingContext } from './grading-context';
import {
  keepalivedHealthProblems,
  keepalivedHealthySentence,
  keepalivedUnknownSentence,
  keepalivedUnread,
} from './keepalived-health';

/**
 * final-health: when the scenario ended, exactly one master, every replica
 * following it and caught up, every sentinel naming it, CKQUORUM OK, and no
 * fault or fence left in place. Patroni: one primary by postgres's own view,
 * holding the leader key, replicas streaming on its timeline with lag 0,
 * maintenance mode off, Patroni answering on every node, nothing fenced.
 * keepalived: one VRRP MASTER holding the VIP alone, the backup hearing its
 * adverts, keepalived running on every router in one VRRP group, the
 * client's neighbour entry and the ARP answers for the VIP on the master's
 * MAC only, no block or fence left. Unknown when the final health was not read,
 * and (keepalived) when a router or the client could not be read and what was
 * read shows no problem: an unreadable probe is never a negative.
 */
export function finalHealth(ctx: GradingContext): CheckResult {
  const h = ctx.finalHealth;
  if (!h)
    return verdict(
      ctx,
      'unknown',
      "The lab's final state was not read, so its health is not known.",
    );
  const master = h.masters.length === 1 ? h.masters[0] : undefined;
  const k = h.keepalived;
  const p = h.patroni;
  const problems = k ? keepalivedHealthProblems(h, k) : clusterProblems(h, master);
  if (h.activeFaults.length > 0) problems.push(`fault still active: ${h.activeFaults.join(', ')}`);
  if (h.activeFences.length > 0)
    problems.push(`fence still in place: ${h.activeFences.join(', ')}`);
  const figures = {
    masters: h.masters.length,
    replicasCaughtUp: h.replicasCaughtUp.length,
    replicasExpected: h.replicasExpected,
    ckquorumOk: h.ckquorumOk,
    activeFaults: h.activeFaults.length,
    activeFences: h.activeFences.length,
    ...(k ? { vipHolders: k.vipHolders.length, arpAnswerers: k.arpAnswerers.length } : {}),
  };
  const unread = k ? keepalivedUnread(k) : [];
  if (problems.length === 0 && k && unread.length > 0)
    return verdict(ctx, 'unknown', keepalivedUnknownSentence(k, answeredBy(ctx)), figures);
  if (problems.length === 0 && k)
    return verdict(ctx, 'pass', keepalivedHealthySentence(h, k), figures);
  if (problems.length === 0 && p) {
    return verdict(
      ctx,
      'pass',
      `Healthy at the end: ${master} the only primary (timeline ${p.leaderTimeline ?? '?'}) and holder of the leader key, ${h.replicasExpected} replicas streaming on its timeline with no lag, maintenance mode off, Patroni running on every node, nothing left fenced.`,
      figures,
    );
  }
  if (problems.length === 0) {
    return verdict(
      ctx,
      'pass',
      `Healthy at the end: ${master} the only master, ${h.replicasExpected} replicas caught up, all sentinels agree, CKQUORUM OK, nothing left fenced.`,
      figures,
    );
  }
  return verdict(
    ctx,
    'fail',
    `Not healthy at the end: ${[...problems, ...unread].join('; ')}.`,
    figures,
  );
}

/** Answered requests per node over the run (keepalived: the router that answered each). */
function answeredBy(ctx: GradingContext): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of ctx.writes) if (w.outcome === 'ack') out[w.node] = (out[w.node] ?? 0) + 1;
  return out;
}

/** What is wrong with a Redis or Patroni lab's final health (faults and fences left aside). */
function clusterProblems(h: FinalHealth, master: string | undefined): string[] {
  const problems: string[] = [];
  if (!master)
    problems.push(
      h.masters.length === 0
        ? 'no node claims master'
        : `${h.masters.join(' and ')} all claim master${h.patroni ? ' (pg_is_in_recovery() is false on each)' : ''}`,
    );
  if (h.replicasCaughtUp.length < h.replicasExpected) {
    problems.push(`${h.replicasCaughtUp.length} of ${h.replicasExpected} replicas caught up`);
  }
  const views = Object.entries(h.sentinelViews);
  const dissent = views.filter(([, v]) => v !== master);
  const p = h.patroni;
  if (p) {
    // Patroni: the leader key must name the primary postgres reports, and Patroni must run everywhere.
    if (views.length === 0) problems.push('no etcd member answered');
    else if (dissent.length > 0)
      problems.push(
        dissent
          .map(([s, v]) => `${s} says the leader key is ${v === '?' ? 'not held' : `held by ${v}`}`)
          .join(', '),
      );
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
  } else {
    if (views.length === 0) problems.push('no sentinel answered');
    else if (dissent.length > 0)
      problems.push(`${dissent.map(([s, v]) => `${s} names ${v}`).join(', ')}`);
    if (!h.ckquorumOk) problems.push('SENTINEL CKQUORUM fails');
  }
  return problems;
}

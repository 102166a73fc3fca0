import type { CheckResult } from '../../shared/scenario-types';
import { verdict, type GradingContext } from './grading-context';
import { systemGrading } from './system-gradings';

/**
 * final-health: when the scenario ended, the lab was healthy in its
 * system's terms (SystemGrading.health: for example one master, every
 * replica following it and caught up, the coordinators naming it) and no
 * fault or fence was left in place. Unknown when the final health was not
 * read, and when part of the lab could not be read and what was read shows
 * no problem: an unreadable probe is never a negative.
 */
export function finalHealth(ctx: GradingContext): CheckResult {
  const h = ctx.finalHealth;
  if (!h)
    return verdict(
      ctx,
      'unknown',
      "The lab's final state was not read, so its health is not known.",
    );
  const health = systemGrading(ctx.scenario.system).health;
  const problems = health.problems(h);
  if (h.activeFaults.length > 0) problems.push(`fault still active: ${h.activeFaults.join(', ')}`);
  if (h.activeFences.length > 0)
    problems.push(`fence still in place: ${h.activeFences.join(', ')}`);
  const figures = {
    masters: h.masters.length,
    replicasCaughtUp: h.replicasCaughtUp.length,
    replicasExpected: h.replicasExpected,
    coordinationOk: h.coordinationOk,
    activeFaults: h.activeFaults.length,
    activeFences: h.activeFences.length,
    ...health.figures?.(h),
  };
  const unread = health.unread?.(h) ?? [];
  if (problems.length === 0 && unread.length > 0)
    return verdict(
      ctx,
      'unknown',
      health.unknown?.(h, answeredBy(ctx)) ??
        `Final health unknown: ${unread.join(' and ')} when it was taken.`,
      figures,
    );
  if (problems.length === 0) return verdict(ctx, 'pass', health.healthy(h), figures);
  return verdict(
    ctx,
    'fail',
    `Not healthy at the end: ${[...problems, ...unread].join('; ')}.`,
    figures,
  );
}

/** Answered workload records per node over the run (the node that answered each). */
function answeredBy(ctx: GradingContext): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of ctx.writes) if (w.outcome === 'ack') out[w.node] = (out[w.node] ?? 0) + 1;
  return out;
}

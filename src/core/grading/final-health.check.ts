import type { CheckResult } from '../../shared/scenario-types';
import { verdict, type GradingContext } from './grading-context';

/**
 * final-health: when the scenario ended, exactly one master, every replica
 * following it and caught up, every sentinel naming it, CKQUORUM OK, and no
 * fault or fence left in place. Unknown when the final health was not read.
 */
export function finalHealth(ctx: GradingContext): CheckResult {
  const h = ctx.finalHealth;
  if (!h)
    return verdict(
      ctx,
      'unknown',
      "The lab's final state was not read, so its health is not known.",
    );
  const problems: string[] = [];
  const master = h.masters.length === 1 ? h.masters[0] : undefined;
  if (!master)
    problems.push(
      h.masters.length === 0
        ? 'no node claims master'
        : `${h.masters.join(' and ')} all claim master`,
    );
  if (h.replicasCaughtUp.length < h.replicasExpected) {
    problems.push(`${h.replicasCaughtUp.length} of ${h.replicasExpected} replicas caught up`);
  }
  const views = Object.entries(h.sentinelViews);
  const dissent = views.filter(([, v]) => v !== master);
  if (views.length === 0) problems.push('no sentinel answered');
  else if (dissent.length > 0)
    problems.push(`${dissent.map(([s, v]) => `${s} names ${v}`).join(', ')}`);
  if (!h.ckquorumOk) problems.push('SENTINEL CKQUORUM fails');
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
  };
  if (problems.length === 0) {
    return verdict(
      ctx,
      'pass',
      `Healthy at the end: ${master} the only master, ${h.replicasExpected} replicas caught up, all sentinels agree, CKQUORUM OK, nothing left fenced.`,
      figures,
    );
  }
  return verdict(ctx, 'fail', `Not healthy at the end: ${problems.join('; ')}.`, figures);
}

import type { CheckResult } from '../../shared/scenario-types';
import { missingSplit, since, verdict, type GradingContext } from './grading-context';

/**
 * fenced-before-rejoin: the stale leader was fenced (isolate-clients or stop;
 * a pause does not count) after the fault and before it rejoined as a
 * replica. A node that never rejoined passes if it was fenced. Unknown
 * without a split.
 */
export function fencedBeforeRejoin(ctx: GradingContext): CheckResult {
  const missing = missingSplit(ctx);
  if (missing) return verdict(ctx, 'unknown', missing);
  const stale = ctx.staleLeader!;
  const from = ctx.firstFaultAt ?? ctx.t0;
  const fence = ctx.fences.find(
    (f) => f.t >= from && 'node' in f.action && f.action.node === stale,
  );
  const paused = ctx.actions.some(
    (a) => a.ok && a.action.kind === 'pause' && a.action.node === stale,
  );
  const pauseNote = paused
    ? ' Pausing it is no fence: a paused master wakes up still believing it leads.'
    : '';
  const figures: CheckResult['figures'] = {
    ...(fence ? { fencedAt: fence.t - ctx.t0, fence: fence.action.kind } : {}),
    ...(ctx.rejoinedAt !== undefined ? { rejoinedAt: ctx.rejoinedAt - ctx.t0 } : {}),
  };
  const how =
    ctx.rejoinedBy === 'demote'
      ? 'was demoted'
      : ctx.rejoinedBy === 'reinit'
        ? 'was reinitialised'
        : 'came back as a replica';
  if (ctx.rejoinedAt === undefined) {
    return fence
      ? verdict(
          ctx,
          'pass',
          `${stale} was fenced (${fence.action.kind} at ${since(ctx, fence.t)}) and had not rejoined when the scenario ended.`,
          figures,
        )
      : verdict(
          ctx,
          'fail',
          `${stale} was never fenced and never rejoined${
            ctx.finalHealth?.masters.includes(stale) !== false
              ? ': it stayed a second master until the end'
              : ' the cluster; its clients reached it until it stepped down on its own'
          }.${pauseNote}`,
          figures,
        );
  }
  if (fence && fence.t < ctx.rejoinedAt) {
    return verdict(
      ctx,
      'pass',
      `${stale} was fenced (${fence.action.kind} at ${since(ctx, fence.t)}) before it ${how} at ${since(ctx, ctx.rejoinedAt)}.`,
      figures,
    );
  }
  return verdict(
    ctx,
    'fail',
    fence
      ? `${stale} ${how} at ${since(ctx, ctx.rejoinedAt)}, before the fence (${fence.action.kind} at ${since(ctx, fence.t)}): the fence came too late to matter.${pauseNote}`
      : `${stale} ${how} at ${since(ctx, ctx.rejoinedAt)} without ever being fenced; until then its clients kept writing to it.${pauseNote}`,
    figures,
  );
}

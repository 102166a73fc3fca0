import type { CheckResult } from '../../shared/scenario-types';
import { missingSplit, since, verdict, type GradingContext } from './grading-context';

/**
 * divergent-writes-saved: the keys of the stale leader were exported after
 * the fault and before it rejoined (a rejoin wipes what only it had). Passes
 * when it acknowledged nothing after the fault (nothing to save). Unknown
 * without a split.
 */
export function divergentWritesSaved(ctx: GradingContext): CheckResult {
  const missing = missingSplit(ctx);
  if (missing) return verdict(ctx, 'unknown', missing);
  const stale = ctx.staleLeader!;
  const from = ctx.firstFaultAt!;
  const until = ctx.rejoinedAt ?? Number.POSITIVE_INFINITY;
  const divergent = ctx.writes.filter(
    (w) => w.node === stale && w.outcome === 'ack' && w.doneAt >= from && w.doneAt < until,
  ).length;
  const exp = ctx.exports.find((x) => x.node === stale && x.t >= from);
  const keys = exp
    ? ctx.exports.find((x) => x.node === stale && x.t >= exp.t && x.keys !== undefined)?.keys
    : undefined;
  const figures: CheckResult['figures'] = {
    divergent,
    ...(exp ? { exportedAt: exp.t - ctx.t0 } : {}),
    ...(keys !== undefined ? { exportedKeys: keys } : {}),
  };
  if (divergent === 0) {
    return verdict(
      ctx,
      'pass',
      `${stale} acknowledged no write after the fault, so it held nothing of its own to save.`,
      figures,
    );
  }
  if (exp && exp.t < until) {
    return verdict(
      ctx,
      'pass',
      `${stale}'s writes were exported at ${since(ctx, exp.t)}${keys !== undefined ? ` (${keys} writes)` : ''}${ctx.rejoinedAt !== undefined ? `, before it rejoined at ${since(ctx, ctx.rejoinedAt)}` : ''}: its ${divergent} write(s) acknowledged after the fault can be reconciled.`,
      figures,
    );
  }
  if (exp) {
    return verdict(
      ctx,
      'fail',
      `${stale}'s writes were exported at ${since(ctx, exp.t)}, after it rejoined at ${since(ctx, ctx.rejoinedAt!)}: the rejoin had already wiped its ${divergent} write(s) acknowledged after the fault.`,
      figures,
    );
  }
  return verdict(
    ctx,
    'fail',
    `${stale} acknowledged ${divergent} write(s) after the fault and its writes were never exported${ctx.rejoinedAt !== undefined ? ' before the rejoin wiped them' : ''}.`,
    figures,
  );
}

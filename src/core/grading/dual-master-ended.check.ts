import type { CheckResult } from '../../shared/scenario-types';
import { missingTell, seconds, since, verdict, type GradingContext } from './grading-context';
import { routersInMaster, vipMacOwnersOf } from './keepalived-facts';
import { splitEndCause } from './split-end-cause';

/** Seconds after the first tell by which the dual master must have ended, when the scenario does not say. */
export const DEFAULT_DUAL_MASTER_SECONDS = 30;

/**
 * dual-master-ended (keepalived): the split (two routers in VRRP MASTER, or
 * two MACs answering ARP for the VIP) ended within `params.withinSeconds`
 * of the first tell and did not come back (see RunFacts.splitEndedAt).
 * Figure `seconds`: from the tell to the end of the split. Fail when it
 * ended later or was still on when the scenario ended; unknown without a
 * fault or a tell.
 */
export function dualMasterEnded(ctx: GradingContext): CheckResult {
  const missing = missingTell(ctx);
  if (missing) return verdict(ctx, 'unknown', missing);
  const tell = ctx.tell!;
  const within = ctx.params.withinSeconds ?? DEFAULT_DUAL_MASTER_SECONDS;
  const base = { tellAt: tell.at - ctx.t0, withinSeconds: within };
  const end = ctx.splitEndedAt;
  if (end === undefined) {
    const last = ctx.samples.at(-1);
    const masters = last ? routersInMaster(last) : [];
    const what =
      masters.length > 1
        ? `two routers (${masters.join(', ')}) still claimed MASTER`
        : `two MACs still answered ARP for the VIP (${last ? vipMacOwnersOf(last).join(', ') : '?'})`;
    const s = seconds(tell.at, last?.t ?? ctx.endedAt);
    return verdict(
      ctx,
      'fail',
      `The dual master never ended: ${what} when the scenario ended, ${s} s after the first tell at ${since(ctx, tell.at)} (${tell.detail}).`,
      { ...base, seconds: s, ended: false },
    );
  }
  const s = seconds(tell.at, end);
  const cause = splitEndCause(ctx);
  const how = cause
    ? `, after ${cause.what} at ${since(ctx, cause.t)}`
    : ', with no move shortly before';
  const figures = { ...base, seconds: s, ended: true, endedAt: end - ctx.t0 };
  const span = `${since(ctx, tell.at)} → ${since(ctx, end)}${how}`;
  if (s <= within)
    return verdict(
      ctx,
      'pass',
      `The dual master ended ${s} s after the first tell (${span}), within the ${within} s allowed: one router in MASTER and one MAC for the VIP from then on.`,
      figures,
    );
  return verdict(
    ctx,
    'fail',
    `The dual master ended only ${s} s after the first tell (${span}), more than the ${within} s allowed; until then clients could land on either router.`,
    figures,
  );
}

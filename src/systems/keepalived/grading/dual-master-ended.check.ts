import type { CheckResult } from '../../../shared/scenario-types';
import {
  missingTell,
  seconds,
  since,
  verdict,
  type GradingContext,
} from '../../../core/grading/grading-context';
import { routersInMaster, vipMacOwnersOf } from './keepalived-facts';
import { splitEndCause } from './split-end-cause';
import {
  TIME_BAND_CREDIT,
  bandText,
  timeBandOf,
  timeBandsOf,
} from '../../../core/grading/time-bands';

/**
 * dual-master-ended (keepalived): the split (two routers in VRRP MASTER, or
 * two MACs answering ARP for the VIP) ended and did not come back (see
 * RunFacts.splitEndedAt), graded by how long after the first tell it ended
 * in the scenario's time bands (`timeBandsOf`): full credit, half credit,
 * or fail. Figures `seconds` (from the tell to the end of the split) and
 * `band`. Fail when it was still on when the scenario ended; unknown
 * without a fault or a tell.
 */
export function dualMasterEnded(ctx: GradingContext): CheckResult {
  const missing = missingTell(ctx);
  if (missing) return verdict(ctx, 'unknown', missing);
  const tell = ctx.tell!;
  const bands = timeBandsOf(ctx);
  const base = {
    tellAt: tell.at - ctx.t0,
    fullWithinSeconds: bands.full,
    partialWithinSeconds: bands.partial,
  };
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
      { ...base, seconds: s, ended: false, band: 'late' },
    );
  }
  const shown = ctx.tellShownAt ?? tell.at;
  const cause = splitEndCause(ctx);
  // The engine's part: from the move issued to it finished (or to the split's end, if that came first).
  const engineMs =
    cause?.issuedAt !== undefined ? Math.max(0, Math.min(cause.t, end) - cause.issuedAt) : 0;
  const engineSeconds = Math.round(engineMs / 100) / 10;
  const s = Math.max(0, seconds(shown, end - engineMs));
  const how = cause
    ? `, after ${cause.what} at ${since(ctx, cause.issuedAt ?? cause.t)}${
        engineSeconds >= 1
          ? ` (the engine took ${engineSeconds} s to carry it out: the machine's time, not counted)`
          : ''
      }`
    : ', with no move shortly before';
  const band = timeBandOf(s, bands);
  const figures = {
    ...base,
    seconds: s,
    band,
    ended: true,
    endedAt: end - ctx.t0,
    ...(cause?.by === 'action' ? { move: cause.what, engineSeconds } : {}),
  };
  const span = `${since(ctx, shown)} → ${since(ctx, end)}${how}`;
  if (band !== 'late')
    return verdict(
      ctx,
      'pass',
      `The dual master ended ${s} s after the first tell showed (${span}), ${bandText(band, bands)}: one router in MASTER and one MAC for the VIP from then on.`,
      figures,
      TIME_BAND_CREDIT[band],
    );
  return verdict(
    ctx,
    'fail',
    `The dual master ended only ${s} s after the first tell showed (${span}), ${bandText(band, bands)}; until then clients could land on either router.`,
    figures,
  );
}

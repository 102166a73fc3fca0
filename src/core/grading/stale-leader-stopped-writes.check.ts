import type { CheckResult } from '../../shared/scenario-types';
import { missingSplit, seconds, since, verdict, type GradingContext } from './grading-context';
import { TIME_BAND_CREDIT, bandText, timeBandOf, timeBandsOf } from './time-bands';

/**
 * stale-leader-stopped-writes: how long after the first tell the stale
 * leader's last acknowledged write came (until it rejoined as a replica),
 * graded in the scenario's time bands (`params.timeBands`, see
 * `timeBandsOf`): full credit, half credit, or fail. Figures: `seconds`
 * (0 when it acknowledged nothing after the tell) and `band`. Unknown
 * without a split or writes.
 */
export function staleLeaderStoppedWrites(ctx: GradingContext): CheckResult {
  const missing = missingSplit(ctx);
  if (missing) return verdict(ctx, 'unknown', missing);
  if (ctx.writes.length === 0)
    return verdict(
      ctx,
      'unknown',
      'No write attempts were recorded, so nothing shows whether the stale leader kept writing.',
    );
  const stale = ctx.staleLeader!;
  const tell = ctx.tell!;
  const bands = timeBandsOf(ctx);
  const until = ctx.rejoinedAt ?? Number.POSITIVE_INFINITY;
  const acks = ctx.writes.filter(
    (w) => w.node === stale && w.outcome === 'ack' && w.doneAt > tell.at && w.doneAt < until,
  );
  const base = {
    tellAt: tell.at - ctx.t0,
    fullWithinSeconds: bands.full,
    partialWithinSeconds: bands.partial,
    ackedAfterTell: acks.length,
  };
  if (acks.length === 0) {
    return verdict(
      ctx,
      'pass',
      `${stale} acknowledged no write after the first tell at ${since(ctx, tell.at)} (${tell.detail}).`,
      { ...base, seconds: 0, band: 'full' },
    );
  }
  const last = Math.max(...acks.map((w) => w.doneAt));
  const s = seconds(tell.at, last);
  // Still acknowledging when the scenario ended: it never stopped, whatever the band says.
  const stillGoing = ctx.rejoinedAt === undefined && ctx.endedAt - last < 2000;
  const band = stillGoing ? 'late' : timeBandOf(s, bands);
  const figures = { ...base, seconds: s, band, lastAckAt: last - ctx.t0 };
  // No move of the trainee's (a fence, or a demote/reinit) came before it stopped: the system did it.
  const byMove =
    ctx.fences.some((f) => f.t <= last + 2000) ||
    (ctx.rejoinedBy !== undefined && ctx.rejoinedBy !== 'replica-reading');
  const how = byMove
    ? ''
    : `; it stopped on its own (${ctx.coordinators} or its own checks), not after a move`;
  if (band !== 'late') {
    return verdict(
      ctx,
      'pass',
      `${stale}'s last acknowledged write came ${s} s after the first tell (${since(ctx, tell.at)}), ${bandText(band, bands)}; it acknowledged ${acks.length} write(s) in between${how}.`,
      figures,
      TIME_BAND_CREDIT[band],
    );
  }
  return verdict(
    ctx,
    'fail',
    `${stale} kept acknowledging writes ${s} s after the first tell (${since(ctx, tell.at)})${stillGoing ? '' : `, ${bandText(band, bands)}`}: ${acks.length} write(s) went to a master the cluster had already replaced${stillGoing ? ', and it was still taking them when the scenario ended' : ''}.`,
    figures,
  );
}

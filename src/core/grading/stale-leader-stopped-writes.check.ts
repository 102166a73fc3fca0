import type { CheckResult } from '../../shared/scenario-types';
import { missingSplit, seconds, since, verdict, type GradingContext } from './grading-context';
import { engineText, moveTiming, stoppingMove } from './move-timing';
import { TIME_BAND_CREDIT, bandText, timeBandOf, timeBandsOf } from './time-bands';

/**
 * stale-leader-stopped-writes: whether and how soon the stale leader stopped
 * acknowledging writes after the first tell (until it rejoined as a
 * replica), graded in the scenario's time bands (`params.timeBands`, see
 * `timeBandsOf`): full credit, half credit, or fail. When a move of the
 * trainee's stopped it (see `stoppingMove`), the time is the trainee's: from
 * the tell on screen to the move issued, with the engine's latency apart
 * (figures `move`, `engineSeconds`, `ackedWhileLanding`); otherwise from the
 * tell on screen to the last acknowledged write. Figures: `seconds` (0 when
 * it acknowledged nothing after the tell) and `band`. A move that never
 * held fails like no move. Unknown without a split or writes.
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
  const shown = ctx.tellShownAt ?? tell.at;
  // Still acknowledging when the workload stopped (the scenario's end): it never stopped,
  // whatever the band says. Measured against the workload's last answer, not the history's
  // last event: read-back and grading come seconds after the end and made a stale leader
  // that wrote to the very end look as if it had stopped on its own.
  let writingEnded = Number.NEGATIVE_INFINITY;
  for (const w of ctx.writes) if (w.doneAt > writingEnded) writingEnded = w.doneAt;
  const stillGoing = ctx.rejoinedAt === undefined && writingEnded - last < 2000;
  const move = stillGoing ? undefined : stoppingMove(ctx, stale, last);
  const timing = move ? moveTiming(ctx, move) : undefined;
  const s = timing ? timing.reactionSeconds : Math.max(0, seconds(shown, last));
  const band = stillGoing ? 'late' : timeBandOf(s, bands);
  const landing = move ? acks.filter((w) => w.doneAt > move.issuedAt).length : 0;
  const figures = {
    ...base,
    seconds: s,
    band,
    lastAckAt: last - ctx.t0,
    ...(timing
      ? { move: timing.move, engineSeconds: timing.engineSeconds, ackedWhileLanding: landing }
      : {}),
  };
  // No move of the trainee's (a fence, or a demote/reinit) came before it stopped: the system did it.
  const byMove =
    move !== undefined ||
    ctx.fences.some((f) => f.t <= last + 2000) ||
    (ctx.rejoinedBy !== undefined && ctx.rejoinedBy !== 'replica-reading');
  const how = byMove
    ? ''
    : `; it stopped on its own (${ctx.coordinators} or its own checks), not after a move`;
  if (band !== 'late' && timing) {
    const engine = engineText(timing);
    const machine =
      landing > 0 ? `, ${landing} of them after the move was issued, while it was landing` : '';
    return verdict(
      ctx,
      'pass',
      `${timing.move} was issued ${s} s after the first tell showed (${since(ctx, shown)}: ${tell.detail}), ${bandText(band, bands)}${engine ? `; ${engine}` : ''}. ${stale} acknowledged ${acks.length} write(s) after the tell${machine}.`,
      figures,
      TIME_BAND_CREDIT[band],
    );
  }
  if (band !== 'late') {
    return verdict(
      ctx,
      'pass',
      `${stale}'s last acknowledged write came ${s} s after the first tell showed (${since(ctx, shown)}), ${bandText(band, bands)}; it acknowledged ${acks.length} write(s) in between${how}.`,
      figures,
      TIME_BAND_CREDIT[band],
    );
  }
  if (timing) {
    const engine = engineText(timing);
    return verdict(
      ctx,
      'fail',
      `${timing.move} was issued only ${s} s after the first tell showed (${since(ctx, shown)}: ${tell.detail}), ${bandText(band, bands)}${engine ? `; ${engine}` : ''}: ${acks.length} write(s) went to a master the cluster had already replaced.`,
      figures,
    );
  }
  return verdict(
    ctx,
    'fail',
    `${stale} kept acknowledging writes ${s} s after the first tell showed (${since(ctx, shown)})${stillGoing ? '' : `, ${bandText(band, bands)}`}: ${acks.length} write(s) went to a master the cluster had already replaced${stillGoing ? ', and it was still taking them when the scenario ended' : ''}.`,
    figures,
  );
}

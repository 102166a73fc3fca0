import type { CheckResult } from '../../shared/scenario-types';
import { takesOutOfService } from '../../shared/move-effects';
import { missingSplit, seconds, since, verdict, type GradingContext } from './grading-context';
import { engineText, moveTiming } from './move-timing';
import type { TimedAction } from './run-facts';
import { TIME_BAND_CREDIT, bandText, timeBandOf, timeBandsOf } from './time-bands';

/**
 * The move that handed the slow leader's role on: the last successful move
 * issued after the first fault and before the new master showed that either
 * takes the slow leader out of service (a fence, a stop, a restart) or hands
 * the role to another node (a move with a `candidate`: switchover, failover).
 */
function handingMove(
  ctx: GradingContext,
  slow: string,
  replacedAt: number,
): TimedAction | undefined {
  const from = ctx.firstFaultAt ?? Number.NEGATIVE_INFINITY;
  const moves = ctx.actions.filter(
    (a) =>
      a.ok &&
      a.issuedAt >= from &&
      a.issuedAt <= replacedAt &&
      (('candidate' in a.action && a.action.candidate !== slow) ||
        ('node' in a.action && a.action.node === slow && takesOutOfService(a.action.kind))),
  );
  return moves.at(-1);
}

/** Acknowledged out of attempted writes answered in [from, to). */
function served(
  ctx: GradingContext,
  from: number,
  to: number,
): { acked: number; attempts: number } {
  let acked = 0;
  let attempts = 0;
  for (const w of ctx.writes) {
    if (w.doneAt < from || w.doneAt >= to) continue;
    attempts++;
    if (w.outcome === 'ack') acked++;
  }
  return { acked, attempts };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function share({ acked, attempts }: { acked: number; attempts: number }): string {
  return attempts === 0 ? 'no write was attempted' : `${acked} of ${attempts} writes acknowledged`;
}

/**
 * slow-leader-replaced (grey failure): whether and how soon the leader that
 * turned slow (the `leader-slow` tell: answering no probe in time, its
 * container running) stopped being the leader, graded in the time bands
 * (`params.timeBands`, seconds from the tell on screen to the first sample
 * showing another leader: how long the service was left on a slow node
 * once a person could see it). The time is split in the figures: the
 * trainee's reaction (tell on screen to the move that handed the role on: a
 * switchover or failover to another node, or the slow node taken out of
 * service), the engine's time to carry the move out, and the cluster's
 * handover after it. The handover is part of the grade, since it depends on
 * the move chosen: a polite switchover waits for the slow node's own
 * cooperation, a stop does not. Fails when the slow node still led at the
 * end. Figures: `seconds`, `band`, `replacedAfterSeconds`, `move`,
 * `reactionSeconds`, `engineSeconds`, `handoverSeconds`, `ackedWhileSlow` /
 * `attemptsWhileSlow` (writes answered between the tell and the new leader,
 * or the end). Unknown without a tell.
 */
export function slowLeaderReplaced(ctx: GradingContext): CheckResult {
  const missing = missingSplit(ctx);
  if (missing) return verdict(ctx, 'unknown', missing);
  const slow = ctx.staleLeader!;
  const tell = ctx.tell!;
  const shown = ctx.tellShownAt ?? tell.at;
  const bands = timeBandsOf(ctx);
  const replacedAt = ctx.newMasterAt;
  const whileSlow = served(ctx, tell.at, replacedAt ?? Number.POSITIVE_INFINITY);
  const base = {
    tellAt: tell.at - ctx.t0,
    fullWithinSeconds: bands.full,
    partialWithinSeconds: bands.partial,
    ackedWhileSlow: whileSlow.acked,
    attemptsWhileSlow: whileSlow.attempts,
  };
  if (replacedAt === undefined || ctx.newMaster === undefined) {
    return verdict(
      ctx,
      'fail',
      `${slow} was still the leader when the scenario ended, ${seconds(shown, ctx.endedAt)} s after it showed slow (${since(ctx, shown)}: ${tell.detail}); ${share(whileSlow)} in that time. A slow leader that still answers now and then keeps its role (${ctx.coordinators} never moved): a person has to hand it on.`,
      { ...base, band: 'late' },
    );
  }
  const replacedAfter = seconds(shown, replacedAt);
  const band = timeBandOf(replacedAfter, bands);
  const figures = { ...base, seconds: replacedAfter, band, replacedAfterSeconds: replacedAfter };
  const move = handingMove(ctx, slow, replacedAt);
  const v = band === 'late' ? 'fail' : 'pass';
  const led = `${ctx.newMaster} led ${replacedAfter} s after ${slow} showed slow (${since(ctx, shown)}: ${tell.detail}), ${bandText(band, bands)}`;
  if (!move) {
    return verdict(
      ctx,
      v,
      `${led}. It was replaced with no move of the trainee's (${ctx.coordinators} moved on its own); ${share(whileSlow)} meanwhile.`,
      figures,
      TIME_BAND_CREDIT[band],
    );
  }
  // The trainee's part (tell on screen to the move issued) apart from what came after:
  // the engine carrying the move out, then the cluster handing the role on.
  const timing = moveTiming(ctx, move);
  const engine = engineText(timing);
  const handover = seconds(move.t, replacedAt);
  return verdict(
    ctx,
    v,
    `${led}. ${timing.move} was issued ${timing.reactionSeconds} s after the tell${engine ? `; ${engine}` : ''}; the cluster handed the role on ${Math.max(0, handover)} s after the move finished. ${capitalized(share(whileSlow))} until then.`,
    {
      ...figures,
      move: timing.move,
      reactionSeconds: timing.reactionSeconds,
      engineSeconds: timing.engineSeconds,
      handoverSeconds: Math.max(0, handover),
    },
    TIME_BAND_CREDIT[band],
  );
}

import type { CheckResult } from '../../shared/scenario-types';
import { missingSplit, seconds, since, verdict, type GradingContext } from './grading-context';

/** Seconds after the first tell the stale leader may still acknowledge writes, when the scenario does not say. */
export const DEFAULT_WITHIN_SECONDS = 10;

/**
 * stale-leader-stopped-writes: the stale leader's last acknowledged write
 * after the first tell (until it rejoined as a replica) came within
 * `params.withinSeconds` of the tell. Figure: those seconds (0 when it
 * acknowledged nothing after the tell). Unknown without a split or writes.
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
  const within = ctx.params.withinSeconds ?? DEFAULT_WITHIN_SECONDS;
  const until = ctx.rejoinedAt ?? Number.POSITIVE_INFINITY;
  const acks = ctx.writes.filter(
    (w) => w.node === stale && w.outcome === 'ack' && w.doneAt > tell.at && w.doneAt < until,
  );
  const base = { tellAt: tell.at - ctx.t0, withinSeconds: within, ackedAfterTell: acks.length };
  if (acks.length === 0) {
    return verdict(
      ctx,
      'pass',
      `${stale} acknowledged no write after the first tell at ${since(ctx, tell.at)} (${tell.detail}).`,
      { ...base, seconds: 0 },
    );
  }
  const last = Math.max(...acks.map((w) => w.doneAt));
  const s = seconds(tell.at, last);
  const figures = { ...base, seconds: s, lastAckAt: last - ctx.t0 };
  if (s <= within) {
    return verdict(
      ctx,
      'pass',
      `${stale}'s last acknowledged write came ${s} s after the first tell (${since(ctx, tell.at)}), within the ${within} s allowed; it acknowledged ${acks.length} write(s) in between.`,
      figures,
    );
  }
  const stillGoing = ctx.rejoinedAt === undefined && ctx.endedAt - last < 2000;
  return verdict(
    ctx,
    'fail',
    `${stale} kept acknowledging writes ${s} s after the first tell (${since(ctx, tell.at)}), more than the ${within} s allowed: ${acks.length} write(s) went to a master the cluster had already replaced${stillGoing ? ', and it was still taking them when the scenario ended' : ''}.`,
    figures,
  );
}

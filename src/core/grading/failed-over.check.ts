import { isDataNodeKind, isUnreadable, type ProbeSample } from '../../shared/lab-types';
import type { CheckResult } from '../../shared/scenario-types';
import { seconds, since, verdict, type GradingContext } from './grading-context';
import { engineText, moveTiming } from './move-timing';
import type { TimedAction } from './run-facts';
import { TIME_BAND_CREDIT, bandText, timeBandOf, timeBandsOf } from './time-bands';

/** The nodes that claim master in a sample (the headline's count, by name). */
function mastersIn(s: ProbeSample): string[] {
  return s.nodes.filter((n) => n.role === 'master').map((n) => n.node);
}

/** Whether some data node answered the sample (one where every node was unreadable says nothing). */
function anyAnswered(s: ProbeSample): boolean {
  return s.nodes.some((n) => isDataNodeKind(n.kind) && !isUnreadable(n));
}

/** When the trainee could see a sample: when it was delivered, else when it was taken. */
const shownAt = (s: ProbeSample): number => s.shownAt ?? s.t;

/** The moments that matter: the master lost, and another node leading again. */
export interface Failover {
  /** The master of the last sample before the cluster had none. */
  lost?: string;
  /** The first sample from the first fault on in which no node claimed master (some answered), for at least LOST_AFTER_MS. */
  leaderless: ProbeSample;
  /** The first later sample with exactly one master, not `lost`. */
  replaced?: ProbeSample;
  /** Its master. */
  newMaster?: string;
}

/**
 * How long the cluster must show no master before it counts as lost, ms: one probe the
 * master missed on a busy machine (an unreadable reading is unknown, not "down") is not a loss.
 */
export const LOST_AFTER_MS = 1500;

/** The master lost and its replacement in `samples`, from `from` on; undefined when the cluster never lost its master. */
export function failoverOf(samples: readonly ProbeSample[], from: number): Failover | undefined {
  let lost: string | undefined;
  let leaderless: ProbeSample | undefined;
  let candidate: ProbeSample | undefined;
  for (const s of samples) {
    const masters = mastersIn(s);
    if (!leaderless) {
      if (s.t >= from && masters.length === 0 && anyAnswered(s)) {
        candidate ??= s;
        if (s.t - candidate.t >= LOST_AFTER_MS) leaderless = candidate;
      } else if (masters.length > 0 || s.t < from) {
        candidate = undefined;
        if (masters.length === 1) lost = masters[0];
      }
      if (!leaderless) continue;
    }
    if (masters.length === 1 && masters[0] !== lost)
      return { lost, leaderless, replaced: s, newMaster: masters[0] };
  }
  return leaderless ? { lost, leaderless } : undefined;
}

/** The last successful move issued between the master lost (as shown) and the new master's sample. */
function lastMove(ctx: GradingContext, from: number, to: number): TimedAction | undefined {
  return ctx.actions.filter((a) => a.ok && a.issuedAt >= from && a.issuedAt <= to).at(-1);
}

/**
 * failed-over: the master was lost (the first sample from the first fault on from which no
 * node claimed master for 1.5 s or more) and another node took over: seconds from that sample on the
 * trainee's screen to the first sample with one master that is not the lost one, in the
 * time bands (`params.timeBands`). When moves came in between, the trainee is timed to the
 * last one (shown to issued) and the engine's and the cluster's time after it are shown
 * apart. Fails when no other node led by the end (the lost master leading again is no
 * failover). Unknown without a fault, or when the cluster never lost its master. Figures:
 * `seconds`, `band`, `lostMaster`, `newMaster`, `move`, `reactionSeconds`, `engineSeconds`.
 */
export function failedOver(ctx: GradingContext): CheckResult {
  if (ctx.firstFaultAt === undefined)
    return verdict(ctx, 'unknown', 'No fault fired, so no master was lost.');
  const f = failoverOf(ctx.samples, ctx.firstFaultAt);
  if (!f)
    return verdict(
      ctx,
      'unknown',
      'No node stopped claiming master after the fault: there was no lost master to replace.',
    );
  const bands = timeBandsOf(ctx);
  const shown = shownAt(f.leaderless);
  const lostWho = f.lost ?? 'the master';
  const base = {
    lostMaster: f.lost ?? '?',
    leaderlessAt: seconds(ctx.t0, shown),
    fullWithinSeconds: bands.full,
    partialWithinSeconds: bands.partial,
  };
  if (!f.replaced || !f.newMaster) {
    return verdict(
      ctx,
      'fail',
      `No other node took over from ${lostWho}: the cluster had no master from ${since(ctx, shown)} and none of the others led by the end, ${seconds(shown, ctx.endedAt)} s later${
        f.lost && ctx.samples.at(-1) && mastersIn(ctx.samples.at(-1)!).includes(f.lost)
          ? ` (${f.lost} itself was leading again: the service came back with the lost node, not by a failover)`
          : ''
      }.`,
      { ...base, band: 'late' },
    );
  }
  const after = seconds(shown, f.replaced.t);
  const band = timeBandOf(after, bands);
  const v = band === 'late' ? 'fail' : 'pass';
  const led = `${f.newMaster} took over ${after} s after the cluster showed no master (${since(ctx, shown)}), ${bandText(band, bands)}`;
  const figures = { ...base, seconds: after, band, newMaster: f.newMaster };
  const move = lastMove(ctx, shown, f.replaced.t);
  if (!move)
    return verdict(
      ctx,
      v,
      `${led}, with no move of the trainee's in between (${ctx.coordinators} did it on their own).`,
      figures,
      TIME_BAND_CREDIT[band],
    );
  const timing = moveTiming({ tellShownAt: shown }, move);
  const engine = engineText(timing);
  return verdict(
    ctx,
    v,
    `${led}. The last move before it, ${timing.move}, was issued ${timing.reactionSeconds} s after the cluster showed no master${engine ? `; ${engine}` : ''}; the new master showed ${Math.max(0, seconds(move.t, f.replaced.t))} s after it finished.`,
    {
      ...figures,
      move: timing.move,
      reactionSeconds: timing.reactionSeconds,
      engineSeconds: timing.engineSeconds,
    },
    TIME_BAND_CREDIT[band],
  );
}

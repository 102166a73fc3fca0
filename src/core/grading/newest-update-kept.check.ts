import type { CheckResult } from '../../shared/scenario-types';
import { classifyUpdates, stampSkewMs } from '../workload/update-ledger';
import { since, verdict, type GradingContext } from './grading-context';

/** `1 min 30 s ahead` / `0.2 s behind`: how far a node's clock was from the host's. */
function skewText(ms: number): string {
  const abs = Math.abs(ms);
  const s = Math.round(abs / 1000);
  const text = s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${(abs / 1000).toFixed(1)} s`;
  return `${text} ${ms >= 0 ? 'ahead of' : 'behind'}`;
}

/**
 * newest-update-kept (last-write-wins by a skewed clock, FP-017): every
 * shared key holds, at the end, a value no acknowledged update of it came
 * after in real time (see classifyUpdates): no older value outlived a newer
 * one because of the stamp a node's clock gave it, whether by the store's
 * own last-write-wins or by a replay that kept the "newer" stamp. Unknown
 * without shared keys or without a read-back of them.
 */
export function newestUpdateKept(ctx: GradingContext): CheckResult {
  const shared = ctx.ledger?.shared;
  if (!shared) {
    return verdict(
      ctx,
      'unknown',
      'The shared keys were not read back at the end (no read-back, or a workload without shared keys), so which update survived cannot be told.',
    );
  }
  const fates = classifyUpdates(ctx.writes, shared);
  const figures: CheckResult['figures'] = {
    keys: fates.keys,
    acked: fates.acked,
    superseded: fates.superseded,
    lost: fates.lost,
    regressedKeys: fates.regressed.length,
  };
  if (fates.acked === 0)
    return verdict(ctx, 'unknown', 'No update of a shared key was acknowledged.', figures);
  if (fates.lost === 0) {
    return verdict(
      ctx,
      'pass',
      `Each of the ${fates.keys} shared keys holds its newest acknowledged update (${fates.acked} acknowledged` +
        (fates.superseded > 0
          ? `, ${fates.superseded} of them told OK but left behind a newer stamp`
          : '') +
        ').',
      figures,
    );
  }
  const worst = fates.regressed[0]!;
  const kept = worst.kept;
  const skew = kept ? stampSkewMs(kept) : undefined;
  const keptText = kept
    ? `${kept.client} #${kept.seq}, acknowledged by ${kept.node} at ${since(ctx, kept.doneAt)}` +
      (skew !== undefined && Math.abs(skew) >= 1000
        ? ` and stamped by a clock ${skewText(skew)} the host's`
        : '')
    : 'nothing: the key is gone';
  const keepNewer = ctx.replays.filter((r) => r.rule === 'keep-newer' || r.rule === 'replace-all');
  const replayText =
    keepNewer.length > 0
      ? ` The replay at ${since(ctx, keepNewer[0]!.t)} (${keepNewer[0]!.rule}) chose by stamps: ${keepNewer[0]!.overwritten} keys of ${keepNewer[0]!.target} were overwritten with values stamped later by a clock, not written later.`
      : '';
  return verdict(
    ctx,
    'fail',
    `${fates.lost} acknowledged updates of ${fates.regressed.length} shared keys were outlived by older values. ${worst.key} ends with the value of ${keptText}; ${worst.lost === 1 ? '1 update' : `${worst.lost} updates`} of it acknowledged after that write, the last at ${since(ctx, worst.lastLostAckedAt)}, are gone.` +
      replayText,
    figures,
  );
}

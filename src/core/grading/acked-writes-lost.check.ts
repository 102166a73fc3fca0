import type { CheckResult } from '../../shared/scenario-types';
import { verdict, type GradingContext } from './grading-context';
import { firstFence, lostWhileLanding, moveTiming } from './move-timing';

/** Upper bounds of the good and fair bands when the scenario does not give them. */
export const DEFAULT_LOST_BANDS: readonly [number, number] = [50, 200];

/**
 * acked-writes-lost: acknowledged writes missing from the final master, in
 * bands `params.lostBands = [good, fair]` (upper bounds, inclusive):
 * good = pass with full credit; fair = pass with half credit (the loss is
 * within what the scenario tolerates, at a cost); above = fail, no credit.
 * The bands judge the trainee's share: writes acknowledged while the first
 * fence of the stale leader was landing (issued → the engine finished it)
 * are the machine's delay, counted apart (figures `machineLost`, `judged`).
 * Unknown when the ledger was not read back.
 */
export function ackedWritesLost(ctx: GradingContext): CheckResult {
  const fates = ctx.ledger?.counts.fates;
  if (!fates)
    return verdict(
      ctx,
      'unknown',
      'The surviving data was not read back, so the lost writes are not known.',
    );
  const lost = fates['acked-lost'];
  const [good, fair] = ctx.params.lostBands ?? DEFAULT_LOST_BANDS;
  const acked = ctx.ledger!.counts.acked;
  const from = ctx.ledger!.counts.readFrom
    ? ` (read back from ${ctx.ledger!.counts.readFrom})`
    : '';
  const fence = ctx.staleLeader ? firstFence(ctx, ctx.staleLeader) : undefined;
  const machineLost = fence ? (lostWhileLanding(ctx, fence) ?? 0) : 0;
  const judged = lost - machineLost;
  const figures = {
    lost,
    acked,
    good,
    fair,
    ...(machineLost > 0 ? { machineLost, judged } : {}),
  };
  const head = `${lost} of ${acked} acknowledged writes were lost${from}`;
  const share =
    fence && machineLost > 0
      ? `; ${machineLost} of them were acknowledged while ${moveTiming(ctx, fence).move} was landing (issued → done, the machine's delay), so the trainee's share is ${judged}`
      : '';
  if (judged <= good) {
    return verdict(ctx, 'pass', `${head}${share}: within the good band (≤ ${good}).`, {
      ...figures,
      band: 'good',
    });
  }
  if (judged <= fair) {
    return verdict(
      ctx,
      'pass',
      `${head}${share}: the fair band (${good + 1}-${fair}), half credit.`,
      { ...figures, band: 'fair' },
      0.5,
    );
  }
  return verdict(ctx, 'fail', `${head}${share}: more than the ${fair} the scenario tolerates.`, {
    ...figures,
    band: 'poor',
  });
}

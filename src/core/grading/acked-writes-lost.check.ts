import type { CheckResult } from '../../shared/scenario-types';
import { verdict, type GradingContext } from './grading-context';

/** Upper bounds of the good and fair bands when the scenario does not give them. */
export const DEFAULT_LOST_BANDS: readonly [number, number] = [50, 200];

/**
 * acked-writes-lost: acknowledged writes missing from the final master, in
 * bands `params.lostBands = [good, fair]` (upper bounds, inclusive):
 * good = pass with full credit; fair = pass with half credit (the loss is
 * within what the scenario tolerates, at a cost); above = fail, no credit.
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
  const figures = { lost, acked, good, fair };
  if (lost <= good) {
    return verdict(
      ctx,
      'pass',
      `${lost} of ${acked} acknowledged writes were lost${from}: within the good band (≤ ${good}).`,
      { ...figures, band: 'good' },
    );
  }
  if (lost <= fair) {
    return verdict(
      ctx,
      'pass',
      `${lost} of ${acked} acknowledged writes were lost${from}: the fair band (${good + 1}-${fair}), half credit.`,
      { ...figures, band: 'fair' },
      0.5,
    );
  }
  return verdict(
    ctx,
    'fail',
    `${lost} of ${acked} acknowledged writes were lost${from}: more than the ${fair} the scenario tolerates.`,
    { ...figures, band: 'poor' },
  );
}

import type { CheckResult } from '../../../shared/scenario-types';
import { verdict, type GradingContext } from '../../../core/grading/grading-context';
import { failuresByKind, failureKindsText } from './request-failures';

/** Upper bounds of the good and fair bands (requests) when the scenario does not give them. */
export const DEFAULT_FAILED_BANDS: readonly [number, number] = [10, 40];

/**
 * requests-failed (keepalived): requests through the VIP sent from the
 * first fault on that failed or timed out, in bands `params.lostBands =
 * [good, fair]` (upper bounds, inclusive): good = pass, fair = pass with
 * half credit, above = fail. Figures by kind of failure (ECONNRESET,
 * timeout, ...). Unknown without a fault or without any request after it.
 */
export function requestsFailed(ctx: GradingContext): CheckResult {
  const from = ctx.firstFaultAt;
  if (from === undefined)
    return verdict(ctx, 'unknown', 'No fault fired, so no request failed because of one.');
  const sent = ctx.writes.filter((w) => w.sentAt >= from);
  if (sent.length === 0)
    return verdict(
      ctx,
      'unknown',
      'No requests were recorded after the fault, so their failures are not known.',
    );
  const failed = sent.filter((w) => w.outcome !== 'ack');
  const byKind = failuresByKind(failed);
  const [good, fair] = ctx.params.lostBands ?? DEFAULT_FAILED_BANDS;
  const figures: CheckResult['figures'] = {
    failed: failed.length,
    sent: sent.length,
    good,
    fair,
    ...Object.fromEntries(byKind.map(([k, n]) => [`failed:${k}`, n])),
  };
  const what = `${failed.length} of ${sent.length} requests sent from the fault on failed or timed out${failed.length ? ` (${failureKindsText(byKind)})` : ''}`;
  if (failed.length <= good)
    return verdict(ctx, 'pass', `${what}: within the good band (≤ ${good}).`, {
      ...figures,
      band: 'good',
    });
  if (failed.length <= fair)
    return verdict(
      ctx,
      'pass',
      `${what}: the fair band (${good + 1}-${fair}), half credit.`,
      { ...figures, band: 'fair' },
      0.5,
    );
  return verdict(ctx, 'fail', `${what}: more than the ${fair} the scenario tolerates.`, {
    ...figures,
    band: 'poor',
  });
}

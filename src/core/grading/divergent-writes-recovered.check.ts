import type { CheckResult } from '../../shared/scenario-types';
import { missingSplit, since, verdict, type GradingContext } from './grading-context';

/**
 * divergent-writes-recovered (FP-016's short-term fix graded): the writes the
 * stale leader acknowledged after the fault are on the final master at the
 * end (a replay-export put them back, or they were never lost), and no
 * replay deleted the authoritative node's keys (replace-all). Judged from
 * the ledger's lost writes by the node that acknowledged them. Unknown
 * without a split, or when the surviving data was never read back.
 */
export function divergentWritesRecovered(ctx: GradingContext): CheckResult {
  const missing = missingSplit(ctx);
  if (missing) return verdict(ctx, 'unknown', missing);
  const stale = ctx.staleLeader!;
  const from = ctx.firstFaultAt!;
  const until = ctx.rejoinedAt ?? Number.POSITIVE_INFINITY;
  const ledger = ctx.ledger;
  if (!ledger?.counts.fates || !ledger.lostByNode) {
    return verdict(
      ctx,
      'unknown',
      'The ledger does not say which node acknowledged the lost writes (no read-back, or an older history), so what was put back cannot be told.',
    );
  }
  const divergent = ctx.writes.filter(
    (w) => w.node === stale && w.outcome === 'ack' && w.doneAt >= from && w.doneAt < until,
  );
  const replays = ctx.replays.filter((r) => r.node === stale && r.t >= from);
  const stillLost = ledger.lostByNode[stale] ?? 0;
  const lostElsewhere = Object.entries(ledger.lostByNode)
    .filter(([node]) => node !== stale)
    .reduce((n, [, k]) => n + k, 0);
  const recovered = ledger.counts.recovered ?? 0;
  const figures: CheckResult['figures'] = {
    divergent: divergent.length,
    stillLost,
    recovered,
    replays: replays.length,
  };
  const wiping = replays.find((r) => r.removed > 0);
  if (wiping) {
    return verdict(
      ctx,
      'fail',
      `The replay at ${since(ctx, wiping.t)} (${wiping.rule}) deleted ${wiping.removed} keys ${wiping.target} held that ${stale}'s export lacked: the other side's history was thrown away` +
        (lostElsewhere > 0
          ? `, and ${lostElsewhere} writes acknowledged by other nodes are missing at the end.`
          : '.'),
      { ...figures, removed: wiping.removed, lostElsewhere },
    );
  }
  if (divergent.length === 0) {
    return verdict(
      ctx,
      'pass',
      `${stale} acknowledged no write after the fault, so there was nothing to put back.`,
      figures,
    );
  }
  const last = replays.at(-1);
  if (stillLost === 0) {
    return verdict(
      ctx,
      'pass',
      last
        ? `The ${divergent.length} writes ${stale} acknowledged after the fault are on the final master: the replay at ${since(ctx, last.t)} (${last.rule}) put back ${last.added} keys onto ${last.target}, ${recovered} of them acknowledged writes.`
        : `The ${divergent.length} writes ${stale} acknowledged after the fault are on the final master: none of them was lost.`,
      figures,
    );
  }
  if (!last) {
    const saved = ctx.exports.some((x) => x.node === stale && x.t >= from);
    return verdict(
      ctx,
      'fail',
      `${stillLost} writes ${stale} acknowledged are missing at the end: ${saved ? 'they were exported but never replayed (replay-export puts a saved export back onto the master)' : 'they were neither exported nor replayed'}.`,
      figures,
    );
  }
  const lastExport = ctx.exports.filter((x) => x.node === stale && x.t <= last.t).at(-1);
  const afterExport = lastExport
    ? divergent.filter((w) => w.doneAt > lastExport.t).length
    : divergent.length;
  return verdict(
    ctx,
    'fail',
    `The replay at ${since(ctx, last.t)} put back ${last.added} keys, but ${stillLost} writes ${stale} acknowledged are still missing at the end` +
      (afterExport > 0
        ? `: ${afterExport} of its writes were acknowledged after the export it replayed (fence before you export).`
        : '.'),
    { ...figures, afterExport },
  );
}

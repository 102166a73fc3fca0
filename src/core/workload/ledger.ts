import type { LedgerCounts, WriteFate, WriteRecord } from '../../shared/scenario-types';

/**
 * The write ledger, Jepsen-style: every attempt the clients made, and, once
 * the surviving data has been read back from the final master, what became
 * of each. Pure functions.
 *
 * Records are identified by their key (unique per attempt); a record seen
 * twice (a log stream re-read) counts once, the last one wins.
 */

const ZERO_FATES = (): Record<WriteFate, number> => ({
  'acked-present': 0,
  'acked-lost': 0,
  failed: 0,
  'indeterminate-present': 0,
  'indeterminate-absent': 0,
});

function unique(records: readonly WriteRecord[]): WriteRecord[] {
  const byKey = new Map<string, WriteRecord>();
  for (const r of records) byKey.set(r.key, r);
  return byKey.size === records.length ? [...records] : [...byKey.values()];
}

/** Counts by outcome while the run goes on (no fates: nothing has been read back yet). */
export function liveCounts(records: readonly WriteRecord[]): LedgerCounts {
  const counts: LedgerCounts = { attempts: 0, acked: 0, failed: 0, indeterminate: 0 };
  for (const r of unique(records)) {
    counts.attempts++;
    if (r.outcome === 'ack') counts.acked++;
    else if (r.outcome === 'fail') counts.failed++;
    else counts.indeterminate++;
  }
  return counts;
}

/**
 * The ledger of a lab with nothing to read back (HTTP requests to a virtual
 * IP, answered by whichever router holds it): counts by outcome, and the answered requests per router that
 * answered them (a request's `node`). No fates.
 */
export function answeredCounts(records: readonly WriteRecord[]): LedgerCounts {
  const answeredBy: Record<string, number> = {};
  const all = unique(records);
  for (const r of all) if (r.outcome === 'ack') answeredBy[r.node] = (answeredBy[r.node] ?? 0) + 1;
  return { ...liveCounts(all), answeredBy };
}

/**
 * What became of one write, given whether its key survived:
 * ack -> acked-present / acked-lost; fail -> failed (whatever the data says);
 * timeout -> indeterminate-present (a ghost write) / indeterminate-absent.
 */
export function fateOf(record: WriteRecord, present: boolean): WriteFate {
  switch (record.outcome) {
    case 'ack':
      return present ? 'acked-present' : 'acked-lost';
    case 'fail':
      return 'failed';
    case 'timeout':
      return present ? 'indeterminate-present' : 'indeterminate-absent';
  }
}

export interface LedgerClassification {
  counts: LedgerCounts;
  /** Keys of acknowledged writes that are gone, in the order of `records`. */
  lostKeys: string[];
  /** Keys of indeterminate writes that were applied after all, in the order of `records`. */
  ghostKeys: string[];
}

/**
 * Classifies every write against the keys read back from the final master.
 * @param presentKeys the workload keys the final master holds (see read-back.ts).
 * @param readFrom the node they were read from, recorded in the counts.
 * @param replayedKeys keys a replay-export added to the final master: an
 *   acknowledged write among them counts as recovered (and present).
 */
export function classifyLedger(
  records: readonly WriteRecord[],
  presentKeys: ReadonlySet<string>,
  readFrom?: string,
  replayedKeys: ReadonlySet<string> = new Set(),
): LedgerClassification {
  const counts: LedgerCounts = { ...liveCounts(records), fates: ZERO_FATES() };
  const fates = ZERO_FATES();
  const lostKeys: string[] = [];
  const ghostKeys: string[] = [];
  let recovered = 0;
  for (const r of unique(records)) {
    const fate = fateOf(r, presentKeys.has(r.key));
    fates[fate]++;
    if (fate === 'acked-lost') lostKeys.push(r.key);
    else if (fate === 'acked-present' && replayedKeys.has(r.key)) recovered++;
    else if (fate === 'indeterminate-present') ghostKeys.push(r.key);
  }
  counts.fates = fates;
  if (readFrom !== undefined) counts.readFrom = readFrom;
  if (replayedKeys.size > 0) counts.recovered = recovered;
  return { counts, lostKeys, ghostKeys };
}

/** One bucket of the acknowledged-writes chart. */
export interface WritesPerSecondPoint {
  /** Bucket start, ms since epoch (a multiple of the bucket length). */
  t: number;
  /** Acknowledged writes per second in this bucket, by node name (every node seen, 0 when none). */
  perNode: Record<string, number>;
}

/**
 * Acknowledged writes per second per node, bucketed by the time of the
 * acknowledgement (`doneAt`). Buckets are contiguous from the first to the
 * last acknowledgement (or over [fromMs, toMs] when given), so a node that
 * stopped taking writes shows as 0, not as a gap.
 */
export function writesPerSecondByNode(
  records: readonly WriteRecord[],
  bucketMs = 1000,
  range: { fromMs?: number; toMs?: number } = {},
): WritesPerSecondPoint[] {
  if (!(bucketMs > 0)) throw new Error(`bucketMs must be positive, got ${bucketMs}`);
  const acked = unique(records).filter((r) => r.outcome === 'ack');
  const nodes = [...new Set(acked.map((r) => r.node))].sort();
  let min: number | undefined;
  let max: number | undefined;
  for (const r of acked) {
    if (min === undefined || r.doneAt < min) min = r.doneAt;
    if (max === undefined || r.doneAt > max) max = r.doneAt;
  }
  const from = range.fromMs ?? min;
  const to = range.toMs ?? max;
  if (from === undefined || to === undefined || to < from) return [];
  const first = Math.floor(from / bucketMs) * bucketMs;
  const count = Math.floor(to / bucketMs) - Math.floor(from / bucketMs) + 1;
  const perSecond = 1000 / bucketMs;
  const points: WritesPerSecondPoint[] = Array.from({ length: count }, (_, i) => ({
    t: first + i * bucketMs,
    perNode: Object.fromEntries(nodes.map((n) => [n, 0])),
  }));
  for (const r of acked) {
    const i = Math.floor(r.doneAt / bucketMs) - Math.floor(from / bucketMs);
    const point = points[i];
    if (point) point.perNode[r.node] = (point.perNode[r.node] ?? 0) + perSecond;
  }
  return points;
}

import { ledBy, secondsSince, type OffsetRow } from './chart-data';

/**
 * The workload's replies per second as the writes charts draw them: writes
 * acknowledged per node and not acknowledged, and (a lab whose clients go
 * through a VIP) requests per MAC they were sent to.
 */

/** Write buckets as the writes chart reads them. */
export interface WriteBucketLike {
  /** The second the replies came in, whole seconds since epoch. */
  sec: number;
  /** Writes acknowledged in that second, per node that acknowledged them. */
  acked: Record<string, number>;
  /** Writes that failed or timed out in that second. */
  notAcked: number;
  /** Requests through a VIP: those in that second per MAC they were sent to (WriteRecord.via). */
  via?: Record<string, number>;
}

/** Nodes that acknowledged writes in any bucket, led by a preferred order. */
export function writeNodeNames(
  buckets: WriteBucketLike[],
  preferredOrder: string[] = [],
): string[] {
  const seen = new Set<string>();
  for (const b of buckets) for (const node of Object.keys(b.acked)) seen.add(node);
  return ledBy(seen, preferredOrder);
}

/**
 * Calls `fn` for every whole second from the first bucket to the last, with
 * the bucket of that second (undefined for a second without replies). The
 * newest second is still filling up and is left out unless `includeNewest`.
 */
function eachSecond<B extends { sec: number }>(
  buckets: B[],
  includeNewest: boolean,
  fn: (sec: number, bucket: B | undefined) => void,
): void {
  if (buckets.length === 0) return;
  const first = buckets[0]!.sec;
  const last = buckets[buckets.length - 1]!.sec - (includeNewest ? 0 : 1);
  let i = 0;
  for (let sec = first; sec <= last; sec++)
    fn(sec, buckets[i]?.sec === sec ? buckets[i++] : undefined);
}

/**
 * Acknowledged writes per second per node, plus `not acked` (failed or timed
 * out). A second with no replies at all is a row of zeros, so a stall drops the
 * line to 0 instead of drawing across the gap. The newest second is still
 * filling up and is left out unless `includeNewest`.
 */
export function writeRows(
  buckets: WriteBucketLike[],
  t0: number,
  nodes: string[],
  includeNewest = false,
): ({ x: number; notAcked: number } & Record<string, number>)[] {
  const rows: ({ x: number; notAcked: number } & Record<string, number>)[] = [];
  eachSecond(buckets, includeNewest, (sec, b) => {
    const row = { x: secondsSince(sec * 1000, t0), notAcked: b?.notAcked ?? 0 } as {
      x: number;
      notAcked: number;
    } & Record<string, number>;
    for (const node of nodes) row[node] = b?.acked[node] ?? 0;
    rows.push(row);
  });
  return rows;
}

/** The MACs requests were sent to in any bucket (WriteRecord.via), in first-seen order. */
export function viaMacs(buckets: WriteBucketLike[]): string[] {
  const seen = new Set<string>();
  for (const b of buckets) for (const mac of Object.keys(b.via ?? {})) seen.add(mac);
  return [...seen];
}

/**
 * Requests per second per MAC they were sent to, each MAC as the series
 * `label(mac)` (e.g. `via router-2`). Seconds without requests are zeros;
 * the newest second is left out unless `includeNewest`.
 */
export function viaRows(
  buckets: WriteBucketLike[],
  t0: number,
  macs: string[],
  label: (mac: string) => string,
  includeNewest = false,
): OffsetRow[] {
  const rows: OffsetRow[] = [];
  eachSecond(buckets, includeNewest, (sec, b) => {
    const row: OffsetRow = { x: secondsSince(sec * 1000, t0) };
    for (const mac of macs) row[label(mac)] = b?.via?.[mac] ?? 0;
    rows.push(row);
  });
  return rows;
}

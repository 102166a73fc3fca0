import type { ProbeSample } from '../../../shared/lab-types';
import {
  bucketRows,
  nodeNamesOfKind,
  type OffsetRow,
} from '../../../renderer/src/charts/chart-data';

/**
 * Redis Sentinel lab tells read from probe samples: the sentinels, and the
 * epoch each one reports (a failover raises it).
 */

/** Sentinel node names in first-seen order (optionally led by a preferred order). */
export function sentinelNodeNames(samples: ProbeSample[], preferredOrder: string[] = []): string[] {
  return nodeNamesOfKind(samples, 'sentinel', preferredOrder);
}

/** Each sentinel's epoch over time (null when unread), thinned like the offsets. */
export function epochRows(
  samples: ProbeSample[],
  t0: number,
  sentinels: string[],
  maxPoints = 240,
): OffsetRow[] {
  return bucketRows(
    samples,
    t0,
    sentinels,
    maxPoints,
    (_, last, name) => last.nodes.find((n) => n.node === name)?.epoch ?? null,
  );
}

/** The highest epoch any sentinel reports in a sample (undefined when none reports one). */
export function maxEpoch(s: ProbeSample | undefined): number | undefined {
  if (!s) return undefined;
  let best: number | undefined;
  for (const n of s.nodes)
    if (n.epoch !== undefined && (best === undefined || n.epoch > best)) best = n.epoch;
  return best;
}

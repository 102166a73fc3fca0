import { memo, useMemo } from 'react';
import type { ProbeSample } from '../../../shared/lab-types';
import {
  bucketRows,
  extremeIn,
  xDomain,
  type OffsetRow,
  type SampleChartProps,
} from './chart-data';

const clockOf = (s: ProbeSample, node: string) =>
  s.nodes.find((n) => n.node === node)?.clockOffsetMs;
import { TimeSeriesChart } from './time-series-chart';

/** The nodes of `order` whose clock some sample read (NodeObservation.clockOffsetMs). */
export function clockNodes(samples: ProbeSample[], order: string[]): string[] {
  const read = new Set<string>();
  for (const s of samples)
    for (const n of s.nodes) if (n.clockOffsetMs !== undefined) read.add(n.node);
  return order.filter((n) => read.has(n));
}

/**
 * Each node's clock offset from the host over time, in seconds, at most `maxPoints` rows. A
 * bucket keeps its reading farthest from zero, so a short-lived jump never disappears; a
 * node not read in a bucket (no answer) is a gap, never zero.
 */
export function clockOffsetRows(
  samples: ProbeSample[],
  t0: number,
  nodes: string[],
  maxPoints = 240,
): OffsetRow[] {
  return bucketRows(samples, t0, nodes, maxPoints, (bucket, _last, node) => {
    const far = extremeIn(bucket, node, clockOf, Math.abs);
    return far === null ? null : far / 1000;
  });
}

/**
 * "Clock offset per node": each node's wall clock minus the host's, as the probe reads it
 * (within half its round trip). Healthy clocks sit on zero; a step is a cliff, drift a slope.
 */
export const ClockOffsetChart = memo(function ClockOffsetChart({
  samples,
  t0,
  nodes,
  faults,
}: SampleChartProps & { nodes: string[] }) {
  const shown = useMemo(() => clockNodes(samples, nodes), [samples, nodes]);
  const data = useMemo(() => clockOffsetRows(samples, t0, shown), [samples, t0, shown]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <TimeSeriesChart
      testId="chart-clock-offset"
      title="Clock offset per node (s, against the host)"
      height={180}
      data={data}
      domain={domain}
      yAxis={{ domain: ['auto', 'auto'], width: 44 }}
      series={shown}
      faults={faults}
      legend
      tooltipFormatter={(v) =>
        typeof v === 'number' ? `${v > 0 ? '+' : ''}${v.toFixed(2)} s` : 'not read'
      }
    />
  );
});

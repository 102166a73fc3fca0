import { memo, useMemo } from 'react';
// One rule for the chart and the `leader-slow` tell: down is not slow (src/shared/lab-types.ts).
import { NO_ANSWER_MS, probeRttMs, type ProbeSample } from '../../../shared/lab-types';
import {
  bucketRows,
  extremeIn,
  xDomain,
  type OffsetRow,
  type SampleChartProps,
} from './chart-data';
import { TimeSeriesChart } from './time-series-chart';

/**
 * Each data node's probe round trip over time, at most `maxPoints` rows; a
 * bucket keeps its slowest reading, so one slow probe never disappears.
 */
export function probeRttRows(
  samples: ProbeSample[],
  t0: number,
  nodes: string[],
  maxPoints = 240,
): OffsetRow[] {
  return bucketRows(samples, t0, nodes, maxPoints, (bucket, _last, node) =>
    extremeIn(bucket, node, probeRttMs, (v) => v),
  );
}

/**
 * "Probe round trip per node": how long each data node took to answer the
 * engine's probe, with no answer drawn at the probe's budget. A healthy node
 * answers in a few ms; a grey one climbs and hits the ceiling while its
 * container still runs.
 */
export const ProbeRttChart = memo(function ProbeRttChart({
  samples,
  t0,
  nodes,
  faults,
}: SampleChartProps & { nodes: string[] }) {
  const data = useMemo(() => probeRttRows(samples, t0, nodes), [samples, t0, nodes]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <TimeSeriesChart
      testId="chart-probe-rtt"
      title={`Probe round trip per node (ms; ${NO_ANSWER_MS} = no answer)`}
      height={200}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, NO_ANSWER_MS], width: 44 }}
      series={nodes}
      faults={faults}
      legend
      tooltipFormatter={(v) =>
        typeof v === 'number' ? (v >= NO_ANSWER_MS ? 'no answer' : `${Math.round(v)} ms`) : '—'
      }
    />
  );
});

import { memo, useMemo } from 'react';
import type { ProbeSample } from '../../../shared/lab-types';
import { bucketRows, xDomain, type OffsetRow, type SampleChartProps } from './chart-data';
import { TimeSeriesChart } from './time-series-chart';

/** Where a probe with no answer is drawn, ms: the probe's own budget (it gives up at 400 ms). */
export const NO_ANSWER_MS = 400;

/**
 * A node's probe round trip in one sample, ms: its `rttMs`; `NO_ANSWER_MS`
 * when it did not answer while its container ran (slow, not down: the grey
 * failure's tell); null when the container is paused, stopped or gone, or
 * the node was not probed (a gap: down is not slow).
 */
export function probeRttOf(s: ProbeSample, node: string): number | null {
  const obs = s.nodes.find((n) => n.node === node);
  if (!obs || obs.state === 'paused' || obs.state === 'stopped' || obs.state === 'missing')
    return null;
  if (obs.role === 'unknown') return NO_ANSWER_MS;
  return obs.rttMs ?? null;
}

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
  return bucketRows(samples, t0, nodes, maxPoints, (bucket, _last, node) => {
    let slowest: number | null = null;
    for (const s of bucket) {
      const v = probeRttOf(s, node);
      if (v !== null && (slowest === null || v > slowest)) slowest = v;
    }
    return slowest;
  });
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

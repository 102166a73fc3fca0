import { memo, useMemo } from 'react';
import { xDomain, type SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { timelineRows } from './patroni-data';
import { TimeSeriesChart } from '../../../renderer/src/charts/time-series-chart';

/**
 * "Timeline per node" (PostgreSQL): every promotion starts a new timeline.
 * Healthy = every node on the leader's timeline; two primaries on different
 * timelines are two diverged histories.
 */
export const TimelineChart = memo(function TimelineChart({
  samples,
  t0,
  nodes,
  faults,
}: SampleChartProps & { nodes: string[] }) {
  const data = useMemo(() => timelineRows(samples, t0, nodes), [samples, t0, nodes]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <TimeSeriesChart
      testId="chart-timelines"
      title="Timeline per node"
      height={160}
      data={data}
      domain={domain}
      yAxis={{ domain: ['dataMin - 1', 'dataMax + 1'], allowDecimals: false, width: 32 }}
      series={nodes}
      lineType="stepAfter"
      faults={faults}
      legend
    />
  );
});

import { memo, useMemo } from 'react';
import { formatBytes, offsetRows, xDomain, type SampleChartProps } from './chart-data';
import { TimeSeriesChart } from './time-series-chart';

/** "Replication offset per node": lines that move together when healthy and diverge in a split. */
export const OffsetsChart = memo(function OffsetsChart({
  samples,
  t0,
  nodes,
  faults,
}: SampleChartProps & { nodes: string[] }) {
  const data = useMemo(() => offsetRows(samples, t0, nodes), [samples, t0, nodes]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <TimeSeriesChart
      testId="chart-offsets"
      title="Replication offset per node"
      height={220}
      data={data}
      domain={domain}
      yAxis={{ domain: ['auto', 'auto'], tickFormatter: formatBytes, width: 52 }}
      series={nodes}
      faults={faults}
      legend
      tooltipFormatter={(v) =>
        typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '—')
      }
    />
  );
});

import { memo, useMemo } from 'react';
import {
  formatBytes,
  offsetRows,
  xDomain,
  type PositionField,
  type SampleChartProps,
} from './chart-data';
import { TimeSeriesChart } from './time-series-chart';

/**
 * "Replication offset per node" (Redis) or "WAL position (LSN) per node"
 * (PostgreSQL, `field="lsn"`): lines that move together when healthy and
 * diverge in a split.
 */
export const OffsetsChart = memo(function OffsetsChart({
  samples,
  t0,
  nodes,
  faults,
  field = 'replOffset',
}: SampleChartProps & { nodes: string[]; field?: PositionField }) {
  const data = useMemo(
    () => offsetRows(samples, t0, nodes, undefined, field),
    [samples, t0, nodes, field],
  );
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  const lsn = field === 'lsn';
  return (
    <TimeSeriesChart
      testId={lsn ? 'chart-lsn' : 'chart-offsets'}
      title={lsn ? 'WAL position (LSN) per node' : 'Replication offset per node'}
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

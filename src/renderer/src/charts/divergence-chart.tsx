import { memo, useMemo } from 'react';
import { Area } from 'recharts';
import {
  divergenceRows,
  formatBytes,
  xDomain,
  type PositionField,
  type SampleChartProps,
} from './chart-data';
import { TimeSeriesChart } from './time-series-chart';

/**
 * "Offset divergence": max - min of the replication offsets (or, with
 * `field="lsn"`, of the WAL positions) of the nodes that claim master. Zero
 * while there is one master; grows while two masters take different writes
 * (the bytes one of them will lose).
 */
export const DivergenceChart = memo(function DivergenceChart({
  samples,
  t0,
  faults,
  field = 'replOffset',
}: SampleChartProps & { field?: PositionField }) {
  const data = useMemo(() => divergenceRows(samples, t0, undefined, field), [samples, t0, field]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  const lsn = field === 'lsn';
  return (
    <TimeSeriesChart
      testId={lsn ? 'chart-lsn-divergence' : 'chart-divergence'}
      title={lsn ? 'LSN divergence across primaries' : 'Offset divergence across masters'}
      height={160}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, 'auto'], tickFormatter: formatBytes, width: 52 }}
      faults={faults}
    >
      <Area
        dataKey="divergence"
        name="bytes apart"
        type="stepAfter"
        stroke="#ef4444"
        fill="#ef4444"
        fillOpacity={0.3}
        isAnimationActive={false}
      />
    </TimeSeriesChart>
  );
});

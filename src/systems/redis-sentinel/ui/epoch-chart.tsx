import { memo, useMemo } from 'react';
import { xDomain, type SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { epochRows } from './sentinel-data';
import { TimeSeriesChart } from '../../../renderer/src/charts/time-series-chart';

/** "Sentinel epoch" per sentinel: each step up is a failover; sentinels that disagree split the lines. */
export const EpochChart = memo(function EpochChart({
  samples,
  t0,
  sentinels,
  faults,
}: SampleChartProps & { sentinels: string[] }) {
  const data = useMemo(() => epochRows(samples, t0, sentinels), [samples, t0, sentinels]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <TimeSeriesChart
      testId="chart-epoch"
      title="Sentinel epoch"
      height={160}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, 'auto'], allowDecimals: false, width: 32 }}
      series={sentinels}
      lineType="stepAfter"
      colorOffset={4}
      faults={faults}
      legend
    />
  );
});

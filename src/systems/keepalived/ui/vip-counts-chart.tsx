import { memo, useMemo } from 'react';
import { ReferenceLine } from 'recharts';
import { xDomain, type SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { VIP_COUNT_KEYS, vipCountRows } from './keepalived-data';
import { TimeSeriesChart } from '../../../renderer/src/charts/time-series-chart';

/**
 * "MACs answering ARP for the VIP" (what the client's arping sees) next to
 * "routers holding the VIP" (what the routers' own `ip addr` says). Healthy =
 * 1 and 1; 2 MACs is the dual master as the LAN sees it, 0 is a VIP nobody serves.
 */
export const VipCountsChart = memo(function VipCountsChart({
  samples,
  t0,
  faults,
}: SampleChartProps) {
  const data = useMemo(() => vipCountRows(samples, t0), [samples, t0]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  const top = Math.max(
    2,
    ...data.map((d) => Math.max(d[VIP_COUNT_KEYS[0]] ?? 0, d[VIP_COUNT_KEYS[1]] ?? 0)),
  );
  return (
    <TimeSeriesChart
      testId="chart-arp-macs"
      title="MACs answering ARP for the VIP, routers holding it"
      height={160}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, top], allowDecimals: false, width: 32 }}
      series={VIP_COUNT_KEYS}
      lineType="stepAfter"
      colorOffset={2}
      faults={faults}
      legend
    >
      <ReferenceLine y={1} stroke="#22c55e" strokeDasharray="4 3" />
    </TimeSeriesChart>
  );
});

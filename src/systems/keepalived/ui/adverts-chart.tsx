import { memo, useMemo } from 'react';
import { advertKey, advertRows } from './keepalived-data';
import { xDomain, type SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { TimeSeriesChart } from '../../../renderer/src/charts/time-series-chart';

/**
 * "VRRP adverts per second" per router, received and sent, from keepalived's
 * counters. A MASTER sends one per advert_int and its BACKUP receives them;
 * a router whose `rx` stays at 0 while its peer's `tx` runs cannot hear it.
 */
export const AdvertsChart = memo(function AdvertsChart({
  samples,
  t0,
  routers,
  faults,
}: SampleChartProps & { routers: string[] }) {
  const data = useMemo(() => advertRows(samples, t0, routers), [samples, t0, routers]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  const series = useMemo(
    () => routers.flatMap((r) => [advertKey(r, 'rx'), advertKey(r, 'tx')]),
    [routers],
  );
  return (
    <TimeSeriesChart
      testId="chart-adverts"
      title="VRRP adverts per second: received (rx) and sent (tx)"
      height={180}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, 'auto'], width: 32 }}
      series={series}
      faults={faults}
      legend
    />
  );
});

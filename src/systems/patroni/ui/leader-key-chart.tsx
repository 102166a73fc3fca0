import { memo, useMemo } from 'react';
import { ReferenceLine } from 'recharts';
import { xDomain, type SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { leaseRows } from './patroni-data';
import { TimeSeriesChart } from '../../../renderer/src/charts/time-series-chart';

/**
 * "Leader lease left" per etcd member: the leader renews its key every loop,
 * so the line saw-tooths near the ttl while it is healthy. A leader that
 * cannot reach etcd lets it run down to 0, and the key expires (failover).
 */
export const LeaderKeyChart = memo(function LeaderKeyChart({
  samples,
  t0,
  members,
  faults,
}: SampleChartProps & { members: string[] }) {
  const data = useMemo(() => leaseRows(samples, t0, members), [samples, t0, members]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <TimeSeriesChart
      testId="chart-leader-key"
      title="Leader key lease left (etcd), seconds"
      height={160}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, 'auto'], allowDecimals: false, width: 32 }}
      series={members}
      colorOffset={5}
      faults={faults}
      legend
    >
      <ReferenceLine y={0} stroke="#ef4444" strokeDasharray="4 3" />
    </TimeSeriesChart>
  );
});

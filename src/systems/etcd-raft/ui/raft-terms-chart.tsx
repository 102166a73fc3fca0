import { memo, useMemo } from 'react';
import { xDomain, type SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { TimeSeriesChart } from '../../../renderer/src/charts/time-series-chart';
import { termRows } from './raft-data';

/**
 * "Raft term per member": each election raises the term, and healthy
 * members step up together. A member cut off without pre-vote climbs alone,
 * one term per election timeout; a line with a gap did not answer.
 */
export const RaftTermsChart = memo(function RaftTermsChart({
  samples,
  t0,
  members,
  faults,
}: SampleChartProps & { members: string[] }) {
  const data = useMemo(() => termRows(samples, t0, members), [samples, t0, members]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <TimeSeriesChart
      testId="raft-terms-chart"
      title="Raft term per member"
      height={180}
      data={data}
      domain={domain}
      yAxis={{ domain: ['dataMin - 1', 'dataMax + 1'], allowDecimals: false, width: 36 }}
      series={members}
      lineType="stepAfter"
      faults={faults}
      legend
    />
  );
});

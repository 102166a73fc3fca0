import { memo, useMemo } from 'react';
import { Line } from 'recharts';
import type { FaultBand } from './fault-band-data';
import { writeRows, type WriteBucketLike } from './write-data';
import { TimeSeriesChart } from './time-series-chart';

/**
 * "Acknowledged writes per second per node": healthy = one node takes them
 * all; during a split two nodes acknowledge writes at once. The dashed red
 * line counts attempts that were not acknowledged (errors and timeouts).
 */
export const WritesChart = memo(function WritesChart({
  buckets,
  t0,
  nodes,
  domain,
  faults,
  title = 'Acknowledged writes per second per node',
  notAckedName = 'not acked',
}: {
  /** The chart's title in the system's words, e.g. "Requests answered per second per router". */
  title?: string;
  /** Legend name of the dashed line of attempts without an answer. */
  notAckedName?: string;
  buckets: WriteBucketLike[];
  t0: number;
  /** Nodes to draw, in lane order (the data nodes, then any other node that acknowledged). */
  nodes: string[];
  /** The shared time axis of the other charts. */
  domain: [number, number];
  faults?: FaultBand[];
}) {
  const data = useMemo(() => writeRows(buckets, t0, nodes), [buckets, t0, nodes]);
  return (
    <TimeSeriesChart
      testId="chart-writes"
      title={title}
      height={200}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, 'auto'], allowDecimals: false, width: 36 }}
      series={nodes}
      faults={faults}
      legend
    >
      <Line
        dataKey="notAcked"
        name={notAckedName}
        type="linear"
        stroke="#ef4444"
        strokeDasharray="4 3"
        strokeWidth={1}
        dot={false}
        isAnimationActive={false}
      />
    </TimeSeriesChart>
  );
});

import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { timeAxis, writeRows, type FaultBand, type WriteBucketLike } from './chart-data';
import { ChartFrame } from './chart-frame';
import { AXIS, GRID, SERIES_COLORS, TOOLTIP_STYLE } from './colors';
import { faultAreas } from './fault-areas';

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
}: {
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
    <ChartFrame testId="chart-writes" title="Acknowledged writes per second per node" height={200}>
      {(width, height) => (
        <LineChart
          width={width}
          height={height}
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis {...timeAxis(domain)} />
          <YAxis domain={[0, 'auto']} allowDecimals={false} width={36} {...AXIS} />
          {faultAreas(faults, domain)}
          {nodes.map((node, i) => (
            <Line
              key={node}
              dataKey={node}
              name={node}
              type="linear"
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
          ))}
          <Line
            dataKey="notAcked"
            name="not acked"
            type="linear"
            stroke="#ef4444"
            strokeDasharray="4 3"
            strokeWidth={1}
            dot={false}
            isAnimationActive={false}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(x) => `${x} s`}
          />
        </LineChart>
      )}
    </ChartFrame>
  );
});

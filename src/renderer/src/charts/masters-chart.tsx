import { memo, useMemo } from 'react';
import { Area, Line, ReferenceArea, ReferenceLine } from 'recharts';
import { mastersSeries, xDomain, type SampleChartProps } from './chart-data';
import { TimeSeriesChart } from './time-series-chart';

/**
 * "Nodes claiming master" over time: healthy = 1; everything above 1 is split
 * brain and drawn red. In a scenario the fault windows are shaded and the
 * moment the count first went above 1 is marked.
 */
export const MastersChart = memo(function MastersChart({
  samples,
  t0,
  faults,
  firstSplitX,
  title = 'Nodes claiming master',
  leader = 'master',
}: SampleChartProps & {
  /** Seconds since t0 when more than one node first claimed master. */
  firstSplitX?: number;
  /** The chart's title in the system's words, e.g. "Routers in MASTER". */
  title?: string;
  /** The word for the leader in the split marker (`master`, `MASTER`). */
  leader?: string;
}) {
  const data = useMemo(() => mastersSeries(samples, t0), [samples, t0]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  const top = Math.max(2, ...data.map((d) => d.claimed ?? 0));
  return (
    <TimeSeriesChart
      testId="chart-masters"
      title={title}
      height={180}
      data={data}
      domain={domain}
      yAxis={{ domain: [0, top], allowDecimals: false, width: 32 }}
      faults={faults}
      labelFaults
      background={
        <ReferenceArea y1={1} y2={top} fill="#ef4444" fillOpacity={0.07} ifOverflow="hidden" />
      }
    >
      <ReferenceLine
        y={1}
        stroke="#22c55e"
        strokeDasharray="4 3"
        label={{
          value: 'healthy = 1',
          fill: '#22c55e',
          fontSize: 10,
          position: 'insideTopLeft',
        }}
      />
      {firstSplitX !== undefined && (
        <ReferenceLine
          className="first-split"
          x={firstSplitX}
          stroke="#ef4444"
          strokeWidth={2}
          ifOverflow="hidden"
          label={{
            value: `>1 ${leader} @ ${firstSplitX.toFixed(1)} s`,
            fill: '#fca5a5',
            fontSize: 10,
            // Bottom: the fault window's label takes the top of the chart.
            position: 'insideBottomLeft',
          }}
        />
      )}
      <Area
        dataKey="base"
        stackId="m"
        type="stepAfter"
        stroke="none"
        fill="#22c55e"
        fillOpacity={0.18}
        isAnimationActive={false}
      />
      <Area
        dataKey="excess"
        stackId="m"
        type="stepAfter"
        stroke="none"
        fill="#ef4444"
        fillOpacity={0.75}
        isAnimationActive={false}
      />
      <Line
        dataKey="claimed"
        name={`${leader}s`}
        type="stepAfter"
        stroke="#e5e7eb"
        strokeWidth={2}
        dot={false}
        isAnimationActive={false}
      />
    </TimeSeriesChart>
  );
});

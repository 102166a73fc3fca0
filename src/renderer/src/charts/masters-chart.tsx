import { memo, useMemo } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ProbeSample } from '../../../shared/lab-types';
import { timeAxis, mastersSeries, xDomain } from './chart-data';
import { ChartFrame } from './chart-frame';
import { AXIS, GRID } from './colors';

/** "Nodes claiming master" over time: healthy = 1; everything above 1 is split brain and drawn red. */
export const MastersChart = memo(function MastersChart({
  samples,
  t0,
}: {
  samples: ProbeSample[];
  t0: number;
}) {
  const data = useMemo(() => mastersSeries(samples, t0), [samples, t0]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  const top = Math.max(2, ...data.map((d) => d.claimed));
  return (
    <ChartFrame testId="chart-masters" title="Nodes claiming master" height={180}>
      {(width, height) => (
        <ComposedChart
          width={width}
          height={height}
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis {...timeAxis(domain)} />
          <YAxis domain={[0, top]} allowDecimals={false} width={32} {...AXIS} />
          <ReferenceArea y1={1} y2={top} fill="#ef4444" fillOpacity={0.07} ifOverflow="hidden" />
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
            name="masters"
            type="stepAfter"
            stroke="#e5e7eb"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Tooltip
            isAnimationActive={false}
            contentStyle={{ background: '#11151c', border: '1px solid #2a303a' }}
            labelFormatter={(x) => `${x} s`}
          />
        </ComposedChart>
      )}
    </ChartFrame>
  );
});

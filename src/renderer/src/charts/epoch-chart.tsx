import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProbeSample } from '../../../shared/lab-types';
import { epochRows, timeAxis, xDomain, type FaultBand } from './chart-data';
import { ChartFrame } from './chart-frame';
import { AXIS, GRID, SERIES_COLORS, TOOLTIP_STYLE } from './colors';
import { faultAreas } from './fault-areas';

/** "Sentinel epoch" per sentinel: each step up is a failover; sentinels that disagree split the lines. */
export const EpochChart = memo(function EpochChart({
  samples,
  t0,
  sentinels,
  faults,
}: {
  samples: ProbeSample[];
  t0: number;
  sentinels: string[];
  faults?: FaultBand[];
}) {
  const data = useMemo(() => epochRows(samples, t0, sentinels), [samples, t0, sentinels]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <ChartFrame testId="chart-epoch" title="Sentinel epoch" height={160}>
      {(width, height) => (
        <LineChart
          width={width}
          height={height}
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis {...timeAxis(domain)} />
          <YAxis domain={[0, 'auto']} allowDecimals={false} width={32} {...AXIS} />
          {faultAreas(faults, domain)}
          {sentinels.map((name, i) => (
            <Line
              key={name}
              dataKey={name}
              name={name}
              type="stepAfter"
              stroke={SERIES_COLORS[(i + 4) % SERIES_COLORS.length]}
              strokeWidth={1.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
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

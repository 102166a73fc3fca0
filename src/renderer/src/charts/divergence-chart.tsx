import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProbeSample } from '../../../shared/lab-types';
import { divergenceRows, formatBytes, timeAxis, xDomain, type FaultBand } from './chart-data';
import { ChartFrame } from './chart-frame';
import { AXIS, GRID, TOOLTIP_STYLE } from './colors';
import { faultAreas } from './fault-areas';

/**
 * "Offset divergence": max - min of the replication offsets of the nodes that
 * claim master. Zero while there is one master; grows while two masters take
 * different writes (the bytes one of them will lose).
 */
export const DivergenceChart = memo(function DivergenceChart({
  samples,
  t0,
  faults,
}: {
  samples: ProbeSample[];
  t0: number;
  faults?: FaultBand[];
}) {
  const data = useMemo(() => divergenceRows(samples, t0), [samples, t0]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <ChartFrame testId="chart-divergence" title="Offset divergence across masters" height={160}>
      {(width, height) => (
        <AreaChart
          width={width}
          height={height}
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis {...timeAxis(domain)} />
          <YAxis domain={[0, 'auto']} tickFormatter={formatBytes} width={52} {...AXIS} />
          {faultAreas(faults, domain)}
          <Area
            dataKey="divergence"
            name="bytes apart"
            type="stepAfter"
            stroke="#ef4444"
            fill="#ef4444"
            fillOpacity={0.3}
            isAnimationActive={false}
          />
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(x) => `${x} s`}
          />
        </AreaChart>
      )}
    </ChartFrame>
  );
});

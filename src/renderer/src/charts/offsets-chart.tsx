import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProbeSample } from '../../../shared/lab-types';
import { formatBytes, offsetRows, timeAxis, xDomain, type FaultBand } from './chart-data';
import { ChartFrame } from './chart-frame';
import { faultAreas } from './fault-areas';
import { AXIS, GRID, SERIES_COLORS } from './colors';

/** "Replication offset per node": lines that move together when healthy and diverge in a split. */
export const OffsetsChart = memo(function OffsetsChart({
  samples,
  t0,
  nodes,
  faults,
}: {
  samples: ProbeSample[];
  t0: number;
  nodes: string[];
  /** Fault windows to shade (scenario runs). */
  faults?: FaultBand[];
}) {
  const data = useMemo(() => offsetRows(samples, t0, nodes), [samples, t0, nodes]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  return (
    <ChartFrame testId="chart-offsets" title="Replication offset per node" height={220}>
      {(width, height) => (
        <LineChart
          width={width}
          height={height}
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis {...timeAxis(domain)} />
          <YAxis domain={['auto', 'auto']} tickFormatter={formatBytes} width={52} {...AXIS} />
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
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={{ background: '#11151c', border: '1px solid #2a303a' }}
            labelFormatter={(x) => `${x} s`}
            formatter={(v) =>
              typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '—')
            }
          />
        </LineChart>
      )}
    </ChartFrame>
  );
});

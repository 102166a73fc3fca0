import type { ReactNode } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Tooltip,
  XAxis,
  YAxis,
  type LineProps,
  type TooltipProps,
  type YAxisProps,
} from 'recharts';
import { timeAxis } from './chart-data';
import type { FaultBand } from './fault-band-data';
import { ChartFrame } from './chart-frame';
import { AXIS, GRID, SERIES_COLORS, TOOLTIP_STYLE } from './colors';
import { faultAreas } from './fault-areas';

interface TimeSeriesChartProps<Row extends { x: number }> {
  testId: string;
  title: string;
  height: number;
  /** Rows on the time axis: `x` in seconds since t0, one key per series (null = a gap). */
  data: Row[];
  /** The time axis domain, shared with the other charts so they line up. */
  domain: [number, number];
  /** The value axis (it gets the common axis look). */
  yAxis: Pick<YAxisProps, 'domain' | 'width' | 'allowDecimals' | 'tickFormatter'>;
  /** Keys of `data` drawn as one line each, named after the key. */
  series?: readonly (keyof Row & string)[];
  lineType?: LineProps['type'];
  /** Index of the first series colour in SERIES_COLORS. */
  colorOffset?: number;
  faults?: FaultBand[];
  /** Name each fault window (the headline chart only). */
  labelFaults?: boolean;
  legend?: boolean;
  tooltipFormatter?: TooltipProps['formatter'];
  /** Drawn under the fault windows, e.g. a shaded zone. */
  background?: ReactNode;
  /**
   * Drawn after the series lines: reference lines, areas, other lines. Pass
   * recharts elements themselves (not components wrapping them).
   */
  children?: ReactNode;
}

/**
 * A titled line chart on the shared time axis (seconds since the run
 * started): grid, value axis, shaded fault windows, one line per series,
 * optional legend, and the tooltip every chart uses.
 */
export function TimeSeriesChart<Row extends { x: number }>({
  testId,
  title,
  height,
  data,
  domain,
  yAxis,
  series = [],
  lineType = 'linear',
  colorOffset = 0,
  faults,
  labelFaults = false,
  legend = false,
  tooltipFormatter,
  background,
  children,
}: TimeSeriesChartProps<Row>) {
  return (
    <ChartFrame testId={testId} title={title} height={height}>
      {(width, h) => (
        <ComposedChart
          width={width}
          height={h}
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis {...timeAxis(domain)} />
          <YAxis {...yAxis} {...AXIS} />
          {background}
          {faultAreas(faults, domain, labelFaults)}
          {series.map((key, i) => (
            <Line
              key={key}
              dataKey={key}
              name={key}
              type={lineType}
              stroke={SERIES_COLORS[(i + colorOffset) % SERIES_COLORS.length]}
              strokeWidth={1.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
          {children}
          {legend && <Legend wrapperStyle={{ fontSize: 11 }} />}
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(x) => `${x} s`}
            formatter={tooltipFormatter}
          />
        </ComposedChart>
      )}
    </ChartFrame>
  );
}

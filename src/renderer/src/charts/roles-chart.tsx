import { memo, useMemo } from 'react';
import { ComposedChart, Line, ReferenceArea, XAxis, YAxis } from 'recharts';
import {
  timeAxis,
  roleSegments,
  xDomain,
  type RoleLane,
  type SampleChartProps,
} from './chart-data';
import { ChartFrame } from './chart-frame';
import { faultAreas } from './fault-areas';
import { AXIS, ROLE_COLORS, ROLE_LABELS } from './colors';

/** How a lane chart colours and names the classes its lanes report. */
export interface LanePalette {
  colors: Record<string, string>;
  labels: Record<string, string>;
  /** The classes shown in the legend, in order. */
  legend: readonly string[];
  /** Classes drawn fainter (the unremarkable ones, e.g. replica). */
  dim?: readonly string[];
}

/** The role palette: master, replica, unknown. */
export const ROLE_PALETTE: LanePalette = {
  colors: ROLE_COLORS,
  labels: ROLE_LABELS,
  legend: ['master', 'replica', 'unknown'],
  dim: ['replica'],
};

/** The probe interval: a role seen in only one sample still gets a visible sliver. */
const MIN_SEGMENT_S = 0.25;
/** Colour of a class the palette does not know. */
const OTHER_COLOR = '#64748b';

/**
 * "Role per node": one swimlane per data node, coloured by the role it
 * claimed. With `lanes`, any reading per lane (e.g. a postgres node's own
 * role and its manager's view of it side by side); with `palette`, any classes
 * (e.g. VRRP states).
 */
export const RolesChart = memo(function RolesChart({
  samples,
  t0,
  nodes,
  faults,
  testId = 'chart-roles',
  title = 'Role per node',
  palette = ROLE_PALETTE,
}: SampleChartProps & {
  nodes: string[] | RoleLane[];
  testId?: string;
  title?: string;
  palette?: LanePalette;
}) {
  const segments = useMemo(() => roleSegments(samples, t0, nodes), [samples, t0, nodes]);
  const domain = useMemo(() => xDomain(samples, t0), [samples, t0]);
  const labels = useMemo(() => nodes.map((n) => (typeof n === 'string' ? n : n.label)), [nodes]);
  const lanes = Math.max(1, nodes.length);
  // Two invisible points spanning both axes: recharts only lays out axes that carry a series.
  const frame = useMemo(
    () => [
      { x: domain[0], lane: 0 },
      { x: domain[1], lane: lanes },
    ],
    [domain, lanes],
  );
  const ticks = nodes.map((_, i) => i + 0.5);
  const legend = (
    <ul className="legend" aria-label="lane colours">
      {palette.legend.map((c) => (
        <li key={c}>
          <span className="swatch" style={{ background: palette.colors[c] ?? OTHER_COLOR }} />
          {palette.labels[c] ?? c}
        </li>
      ))}
    </ul>
  );
  return (
    <ChartFrame testId={testId} title={title} height={Math.max(90, 28 * lanes + 40)} aside={legend}>
      {(width, height) => (
        <ComposedChart
          width={width}
          height={height}
          data={frame}
          margin={{ top: 6, right: 16, bottom: 4, left: 0 }}
        >
          <XAxis {...timeAxis(domain)} />
          <YAxis
            type="number"
            domain={[0, lanes]}
            ticks={ticks}
            reversed
            width={labels.some((l) => l.length > 9) ? 96 : 72}
            interval={0}
            tickFormatter={(v: number) => labels[Math.floor(v)] ?? ''}
            {...AXIS}
          />
          <Line
            dataKey="lane"
            stroke="none"
            dot={false}
            activeDot={false}
            legendType="none"
            isAnimationActive={false}
          />
          {faultAreas(faults, domain)}
          {segments.map((s) => (
            <ReferenceArea
              key={`${s.lane}-${s.x1}`}
              x1={s.x1}
              x2={Math.max(s.x2, s.x1 + MIN_SEGMENT_S)}
              y1={s.lane + 0.15}
              y2={s.lane + 0.85}
              className={`lane-segment lane-${s.lane} lane-class-${s.role}`}
              fill={palette.colors[s.role] ?? OTHER_COLOR}
              fillOpacity={palette.dim?.includes(s.role) ? 0.55 : 0.9}
              stroke="none"
              ifOverflow="hidden"
            />
          ))}
        </ComposedChart>
      )}
    </ChartFrame>
  );
});

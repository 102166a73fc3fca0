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

const LEGEND_ROLES = ['master', 'replica', 'unknown'] as const;
/** The probe interval: a role seen in only one sample still gets a visible sliver. */
const MIN_SEGMENT_S = 0.25;

/**
 * "Role per node": one swimlane per data node, coloured by the role it
 * claimed. With `lanes`, any reading per lane (e.g. postgres's role and
 * Patroni's side by side).
 */
export const RolesChart = memo(function RolesChart({
  samples,
  t0,
  nodes,
  faults,
  testId = 'chart-roles',
  title = 'Role per node',
}: SampleChartProps & {
  nodes: string[] | RoleLane[];
  testId?: string;
  title?: string;
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
    <ul className="legend" aria-label="role colours">
      {LEGEND_ROLES.map((role) => (
        <li key={role}>
          <span className="swatch" style={{ background: ROLE_COLORS[role] }} />
          {ROLE_LABELS[role]}
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
              fill={ROLE_COLORS[s.role]}
              fillOpacity={s.role === 'replica' ? 0.55 : 0.9}
              stroke="none"
              ifOverflow="hidden"
            />
          ))}
        </ComposedChart>
      )}
    </ChartFrame>
  );
});

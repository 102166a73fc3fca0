import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  ReferenceArea,
  ReferenceLine,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { FaultWindow, TimelineEntry } from '../../../shared/debrief-types';
import type { FaultSpec, ScenarioSystem } from '../../../shared/scenario-schema';
import { faultSummary } from '../../../shared/fault-registry';
import { formatSeconds } from './chart-data';
import { ChartFrame } from './chart-frame';
import { AXIS, GRID, TOOLTIP_STYLE } from './colors';
import { FAULT_FILL } from './fault-areas';
import { SYSTEM_TRAITS } from '../../../shared/system-traits';

/**
 * Swimlanes of the debrief timeline, top to bottom. `hollow` lanes draw
 * rings: readings that could not be taken are unknown, not tells.
 */
export const TIMELINE_LANES: {
  kind: TimelineEntry['kind'];
  label: string;
  color: string;
  hollow?: boolean;
}[] = [
  { kind: 'phase', label: 'phase', color: '#8b95a5' },
  { kind: 'fault', label: 'fault', color: FAULT_FILL },
  { kind: 'tell', label: 'tell', color: '#ef4444' },
  { kind: 'unknown', label: 'unread', color: '#8b95a5', hollow: true },
  // Each system's own event stream (SystemTraits.eventLane), in the registry's order.
  ...Object.values(SYSTEM_TRAITS).map((t) => ({
    kind: t.eventLane,
    label: t.eventLane,
    color: '#c084fc',
  })),
  { kind: 'action', label: 'action', color: '#38bdf8' },
  { kind: 'console', label: 'console', color: '#a3e635' },
  { kind: 'hint', label: 'hint', color: '#fbbf24' },
  { kind: 'note', label: 'note', color: '#f472b6' },
];

/**
 * The lanes shown only for their system (each system's own event stream,
 * SystemTraits.eventLane) or, `''`, only with entries.
 */
const SYSTEM_LANES: Partial<Record<string, string>> = {
  unknown: '',
  ...Object.fromEntries(Object.values(SYSTEM_TRAITS).map((t) => [t.eventLane, t.id])),
};

/** The lanes of a system's timeline: the common ones, its own, and any other that has entries. */
export function timelineLanes(system: string, timeline: TimelineEntry[]): typeof TIMELINE_LANES {
  return TIMELINE_LANES.filter((lane) => {
    const owner = SYSTEM_LANES[lane.kind];
    return owner === undefined || owner === system || timeline.some((e) => e.kind === lane.kind);
  });
}

interface Point {
  x: number;
  y: number;
  label: string;
  detail?: string;
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: unknown[] }) {
  const p = (payload?.[0] as { payload?: Point } | undefined)?.payload;
  if (!active || !p) return null;
  return (
    <div className="chart-tooltip" style={TOOLTIP_STYLE}>
      <div className="mono">+{p.x.toFixed(1)} s</div>
      <div>{p.label}</div>
      {p.detail && <div className="muted">{p.detail}</div>}
    </div>
  );
}

/**
 * The run on one time axis (seconds since the scenario started): fault windows
 * shaded, the trainee's actions marked as vertical lines, every other entry a
 * dot in its lane.
 */
export const DebriefTimelineChart = memo(function DebriefTimelineChart({
  timeline,
  faultWindows,
  durationMs,
  faults = [],
  system,
}: {
  timeline: TimelineEntry[];
  faultWindows: FaultWindow[];
  durationMs: number;
  /** The scenario's faults: each window is labelled with what its fault does. */
  faults?: FaultSpec[];
  /** The scenario's system: its own event lane (SystemTraits.eventLane) is shown. */
  system: ScenarioSystem;
}) {
  const shown = useMemo(() => timelineLanes(system, timeline), [system, timeline]);
  const summaries = useMemo(() => new Map(faults.map((f) => [f.id, faultSummary(f)])), [faults]);
  const lanes = useMemo(
    () =>
      shown.map((lane, i) => ({
        ...lane,
        points: timeline
          .filter((e) => e.kind === lane.kind)
          .map<Point>((e) => ({
            x: Math.round(e.at / 100) / 10,
            y: i,
            label: e.node ? `${e.label} (${e.node})` : e.label,
            ...(e.detail ? { detail: e.detail } : {}),
          })),
      })),
    [timeline, shown],
  );
  const end = Math.max(
    10,
    Math.ceil(durationMs / 1000),
    ...timeline.map((e) => Math.ceil(e.at / 1000)),
    ...faultWindows.map((f) => Math.ceil((f.to ?? f.from) / 1000)),
  );
  const domain: [number, number] = [0, end];
  const actions = timeline.filter((e) => e.kind === 'action');
  return (
    <ChartFrame
      testId="debrief-timeline"
      title="Timeline"
      height={40 + shown.length * 26}
      attrs={{ 'data-lanes': shown.map((l) => l.label).join(',') }}
    >
      {(width, height) => (
        <ComposedChart
          width={width}
          height={height}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={domain}
            allowDecimals={false}
            tickFormatter={formatSeconds}
            allowDataOverflow
            {...AXIS}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={[-0.5, shown.length - 0.5]}
            ticks={shown.map((_, i) => i)}
            interval={0}
            reversed
            width={shown.some((l) => l.label.length > 8) ? 78 : 64}
            tickFormatter={(v: number) => shown[v]?.label ?? ''}
            {...AXIS}
          />
          {faultWindows.map((f, i) => (
            <ReferenceArea
              key={`fault-${f.faultId}-${i}`}
              className="fault-window"
              x1={f.from / 1000}
              x2={Math.max((f.to ?? durationMs) / 1000, f.from / 1000 + 0.1)}
              fill={FAULT_FILL}
              fillOpacity={0.14}
              stroke={FAULT_FILL}
              strokeOpacity={0.4}
              strokeDasharray="3 3"
              ifOverflow="hidden"
              label={{
                value: summaries.has(f.faultId)
                  ? `${f.faultId}: ${summaries.get(f.faultId)}`
                  : f.faultId,
                fill: FAULT_FILL,
                fontSize: 10,
                position: 'insideTopRight',
              }}
            />
          ))}
          {actions.map((a, i) => (
            <ReferenceLine
              key={`action-${i}`}
              className="action-marker"
              x={a.at / 1000}
              stroke="#38bdf8"
              strokeOpacity={0.6}
              ifOverflow="hidden"
            />
          ))}
          {lanes.map((lane) => (
            <Scatter
              key={lane.kind}
              name={lane.label}
              data={lane.points}
              fill={lane.hollow ? 'none' : lane.color}
              {...(lane.hollow ? { stroke: lane.color, strokeWidth: 1.5 } : {})}
              isAnimationActive={false}
            />
          ))}
          <Tooltip isAnimationActive={false} content={<PointTooltip />} cursor={false} />
        </ComposedChart>
      )}
    </ChartFrame>
  );
});

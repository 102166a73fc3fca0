import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ProbeSample } from '../../../shared/lab-types';
import type { WriteRecord } from '../../../shared/scenario-types';
import { timeAxis } from '../../../renderer/src/charts/chart-data';
import { ChartFrame } from '../../../renderer/src/charts/chart-frame';
import { AXIS, GRID, SERIES_COLORS, TOOLTIP_STYLE } from '../../../renderer/src/charts/colors';
import { faultAreas } from '../../../renderer/src/charts/fault-areas';
import type { FaultBand } from '../../../renderer/src/charts/fault-band-data';
import {
  fencingTokenRows,
  staleMarks,
  tokenWritePoints,
  type TimedLockEvent,
  type TokenWritePoint,
} from './fencing-token-data';

/** storage's highest accepted token: the line the workers' tokens are held against. */
const HIGHEST_COLOR = '#f5a524';
/** A stale write that got in, and a write the fencing check refused. */
const STALE_COLOR = '#ef4444';
const FAILED_COLOR = '#8b95a5';

/**
 * "Fencing tokens": storage's highest accepted token (a thick step line) and,
 * per worker, the token it believes it holds while it does (from its own
 * words). A worker whose line stays below storage's after another worker
 * took the lock is a zombie: its writes carry a stale token. A red rule marks
 * where storage's count of stale writes accepted rose. Given the run's write
 * records (`writes`), every write is drawn at the height of its token:
 * accepted (a dot in the worker's colour, red when stale), refused by the
 * fencing check (a red cross), failed otherwise (grey).
 */
export const FencingTokensChart = memo(function FencingTokensChart({
  samples,
  events,
  t0,
  domain,
  workers,
  faults,
  writes,
}: {
  samples: ProbeSample[];
  /** The workers' lock events. */
  events: readonly TimedLockEvent[];
  t0: number;
  domain: [number, number];
  /** The workers, in legend order (see fencingWorkers). */
  workers: readonly string[];
  faults?: FaultBand[];
  /** The run's write records, when the caller has them: each write is drawn. */
  writes?: readonly WriteRecord[];
}) {
  const data = useMemo(
    () => fencingTokenRows(samples, events, t0, workers),
    [samples, events, t0, workers],
  );
  const marks = useMemo(() => staleMarks(samples, t0), [samples, t0]);
  const points = useMemo(() => (writes ? tokenWritePoints(writes, t0) : []), [writes, t0]);
  const colorOf = (w: string) => SERIES_COLORS[workers.indexOf(w) % SERIES_COLORS.length]!;
  const count = (p: (x: TokenWritePoint) => boolean) => String(points.filter(p).length);
  return (
    <ChartFrame
      testId="fencing-tokens"
      title="Fencing tokens: storage's highest accepted, each worker's held"
      height={200}
      attrs={{
        'data-workers': workers.join(','),
        'data-stale-marks': String(marks.reduce((n, m) => n + m.added, 0)),
        'data-writes': String(points.length),
        'data-refused': count((p) => p.verdict === 'refused'),
        'data-stale-writes': count((p) => p.stale),
      }}
    >
      {(width, height) => (
        <ComposedChart
          width={width}
          height={height}
          data={data}
          margin={{ top: 14, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis {...timeAxis(domain)} />
          <YAxis
            domain={['dataMin - 1', 'dataMax + 1']}
            allowDecimals={false}
            width={44}
            {...AXIS}
          />
          {faultAreas(faults, domain, false)}
          <Line
            dataKey="highest"
            name="storage: highest accepted"
            type="stepAfter"
            stroke={HIGHEST_COLOR}
            strokeWidth={3}
            strokeOpacity={0.6}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
          {workers.map((w) => (
            <Line
              key={w}
              dataKey={w}
              name={`${w}: token held`}
              type="stepAfter"
              stroke={colorOf(w)}
              strokeWidth={1.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
          {marks.map((m, i) => (
            <ReferenceLine
              key={`stale-${i}`}
              className="stale-accepted-mark"
              x={m.x}
              stroke={STALE_COLOR}
              strokeDasharray="4 2"
              ifOverflow="hidden"
              label={{
                value: `+${m.added} stale`,
                fill: STALE_COLOR,
                fontSize: 10,
                position: 'top',
              }}
            />
          ))}
          {writeScatters(points, workers, colorOf)}
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(x) => `${x} s`}
          />
        </ComposedChart>
      )}
    </ChartFrame>
  );
});

/** One group of write marks. */
interface WriteGroup {
  key: string;
  name: string;
  data: TokenWritePoint[];
  color: string;
  shape: 'circle' | 'cross';
}

/** The writes as marks: accepted per worker, stale ones, refused ones, failed ones (only the groups that have any). */
function writeScatters(
  points: readonly TokenWritePoint[],
  workers: readonly string[],
  colorOf: (w: string) => string,
) {
  if (points.length === 0) return null;
  const groups: WriteGroup[] = [
    ...workers.map((w): WriteGroup => ({
      key: `accepted-${w}`,
      name: `${w}: accepted`,
      data: points.filter((p) => p.worker === w && p.verdict === 'accepted' && !p.stale),
      color: colorOf(w),
      shape: 'circle',
    })),
    {
      key: 'stale',
      name: 'stale token, accepted',
      data: points.filter((p) => p.stale),
      color: STALE_COLOR,
      shape: 'circle',
    },
    {
      key: 'refused',
      name: 'refused by the fencing check',
      data: points.filter((p) => p.verdict === 'refused'),
      color: STALE_COLOR,
      shape: 'cross',
    },
    {
      key: 'failed',
      name: 'failed (error, no answer)',
      data: points.filter((p) => p.verdict === 'failed'),
      color: FAILED_COLOR,
      shape: 'cross',
    },
  ];
  return groups
    .filter((g) => g.data.length > 0)
    .map((g) => (
      <Scatter
        key={g.key}
        name={g.name}
        data={g.data}
        dataKey="token"
        fill={g.color}
        shape={g.shape}
        isAnimationActive={false}
      />
    ));
}

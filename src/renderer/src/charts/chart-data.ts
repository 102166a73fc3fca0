import type { NodeKind, NodeObservation, NodeRole, ProbeSample } from '../../../shared/lab-types';
import { isDataNodeKind, unreadableDataNodes } from '../../../shared/lab-types';
import { AXIS } from './colors';
import type { FaultBand } from './fault-band-data';

/** Seconds since the run started, to 0.01 s. */
export function secondsSince(t: number, t0: number): number {
  return Math.round((t - t0) / 10) / 100;
}

/** Redis and PostgreSQL nodes (not sentinels, not etcd members). */
export function isDataNode(n: NodeObservation): boolean {
  return isDataNodeKind(n.kind);
}

export interface MastersPoint {
  x: number;
  /** Masters claimed; null when data nodes could not be read and the count is not known (a gap). */
  claimed: number | null;
  /** min(claimed, 1): the healthy part (null in a gap). */
  base: number | null;
  /** max(claimed - 1, 0): masters beyond one (split brain), drawn red (null in a gap). */
  excess: number | null;
}

/**
 * The masters count a sample shows: null (unknown) when a data node could
 * not be read and fewer than two masters were read, since the silent node
 * may claim master too; two or more read is a split whatever the rest says.
 */
export function mastersShown(s: ProbeSample): number | null {
  return s.mastersClaimed < 2 && unreadableDataNodes(s).length > 0 ? null : s.mastersClaimed;
}

/**
 * The masters count as a step series: only the samples where the count
 * changes, plus the newest one (a step chart needs nothing else, and the
 * chart stays cheap with hundreds of samples). A sample whose count is not
 * known (see mastersShown) is a gap, never 0.
 */
export function mastersSeries(samples: ProbeSample[], t0: number): MastersPoint[] {
  const points: MastersPoint[] = [];
  samples.forEach((s, i) => {
    const prev = points[points.length - 1];
    const claimed = mastersShown(s);
    if (prev && prev.claimed === claimed && i !== samples.length - 1) return;
    points.push({
      x: secondsSince(s.t, t0),
      claimed,
      base: claimed === null ? null : Math.min(claimed, 1),
      excess: claimed === null ? null : Math.max(claimed - 1, 0),
    });
  });
  return points;
}

/** The names of `seen` (in first-seen order), led by those in `preferredOrder`. */
export function ledBy(seen: Set<string>, preferredOrder: string[]): string[] {
  const ordered = preferredOrder.filter((n) => seen.has(n));
  for (const n of seen) if (!ordered.includes(n)) ordered.push(n);
  return ordered;
}

/** Data node names in first-seen order across the samples (optionally led by a preferred order). */
export function dataNodeNames(samples: ProbeSample[], preferredOrder: string[] = []): string[] {
  const seen = new Set<string>();
  for (const s of samples) for (const n of s.nodes) if (isDataNode(n)) seen.add(n.node);
  return ledBy(seen, preferredOrder);
}

/**
 * One coloured stretch of a node's swimlane: the role it claimed from x1 to
 * x2 (or, with custom lanes, any class of reading, e.g. a VRRP state).
 */
export interface RoleSegment {
  lane: number;
  node: string;
  role: NodeRole | 'absent' | (string & {});
  x1: number;
  x2: number;
}

/**
 * One swimlane: a node and which of its readings it shows (a postgres node's
 * own role, its role as its manager reports it, a router's VRRP state...). `roleOf` names the class of
 * the reading; the lane chart's palette colours it.
 */
export interface RoleLane {
  node: string;
  label: string;
  roleOf: (obs: NodeObservation) => NodeRole | 'absent' | (string & {});
}

/**
 * Run-length encodes each data node's role over the samples. A segment lasts
 * until the next sample that differs (the last one until the newest sample).
 */
export function roleSegments(
  samples: ProbeSample[],
  t0: number,
  nodes: string[] | RoleLane[],
): RoleSegment[] {
  const segments: RoleSegment[] = [];
  if (samples.length === 0) return segments;
  const lastX = secondsSince(samples[samples.length - 1]!.t, t0);
  const lanes: RoleLane[] = nodes.map((n) =>
    typeof n === 'string' ? { node: n, label: n, roleOf: (o) => o.role } : n,
  );
  lanes.forEach(({ node, roleOf }, lane) => {
    let open: RoleSegment | null = null;
    for (const s of samples) {
      const x = secondsSince(s.t, t0);
      const obs = s.nodes.find((n) => n.node === node);
      const role: RoleSegment['role'] = obs ? roleOf(obs) : 'absent';
      if (open && open.role === role) continue;
      if (open) {
        open.x2 = x;
        segments.push(open);
      }
      open = { lane, node, role, x1: x, x2: x };
    }
    if (open) {
      open.x2 = lastX;
      segments.push(open);
    }
  });
  return segments;
}

export type OffsetRow = { x: number } & Record<string, number | null>;

/** Consecutive samples in at most `maxPoints` buckets of equal size (the last may be shorter). */
export function thinned(samples: ProbeSample[], maxPoints: number): ProbeSample[][] {
  const stride = Math.max(1, Math.ceil(samples.length / maxPoints));
  const buckets: ProbeSample[][] = [];
  for (let start = 0; start < samples.length; start += stride)
    buckets.push(samples.slice(start, start + stride));
  return buckets;
}

/**
 * One row per bucket of the thinned samples: the time of its last sample, and
 * per name the value `valueOf` reads from the bucket.
 */
export function bucketRows(
  samples: ProbeSample[],
  t0: number,
  names: string[],
  maxPoints: number,
  valueOf: (bucket: ProbeSample[], last: ProbeSample, name: string) => number | null,
): OffsetRow[] {
  return thinned(samples, maxPoints).map((bucket) => {
    const last = bucket[bucket.length - 1]!;
    const row: OffsetRow = { x: secondsSince(last.t, t0) };
    for (const name of names) row[name] = valueOf(bucket, last, name);
    return row;
  });
}

/**
 * The reading of `name` in a bucket that ranks highest by `rank` (the slowest probe, the clock
 * farthest off), so one extreme sample never disappears when samples are bucketed; null when
 * no sample of the bucket has a reading.
 */
export function extremeIn(
  bucket: readonly ProbeSample[],
  name: string,
  read: (s: ProbeSample, name: string) => number | null | undefined,
  rank: (v: number) => number,
): number | null {
  let best: number | null = null;
  for (const s of bucket) {
    const v = read(s, name);
    if (v !== null && v !== undefined && (best === null || rank(v) > rank(best))) best = v;
  }
  return best;
}

/** The replication position a chart reads: Redis's offset, or PostgreSQL's WAL position (LSN). */
export type PositionField = 'replOffset' | 'lsn';

function offsetOf(s: ProbeSample, node: string, field: PositionField): number | null {
  const obs = s.nodes.find((n) => n.node === node);
  const value = obs?.[field];
  return obs && obs.role !== 'unknown' && value !== undefined ? value : null;
}

/**
 * Each data node's replication offset over time (null when unknown: a gap in
 * the line). At most `maxPoints` rows: consecutive samples are bucketed, a
 * bucket keeps its last values, and a node unknown anywhere in a bucket stays
 * null there so short gaps (the tell of a paused node) never disappear.
 */
export function offsetRows(
  samples: ProbeSample[],
  t0: number,
  nodes: string[],
  maxPoints = 240,
  field: PositionField = 'replOffset',
): OffsetRow[] {
  return bucketRows(samples, t0, nodes, maxPoints, (bucket, last, node) =>
    bucket.some((s) => offsetOf(s, node, field) === null) ? null : offsetOf(last, node, field),
  );
}

export function formatBytes(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)}G`;
  if (abs >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)}M`;
  if (abs >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)}k`;
  return String(n);
}

/** Domain of the x axis: the window's first to last whole second (at least 10 s wide). */
export function xDomain(samples: ProbeSample[], t0: number): [number, number] {
  if (samples.length === 0) return [0, 10];
  const first = Math.floor(secondsSince(samples[0]!.t, t0));
  const last = Math.ceil(secondsSince(samples[samples.length - 1]!.t, t0));
  return [first, Math.max(last, first + 10)];
}

/** Tick label of the time axis. */
export const formatSeconds = (v: number): string => `${Math.round(v)}s`;

/**
 * Props of the shared time axis (seconds since the run started), spread into
 * each chart's `<XAxis>` so the three charts line up.
 */
export const timeAxis = (domain: [number, number]) =>
  ({
    dataKey: 'x',
    type: 'number',
    domain,
    allowDecimals: false,
    tickFormatter: formatSeconds,
    allowDataOverflow: true,
    ...AXIS,
  }) as const;

/** The props every chart of probe samples takes. */
export interface SampleChartProps {
  samples: ProbeSample[];
  t0: number;
  /** Fault windows to shade (scenario runs). */
  faults?: FaultBand[];
}

/** Names of the nodes of one kind in first-seen order (optionally led by a preferred order). */
export function nodeNamesOfKind(
  samples: ProbeSample[],
  kind: NodeKind,
  preferredOrder: string[] = [],
): string[] {
  const seen = new Set<string>();
  for (const s of samples) for (const n of s.nodes) if (n.kind === kind) seen.add(n.node);
  return ledBy(seen, preferredOrder);
}

/**
 * Offset divergence of a sample: max - min of `master_repl_offset` (or of the
 * LSN) across the nodes claiming master (0 with fewer than two readable masters).
 */
export function masterDivergence(s: ProbeSample, field: PositionField = 'replOffset'): number {
  const offsets = s.nodes
    .filter((n) => isDataNode(n) && n.role === 'master' && n[field] !== undefined)
    .map((n) => n[field]!);
  if (offsets.length < 2) return 0;
  return Math.max(...offsets) - Math.min(...offsets);
}

export interface DivergenceRow {
  x: number;
  divergence: number;
}

/** Divergence over time, at most `maxPoints` rows (a bucket keeps its largest value). */
export function divergenceRows(
  samples: ProbeSample[],
  t0: number,
  maxPoints = 240,
  field: PositionField = 'replOffset',
): DivergenceRow[] {
  return thinned(samples, maxPoints).map((bucket) => ({
    x: secondsSince(bucket[bucket.length - 1]!.t, t0),
    divergence: Math.max(...bucket.map((s) => masterDivergence(s, field))),
  }));
}

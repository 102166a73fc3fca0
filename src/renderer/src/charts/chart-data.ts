import type { NodeObservation, NodeRole, ProbeSample } from '../../../shared/lab-types';
import { AXIS } from './colors';

/** Seconds since the run started, to 0.01 s. */
export function secondsSince(t: number, t0: number): number {
  return Math.round((t - t0) / 10) / 100;
}

export function isDataNode(n: NodeObservation): boolean {
  return n.kind !== 'sentinel';
}

export interface MastersPoint {
  x: number;
  claimed: number;
  /** min(claimed, 1): the healthy part. */
  base: number;
  /** max(claimed - 1, 0): masters beyond one (split brain), drawn red. */
  excess: number;
}

/**
 * The masters count as a step series: only the samples where the count
 * changes, plus the newest one (a step chart needs nothing else, and the
 * chart stays cheap with hundreds of samples).
 */
export function mastersSeries(samples: ProbeSample[], t0: number): MastersPoint[] {
  const points: MastersPoint[] = [];
  samples.forEach((s, i) => {
    const prev = points[points.length - 1];
    if (prev && prev.claimed === s.mastersClaimed && i !== samples.length - 1) return;
    points.push({
      x: secondsSince(s.t, t0),
      claimed: s.mastersClaimed,
      base: Math.min(s.mastersClaimed, 1),
      excess: Math.max(s.mastersClaimed - 1, 0),
    });
  });
  return points;
}

/** Data node names in first-seen order across the samples (optionally led by a preferred order). */
export function dataNodeNames(samples: ProbeSample[], preferredOrder: string[] = []): string[] {
  const seen = new Set<string>();
  for (const s of samples) for (const n of s.nodes) if (isDataNode(n)) seen.add(n.node);
  const ordered = preferredOrder.filter((n) => seen.has(n));
  for (const n of seen) if (!ordered.includes(n)) ordered.push(n);
  return ordered;
}

/** One coloured stretch of a node's swimlane: the role it claimed from x1 to x2. */
export interface RoleSegment {
  lane: number;
  node: string;
  role: NodeRole | 'absent';
  x1: number;
  x2: number;
}

/**
 * Run-length encodes each data node's role over the samples. A segment lasts
 * until the next sample that differs (the last one until the newest sample).
 */
export function roleSegments(samples: ProbeSample[], t0: number, nodes: string[]): RoleSegment[] {
  const segments: RoleSegment[] = [];
  if (samples.length === 0) return segments;
  const lastX = secondsSince(samples[samples.length - 1]!.t, t0);
  nodes.forEach((node, lane) => {
    let open: RoleSegment | null = null;
    for (const s of samples) {
      const x = secondsSince(s.t, t0);
      const role: RoleSegment['role'] = s.nodes.find((n) => n.node === node)?.role ?? 'absent';
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

function offsetOf(s: ProbeSample, node: string): number | null {
  const obs = s.nodes.find((n) => n.node === node);
  return obs && obs.role !== 'unknown' && obs.replOffset !== undefined ? obs.replOffset : null;
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
): OffsetRow[] {
  const stride = Math.max(1, Math.ceil(samples.length / maxPoints));
  const rows: OffsetRow[] = [];
  for (let start = 0; start < samples.length; start += stride) {
    const bucket = samples.slice(start, start + stride);
    const last = bucket[bucket.length - 1]!;
    const row: OffsetRow = { x: secondsSince(last.t, t0) };
    for (const node of nodes) {
      row[node] = bucket.some((s) => offsetOf(s, node) === null) ? null : offsetOf(last, node);
    }
    rows.push(row);
  }
  return rows;
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

import { secondsSince } from './chart-data';

/**
 * Fault windows on the charts' time axis: a scenario's faults (from their
 * injection to their healing, wall-clock ms) as bands in seconds since the
 * run started, and the part of each band a chart's domain shows.
 */

/** A fault's window on the time axis (seconds since the run started); `x2` absent = still active. */
export interface FaultBand {
  /** The fault's id in the scenario, e.g. `cut-master`. */
  id: string;
  /** The fault's kind, e.g. `partition`. */
  kind: string;
  /** What the fault does, e.g. `redis-1 paused`. */
  summary?: string;
  /** Injected, seconds since the run started. */
  x1: number;
  /** Healed, seconds since the run started; absent while the fault is in place. */
  x2?: number;
}

/** Fault windows (`from`/`to`: ms since epoch) as bands on the charts' time axis (`t0`: the run's start, ms since epoch). */
export function faultBands(
  faults: readonly { faultId: string; kind: string; summary?: string; from: number; to?: number }[],
  t0: number,
): FaultBand[] {
  return faults.map((f) => {
    const band: FaultBand = { id: f.faultId, kind: f.kind, x1: secondsSince(f.from, t0) };
    if (f.summary !== undefined) band.summary = f.summary;
    if (f.to !== undefined) band.x2 = secondsSince(f.to, t0);
    return band;
  });
}

/** A band as drawn: clipped to the domain; `open` = still active. */
export interface VisibleBand {
  id: string;
  kind: string;
  summary?: string;
  /** Left edge, seconds since the run started (at least the domain's start). */
  x1: number;
  /** Right edge, seconds since the run started (at most the domain's end, at least 0.1 s past `x1`). */
  x2: number;
  /** The fault is still in place (the band runs to the domain's end). */
  open: boolean;
}

/**
 * Bands clipped to the visible domain (an open band runs to its right edge);
 * bands entirely outside are dropped.
 */
export function visibleBands(bands: FaultBand[], domain: [number, number]): VisibleBand[] {
  const out: VisibleBand[] = [];
  for (const b of bands) {
    const end = b.x2 ?? domain[1];
    if (end < domain[0] || b.x1 > domain[1]) continue;
    out.push({
      id: b.id,
      kind: b.kind,
      ...(b.summary !== undefined ? { summary: b.summary } : {}),
      x1: Math.max(b.x1, domain[0]),
      x2: Math.max(Math.min(end, domain[1]), Math.max(b.x1, domain[0]) + 0.1),
      open: b.x2 === undefined,
    });
  }
  return out;
}

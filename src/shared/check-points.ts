import type { CheckResult } from './scenario-types';
import { findSystemTraits } from './system-traits';

/**
 * How a graded check's points and bands read, in the same words in the app's
 * debrief and in its Markdown and HTML exports. Pure: everything comes from
 * the CheckResult (its weight, credit and figures), so a stored debrief reads
 * the same later.
 */

/** Where a time-based check fell: full credit, half credit, or too late (no credit). */
export type TimeBandName = 'full' | 'partial' | 'late';

/** Where a count-based check (writes lost, requests failed) fell: full, half or no credit. */
export type CountBandName = 'good' | 'fair' | 'poor';

/** A time-based check's reading (`stale-leader-stopped-writes`, `dual-master-ended`). */
export interface TimeBandReading {
  kind: 'time';
  band: TimeBandName;
  /** Seconds from the first tell to what the check measures (last acknowledged write, end of the split). */
  seconds: number;
  /** Full credit up to this many seconds after the tell (inclusive). */
  fullWithinSeconds: number;
  /** Half credit up to this many seconds after the tell; equal to `fullWithinSeconds` when there is no half band. */
  partialWithinSeconds: number;
  /** `dual-master-ended` only: false when the split was still on when the scenario ended. */
  ended?: boolean;
  /**
   * The trainee's move the time was measured to (from the tell on screen to
   * the move issued), e.g. `isolate-clients redis-1`; absent when the time is
   * the system's (the last write, the end of the split).
   */
  move?: string;
  /** Seconds the engine took to carry the move out: the machine's time, not counted. */
  engineSeconds?: number;
}

/** A count-based check's reading (`acked-writes-lost`, `requests-failed`). */
export interface CountBandReading {
  kind: 'count';
  band: CountBandName;
  /** Acknowledged writes lost, or requests that failed or timed out. */
  count: number;
  /** Full credit up to this count (inclusive). */
  good: number;
  /** Half credit up to this count (inclusive); more fails. */
  fair: number;
  /** What is counted, plural: `acknowledged writes lost`, `requests failed or timed out`. */
  unit: string;
}

export type BandReading = TimeBandReading | CountBandReading;

const TIME_BANDS: readonly string[] = ['full', 'partial', 'late'];
const COUNT_BANDS: readonly string[] = ['good', 'fair', 'poor'];
const COUNT_UNITS: Partial<Record<string, { figure: string; unit: string }>> = {
  'acked-writes-lost': { figure: 'lost', unit: 'acknowledged writes lost' },
  'requests-failed': { figure: 'failed', unit: 'requests failed or timed out' },
};

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The band a check fell in, from its figures, or undefined for a check
 * without bands (or one graded before bands existed, or unknown).
 */
export function checkBand(c: CheckResult): BandReading | undefined {
  const f = c.figures;
  if (!f || typeof f.band !== 'string') return undefined;
  if (TIME_BANDS.includes(f.band)) {
    const seconds = num(f.seconds);
    const full = num(f.fullWithinSeconds);
    const partial = num(f.partialWithinSeconds);
    if (seconds === undefined || full === undefined || partial === undefined) return undefined;
    return {
      kind: 'time',
      band: f.band as TimeBandName,
      seconds,
      fullWithinSeconds: full,
      partialWithinSeconds: partial,
      ...(typeof f.ended === 'boolean' ? { ended: f.ended } : {}),
      ...(typeof f.move === 'string' ? { move: f.move } : {}),
      ...(num(f.engineSeconds) !== undefined ? { engineSeconds: num(f.engineSeconds) } : {}),
    };
  }
  const counted = COUNT_UNITS[c.check];
  if (counted && COUNT_BANDS.includes(f.band)) {
    // The trainee's share when the machine's delay is counted apart (acked-writes-lost).
    const count = num(f.judged) ?? num(f[counted.figure]);
    const good = num(f.good);
    const fair = num(f.fair);
    if (count === undefined || good === undefined || fair === undefined) return undefined;
    const unit =
      num(f.judged) !== undefined && num(f.machineLost) !== undefined
        ? `${counted.unit} by the trainee's time (${num(f.machineLost)} more while the fence was landing)`
        : counted.unit;
    return { kind: 'count', band: f.band as CountBandName, count, good, fair, unit };
  }
  return undefined;
}

/** Points as a trainee reads them: whole numbers bare, others to one decimal (`12.5`). */
export function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Seconds as the bands speak them: `26 s`, `6.2 s`. */
export function formatSeconds(s: number): string {
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The points a check earned: weight × credit. */
export function pointsEarned(c: CheckResult): number {
  return c.weight * c.credit;
}

/** `full credit`, `half credit`, `no credit`, or `40% credit`. */
export function creditText(credit: number): string {
  if (credit >= 1) return 'full credit';
  if (credit <= 0) return 'no credit';
  if (credit === 0.5) return 'half credit';
  return `${Math.round(credit * 100)}% credit`;
}

/** A band's short name: `full credit`, `half credit`, `too late`; `good band`, `fair band`, `poor band`. */
export function bandName(r: BandReading): string {
  if (r.kind === 'count') return `${r.band} band`;
  return r.band === 'full' ? 'full credit' : r.band === 'partial' ? 'half credit' : 'too late';
}

/**
 * What the check measured, as a phrase: `writes stopped 26 s after the
 * tell`, `the split ended 12 s after the tell`, `412 acknowledged writes
 * lost`. `system` picks the words (its ledger: answers or writes).
 */
export function bandMeasureText(
  check: CheckResult['check'],
  r: BandReading,
  system: string,
): string {
  if (r.kind === 'count') return `${r.count} ${r.unit}`;
  const s = formatSeconds(r.seconds);
  const engine =
    r.engineSeconds !== undefined && r.engineSeconds >= 1
      ? `; the engine took ${formatSeconds(r.engineSeconds)} more, not counted`
      : '';
  if (r.move && check !== 'dual-master-ended')
    return `${r.move} issued ${s} after the tell showed${engine}`;
  if (check === 'dual-master-ended')
    return r.ended === false
      ? `the split was still on ${s} after the tell`
      : `the split ended ${s} after the tell${
          r.engineSeconds !== undefined && r.engineSeconds >= 1
            ? `, not counting the engine's ${formatSeconds(r.engineSeconds)}`
            : ''
        }`;
  const what = ledgerOf(system);
  if (r.seconds === 0 && r.band === 'full') return `no ${what.slice(0, -1)} after the tell`;
  // Late within the limit: it was still acknowledging when the scenario ended.
  if (r.band === 'late' && r.seconds <= r.partialWithinSeconds)
    return `${what} had not stopped when the scenario ended (${s} after the tell)`;
  return `${what} stopped ${s} after the tell`;
}

/**
 * The band limits: `full within 20 s, half within 120 s` (or `full within
 * 15 s, no half credit`); `good up to 600, fair up to 2500`.
 */
export function bandLimitsText(r: BandReading): string {
  if (r.kind === 'count') return `good up to ${r.good}, fair up to ${r.fair}`;
  const full = `full within ${formatSeconds(r.fullWithinSeconds)}`;
  return r.partialWithinSeconds > r.fullWithinSeconds
    ? `${full}, half within ${formatSeconds(r.partialWithinSeconds)}`
    : `${full}, no half credit`;
}

/**
 * A check's points the way the app shows them: `12.5 / 25 (half credit:
 * writes stopped 26 s after the tell; full within 20 s, half within
 * 120 s)`; `25 / 25`; `5 / 10 (half credit)` for a check without bands;
 * `0 / 30 (not known)` when the verdict is unknown.
 */
export function checkPointsText(c: CheckResult, system: string): string {
  const points = `${formatPoints(pointsEarned(c))} / ${formatPoints(c.weight)}`;
  if (c.verdict === 'unknown') return `${points} (not known)`;
  const band = checkBand(c);
  if (band)
    return `${points} (${creditText(c.credit)}: ${bandMeasureText(c.check, band, system)}; ${bandLimitsText(band)})`;
  return c.credit > 0 && c.credit < 1 ? `${points} (${creditText(c.credit)})` : points;
}

/** What a system's ledger counts (`writes` for an unknown system, e.g. a newer build's debrief). */
function ledgerOf(system: string): 'writes' | 'answers' {
  return findSystemTraits(system)?.ledger ?? 'writes';
}

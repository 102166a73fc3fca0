import { defaultTimeBands } from '../../shared/scenario-pace';
import type { GradingContext } from './grading-context';

/** Where a time fell: full credit, partial (half) credit, or too late. */
export type TimeBand = 'full' | 'partial' | 'late';

/** Credit of each band. */
export const TIME_BAND_CREDIT: Readonly<Record<TimeBand, number>> = {
  full: 1,
  partial: 0.5,
  late: 0,
};

/** A time-based check's bands, seconds after the first tell: full credit up to `full`, partial up to `partial`. */
export interface TimeBands {
  full: number;
  partial: number;
}

/**
 * The bands of a time-based check: `params.timeBands`; else the older
 * `withinSeconds` (full credit within it, no partial band); else derived
 * from the card's minutes (`defaultTimeBands`).
 */
export function timeBandsOf(ctx: Pick<GradingContext, 'params' | 'scenario'>): TimeBands {
  const [full, partial] =
    ctx.params.timeBands ??
    (ctx.params.withinSeconds !== undefined
      ? [ctx.params.withinSeconds, ctx.params.withinSeconds]
      : defaultTimeBands(ctx.scenario.minutes));
  return { full, partial };
}

/** The band `seconds` falls in. */
export function timeBandOf(seconds: number, bands: TimeBands): TimeBand {
  if (seconds <= bands.full) return 'full';
  if (seconds <= bands.partial) return 'partial';
  return 'late';
}

/** `within the 20 s for full credit` / `between 20 s and 120 s: half credit` / `more than the 120 s allowed`. */
export function bandText(band: TimeBand, bands: TimeBands): string {
  switch (band) {
    case 'full':
      return `within the ${bands.full} s for full credit`;
    case 'partial':
      return `after the ${bands.full} s for full credit but within ${bands.partial} s: half credit`;
    case 'late':
      return `more than the ${bands.partial} s allowed`;
  }
}

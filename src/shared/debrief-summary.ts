import { checkBand, type CountBandReading } from './check-points';
import type { Debrief } from './debrief-types';
import type { Pace } from './scenario-schema';

/**
 * Sentences about how a run was played (who, at what pace, with how many
 * hints) and what it lost, in the same words in the app's debrief and in
 * its exports. Pure.
 */

/** The pace as a trainee reads it. */
export const PACE_LABEL: Readonly<Record<Pace, string>> = {
  human: 'human pace',
  fast: "fast pace (the self-test's timings)",
};

/** Who played: the name given at the start, or `no name given`. */
export function playerText(d: Pick<Debrief, 'player'>): string {
  return d.player ?? 'no name given';
}

/** Hints shown (distinct ones), how many the scenario has, and how many the trainee asked for. */
export function hintCounts(d: Pick<Debrief, 'hints' | 'scenario'>): {
  shown: number;
  total: number;
  requested: number;
} {
  return {
    shown: new Set(d.hints.map((h) => h.index)).size,
    total: d.scenario.hints.length,
    requested: d.hints.filter((h) => h.requested).length,
  };
}

/** `2 of 3 hints shown, 1 asked for`; `no hint shown (of 3)`; `the scenario has no hints`. */
export function hintsText(d: Pick<Debrief, 'hints' | 'scenario'>): string {
  const { shown, total, requested } = hintCounts(d);
  if (total === 0 && shown === 0) return 'the scenario has no hints';
  if (shown === 0) return `no hint shown (of ${total})`;
  return `${shown} of ${total} hint${total === 1 ? '' : 's'} shown, ${requested} asked for`;
}

/** `Played by Ana at human pace; 1 of 2 hints shown, 1 asked for.` */
export function playedText(d: Pick<Debrief, 'player' | 'pace' | 'hints' | 'scenario'>): string {
  const who = d.player ? `Played by ${d.player}` : 'Played (no name given)';
  return `${who} at ${PACE_LABEL[d.pace]}; ${hintsText(d)}.`;
}

/** The band of the run's acknowledged writes lost (its `acked-writes-lost` check), if graded in bands. */
export function lossBandOf(d: Pick<Debrief, 'grade'>): CountBandReading | undefined {
  const c = d.grade.checks.find((x) => x.check === 'acked-writes-lost');
  const band = c && checkBand(c);
  return band?.kind === 'count' ? band : undefined;
}

/**
 * This run's loss with its band, in one sentence: `This run lost 412
 * acknowledged writes: the poor band (good up to 600, fair up to 2500).`
 * Undefined before the read-back.
 */
export function runLossSentence(d: Pick<Debrief, 'grade' | 'ledger'>): string | undefined {
  const lost = d.ledger.fates?.['acked-lost'];
  if (lost === undefined) return undefined;
  const band = lossBandOf(d);
  const where = band
    ? `: the ${band.band} band (good up to ${band.good}, fair up to ${band.fair})`
    : '';
  return `This run lost ${lost} acknowledged write${lost === 1 ? '' : 's'}${where}.`;
}

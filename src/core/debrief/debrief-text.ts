import type { Debrief } from '../../shared/debrief-types';
import type { ResponseStep } from '../../shared/scenario-schema';
import type { FinalHealth, Verdict, WriteFate } from '../../shared/scenario-types';
import { sinceText } from '../../shared/scenario-pace';
import { describeAction } from './timeline';
import { findSystemTraits } from '../../shared/system-traits';

/** Words shared by the Markdown and HTML exports. */

export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  unknown: 'UNKNOWN',
};

export const FATE_LABEL: Record<WriteFate, string> = {
  'acked-present': 'acknowledged and present',
  'acked-lost': 'acknowledged and LOST',
  failed: 'failed (refused)',
  'indeterminate-present': 'indeterminate but present (ghost writes)',
  'indeterminate-absent': 'indeterminate and absent',
};

/** The ledger's row for acknowledged writes a replay-export put back (part of "acknowledged and present"). */
export const RECOVERED_LABEL = 'of those present, recovered by a replay';

/** `12.3 s` from ms. */
export function secondsText(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** ISO time of a ms-since-epoch moment (UTC), or `unknown`. */
export function isoTime(t: number): string {
  return t > 0 ? new Date(t).toISOString() : 'unknown';
}

/** One reference step as a sentence: when, what, why. */
export function stepText(step: ResponseStep): string {
  return `${sinceText(step)}: ${describeAction(step.do)}`;
}

/** The run's acknowledged writes lost, or undefined before the read-back. */
export function ackedLost(d: Debrief): number | undefined {
  return d.ledger.fates?.['acked-lost'];
}

/** The with/without comparison of a prevention drill, as one sentence, or undefined. */
export function comparisonText(d: Debrief): string | undefined {
  const c = d.scenario.comparison;
  if (!c) return undefined;
  const lost = ackedLost(d);
  const mine =
    lost === undefined
      ? "This run's loss is not known (no read-back)."
      : `This run lost ${lost} acknowledged writes; without the prevention the same fault loses about ${c.baselineLost}.`;
  return `${mine} ${c.text}`;
}

/** The lab settings the run used, `name=value` comma-separated. */
export function settingsText(d: Debrief): string {
  const entries = Object.entries(d.settings);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'defaults';
}

/** Helpers for a system's final health rows (SystemDebrief.healthRows). */
export const healthList = {
  /** `a → b, c → d` (or with `sep`), `none` when empty. */
  of: (o: Readonly<Record<string, string | number>>, sep = ' → '): string =>
    Object.entries(o)
      .map(([k, v]) => `${k}${sep}${v}`)
      .join(', ') || 'none',
  /** `2 of 2 (redis-2, redis-3)`: replicas caught up of those expected. */
  caught: (f: FinalHealth): string =>
    `${f.replicasCaughtUp.length} of ${f.replicasExpected}${f.replicasCaughtUp.length ? ` (${f.replicasCaughtUp.join(', ')})` : ''}`,
};

/** Faults and fences still in place at the end, in words; `nothing` when none. */
export function stillActive(f: FinalHealth): string {
  return [...f.activeFaults, ...f.activeFences.map((x) => `fence on ${x}`)].join(', ') || 'nothing';
}

/** Whether the run's ledger counts answered requests (SystemTraits.ledger `answers`: nothing read back) rather than writes. */
export function isRequestLedger(d: Debrief): boolean {
  return (
    findSystemTraits(d.scenario.system)?.ledger === 'answers' || d.ledger.answeredBy !== undefined
  );
}

/** The ledger section's title in the system's words. */
export function ledgerHeading(d: Debrief): string {
  return isRequestLedger(d) ? 'Requests through the VIP' : 'Write ledger';
}

/** The ledger's counts as one sentence (requests: answered / failed / timed out; writes: acknowledged / failed / indeterminate). */
export function ledgerSummary(d: Debrief): string {
  const l = d.ledger;
  return isRequestLedger(d)
    ? `${l.attempts} requests: ${l.acked} answered, ${l.failed} failed, ${l.indeterminate} timed out.`
    : `${l.attempts} attempts: ${l.acked} acknowledged, ${l.failed} failed, ${l.indeterminate} indeterminate.`;
}

/** Answered requests per node, most first (ledgers of answers). */
export function answeredRows(d: Debrief): [string, number][] {
  return Object.entries(d.ledger.answeredBy ?? {}).sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
}

/**
 * The files export-keys saved, one line each: `redis-1: 1234 keys saved at
 * 12.3 s (file redis-1-keys-….txt)`; rows for PostgreSQL. Plain text.
 */
export function exportsRows(d: Debrief): string[] {
  const unit = recordUnit(d);
  return d.exports.map(
    (x) =>
      `${x.node}: ${x.keys} ${x.keys === 1 ? unit.one : unit.many} saved at ${secondsText(x.at)}${x.name ? ` (file ${x.name})` : ''}`,
  );
}

/** The heading of the saved files: `Saved keys` (Redis), `Saved rows` (PostgreSQL). */
export function savedHeading(d: Debrief): string {
  const many = recordUnit(d).many;
  return `Saved ${many}`;
}

/** The unit of the run's saved records (`key`/`keys` for a system this build does not know). */
function recordUnit(d: Debrief): { one: string; many: string } {
  return findSystemTraits(d.scenario.system)?.recordUnit ?? { one: 'key', many: 'keys' };
}

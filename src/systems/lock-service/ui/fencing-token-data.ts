import type { ProbeSample } from '../../../shared/lab-types';
import type { WriteRecord } from '../../../shared/scenario-types';
import { secondsSince } from '../../../renderer/src/charts/chart-data';
import type { LockEventBody } from '../shared/lock-service.types';
import { fenceOf, writeVerdict, type WriteVerdict } from '../shared/lock-data';

/**
 * The fencing-tokens tell's series, pure: storage's highest accepted token
 * and each worker's token while it believes it holds the lock, over time;
 * where storage's count of stale writes accepted rose; and, from write
 * records, every write at the height of its token, accepted or refused.
 */

/** A lock event with its time (ms since the epoch), as the views keep them. */
export type TimedLockEvent = LockEventBody & { t: number };

/**
 * One row of the chart at `x` (s since the run started): `highest`, the
 * highest token storage has accepted (null when storage did not answer),
 * and per worker the token it believes it holds (null while it holds none).
 */
export type FenceTokenRow = { x: number; highest: number | null } & Record<string, number | null>;

/** The workers: those that spoke of the lock, then any other storage took writes from. */
export function fencingWorkers(
  events: readonly TimedLockEvent[],
  samples: readonly ProbeSample[],
): string[] {
  const seen = new Set<string>();
  for (const e of events) seen.add(e.node);
  for (const s of samples)
    for (const w of Object.keys(fenceOf(s)?.reading?.accepted ?? {})) seen.add(w);
  return [...seen];
}

/**
 * The chart's rows: a row wherever a value changes (a sample with another
 * highest token, a worker taking or losing the lock), and one at the end so
 * the steps reach it. A worker's token is its belief, from its own words:
 * a worker frozen past its lease still holds its old token on the chart,
 * below storage's highest, until it learns it lost the lock.
 */
export function fencingTokenRows(
  samples: readonly ProbeSample[],
  events: readonly TimedLockEvent[],
  t0: number,
  workers: readonly string[],
): FenceTokenRow[] {
  type Item = { t: number; sample?: ProbeSample; event?: TimedLockEvent };
  const items: Item[] = [
    ...samples.map((s) => ({ t: s.t, sample: s })),
    ...events.map((e) => ({ t: e.t, event: e })),
  ].sort((a, b) => a.t - b.t);
  const current: Record<string, number | null> = { highest: null };
  for (const w of workers) current[w] = null;
  const rows: FenceTokenRow[] = [];
  let last = '';
  items.forEach((item, i) => {
    if (item.sample) {
      const fence = fenceOf(item.sample);
      if (fence) current.highest = fence.reading?.highest ?? null;
    } else if (item.event && item.event.node in current) {
      current[item.event.node] = item.event.holding ? (item.event.token ?? null) : null;
    }
    const key = JSON.stringify(current);
    if (key === last && i !== items.length - 1) return;
    last = key;
    rows.push({ ...current, x: secondsSince(item.t, t0) } as FenceTokenRow);
  });
  return rows;
}

/** Where storage's count of stale writes accepted rose: `added` more got in by `x`. */
export interface StaleMark {
  x: number;
  added: number;
  /** storage's count after it. */
  total: number;
}

/**
 * The samples where storage's count of accepted stale writes (a token below
 * one it had accepted) rose since its previous answer. The first answer is
 * the baseline: writes counted before it have no time on the chart.
 */
export function staleMarks(samples: readonly ProbeSample[], t0: number): StaleMark[] {
  const marks: StaleMark[] = [];
  let before: number | undefined;
  for (const s of samples) {
    const stale = fenceOf(s)?.reading?.staleAccepted;
    if (stale === undefined) continue;
    if (before !== undefined && stale > before)
      marks.push({ x: secondsSince(s.t, t0), added: stale - before, total: stale });
    before = stale;
  }
  return marks;
}

/** One write on the chart: when storage answered, by whom, with which token, and its verdict. */
export interface TokenWritePoint {
  x: number;
  token: number;
  worker: string;
  verdict: WriteVerdict;
  /** An accepted write whose token was below one accepted before it: a zombie's write that got in. */
  stale: boolean;
}

/** At most this many of the newest writes are drawn (a worker writes several times a second). */
export const MAX_WRITE_POINTS = 1500;

/**
 * Every write that carried a token, in the order storage answered, with its
 * verdict; an accepted write below the highest token accepted before it is
 * `stale`. The newest MAX_WRITE_POINTS.
 */
export function tokenWritePoints(records: readonly WriteRecord[], t0: number): TokenWritePoint[] {
  const withToken = records
    .filter((r): r is WriteRecord & { token: number } => r.token !== undefined)
    .sort((a, b) => a.doneAt - b.doneAt);
  let highest = -Infinity;
  const points = withToken.map((r) => {
    const verdict = writeVerdict(r);
    const stale = verdict === 'accepted' && r.token < highest;
    if (verdict === 'accepted') highest = Math.max(highest, r.token);
    return { x: secondsSince(r.doneAt, t0), token: r.token, worker: r.client, verdict, stale };
  });
  return points.slice(-MAX_WRITE_POINTS);
}

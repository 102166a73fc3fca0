import type { CheckResult, WriteRecord } from '../../../shared/scenario-types';
import { since, verdict, type GradingContext } from '../../../core/grading/grading-context';
import type { RunFacts } from '../../../core/grading/run-facts';
import { STALE_TOKEN_ERROR } from '../shared/lock-data';

/** A write that carried a fencing token (a lock worker's write to storage). */
export type TokenWrite = WriteRecord & { token: number };

/** A write sent with a token lower than one storage had already accepted: a zombie holder's write. */
export interface StaleWrite {
  write: TokenWrite;
  /**
   * The first write storage accepted (by completion) with a higher token
   * than this one's: the write that made this token stale. Absent for a
   * refused write known stale only by storage's error text.
   */
  overtakenBy?: TokenWrite;
}

/** The writes with a fencing token of a run, sorted into fresh and stale. */
export interface StaleWrites {
  /** Every write with a token, in order of completion (`doneAt`). */
  tokened: TokenWrite[];
  /**
   * Stale writes storage accepted: sent after storage had acknowledged a
   * higher token (its `doneAt` at or before their `sentAt`), so storage
   * certainly saw the higher token first.
   */
  accepted: StaleWrite[];
  /** Stale writes storage refused: a higher token accepted before they completed, or its error says so. */
  refused: StaleWrite[];
  /** Stale writes that timed out (sent after a higher token was acknowledged): storage may have taken them. */
  timedOut: StaleWrite[];
  /**
   * Accepted writes with a lower token that were in flight while a higher
   * one was acknowledged: only storage knows which it took first, so the
   * history does not count them as stale (storage's own count does).
   */
  inFlight: TokenWrite[];
  /** The highest token storage accepted over the run (history); undefined when it accepted none. */
  highest?: number;
}

/**
 * Accepted writes in order of completion with the running highest token:
 * answers "the highest token acknowledged by time t" and "the first write
 * accepted with a token above n" by binary search.
 */
class AcceptedIndex {
  private readonly doneAt: number[];
  private readonly highest: number[];

  constructor(private readonly accepted: readonly TokenWrite[]) {
    this.doneAt = accepted.map((w) => w.doneAt);
    let max = -Infinity;
    this.highest = accepted.map((w) => (max = Math.max(max, w.token)));
  }

  /** The highest token of the writes acknowledged at or before `t` (ms since epoch), or -Infinity. */
  highestBy(t: number): number {
    let lo = 0;
    let hi = this.doneAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.doneAt[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -Infinity : this.highest[lo - 1]!;
  }

  /** The first accepted write (by completion) whose token is above `token`. */
  firstAbove(token: number): TokenWrite | undefined {
    let lo = 0;
    let hi = this.highest.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.highest[mid]! > token) hi = mid;
      else lo = mid + 1;
    }
    return this.accepted[lo];
  }
}

/**
 * Sorts a run's writes with a fencing token into fresh and stale (see
 * StaleWrites). A write's token is stale when storage had already
 * acknowledged a higher one: before it was sent for an accepted or
 * timed-out write (certain: storage saw the higher token first), before it
 * completed for a refused one (storage refused it). Pure.
 */
export function staleWrites(writes: readonly WriteRecord[]): StaleWrites {
  const tokened = writes
    .filter((w): w is TokenWrite => w.token !== undefined)
    .sort((a, b) => a.doneAt - b.doneAt || a.sentAt - b.sentAt);
  const acks = tokened.filter((w) => w.outcome === 'ack');
  const index = new AcceptedIndex(acks);
  const out: StaleWrites = { tokened, accepted: [], refused: [], timedOut: [], inFlight: [] };
  if (acks.length > 0) out.highest = Math.max(...acks.map((w) => w.token));
  for (const w of tokened) {
    const stale = (before: number): StaleWrite | undefined => {
      if (index.highestBy(before) <= w.token) return undefined;
      const by = index.firstAbove(w.token);
      return { write: w, ...(by ? { overtakenBy: by } : {}) };
    };
    if (w.outcome === 'ack') {
      const s = stale(w.sentAt);
      if (s) out.accepted.push(s);
      else if (index.highestBy(w.doneAt) > w.token) out.inFlight.push(w);
    } else if (w.outcome === 'timeout') {
      const s = stale(w.sentAt);
      if (s) out.timedOut.push(s);
    } else {
      const s =
        stale(w.doneAt) ?? (STALE_TOKEN_ERROR.test(w.error ?? '') ? { write: w } : undefined);
      if (s) out.refused.push(s);
    }
  }
  return out;
}

/** `1 write`, `3 writes`. */
export const writesText = (n: number): string => `${n} write${n === 1 ? '' : 's'}`;

/**
 * Stale writes grouped by worker and token, in words: `2 writes from
 * worker-1 with token 7 after it had accepted token 12 from worker-2 at
 * +31.2 s`; the groups joined by `; `.
 */
export function staleGroupsText(facts: Pick<RunFacts, 't0'>, stale: readonly StaleWrite[]): string {
  const groups = new Map<string, StaleWrite[]>();
  for (const s of stale) {
    const key = `${s.write.client}\u0000${s.write.token}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()]
    .map((g) => {
      const { client, token } = g[0]!.write;
      const by = g.find((s) => s.overtakenBy)?.overtakenBy;
      const after = by
        ? ` after it had accepted token ${by.token} from ${by.client} at ${since(facts, by.doneAt)}`
        : '';
      return `${writesText(g.length)} from ${client} with token ${token}${after}`;
    })
    .join('; ');
}

/**
 * stale-token-refused (lock service): storage accepted no write whose
 * fencing token was lower than one it had accepted before, the writes a
 * worker sends after its lease ran out and another took the lock (a zombie
 * holder). Judged from the workers' history of writes (see staleWrites);
 * when storage's own count at the end (`finalHealth.lock.fence.staleAccepted`)
 * is higher, storage saw the order and its count wins. Fails with the
 * count, the workers and the tokens; passes saying how many stale writes
 * storage refused, or that no worker wrote with an old token; unknown
 * without writes with a token, and when the only stale writes timed out and
 * storage's count was not read. Figures: `staleAccepted`, `staleRefused`,
 * `staleTimedOut` (writes), `highest` (token; 0 when none was accepted).
 */
export function staleTokenRefused(ctx: GradingContext): CheckResult {
  const s = staleWrites(ctx.writes);
  const fence = ctx.finalHealth?.lock?.fence;
  const counted = typeof fence?.staleAccepted === 'number' ? fence.staleAccepted : undefined;
  const staleAccepted = Math.max(s.accepted.length, counted ?? 0);
  const highest = Math.max(s.highest ?? 0, fence?.highest ?? 0);
  const figures = {
    staleAccepted,
    staleRefused: s.refused.length,
    staleTimedOut: s.timedOut.length,
    highest,
  };
  if (s.tokened.length === 0 && staleAccepted === 0)
    return verdict(
      ctx,
      'unknown',
      'No write carried a fencing token, so there is nothing to judge.',
      figures,
    );
  const refused =
    s.refused.length > 0
      ? ` Storage refused ${writesText(s.refused.length)} with a stale token.`
      : '';
  if (staleAccepted > 0) {
    const seen =
      s.accepted.length > 0
        ? `Storage accepted ${staleGroupsText(ctx, s.accepted)}.`
        : 'The history shows no write accepted after a higher token was acknowledged.';
    const storageSays =
      counted !== undefined && counted > s.accepted.length
        ? ` Storage itself counts ${writesText(counted)} it accepted with a token lower than one it had accepted before${s.inFlight.length + s.timedOut.length > 0 ? ` (the others were in flight while the higher token got in, or timed out)` : ''}: its count stands, it saw the order.`
        : '';
    return verdict(
      ctx,
      'fail',
      `${seen}${storageSays} A worker that had lost its lease got writes in after the new holder's.${refused}`,
      figures,
    );
  }
  if (s.timedOut.length > 0 && counted === undefined)
    return verdict(
      ctx,
      'unknown',
      `${writesText(s.timedOut.length)} with a stale token timed out (${staleGroupsText(ctx, s.timedOut)}) and storage's own count was not read, so whether they got in is not known.${refused}`,
      figures,
    );
  const inFlight =
    s.inFlight.length > 0
      ? ` ${writesText(s.inFlight.length)} with a lower token (${[...new Set(s.inFlight.map((w) => w.client))].join(', ')}) ${s.inFlight.length === 1 ? 'was' : 'were'} in flight while a higher one was accepted; ${counted === 0 ? 'storage, which saw the order, counts none of them as stale' : 'only storage saw which came first'}.`
      : '';
  if (s.refused.length > 0 || s.timedOut.length > 0) {
    const parts: string[] = [];
    if (s.refused.length > 0)
      parts.push(
        `Storage refused every write with a stale fencing token that it answered (${writesText(s.refused.length)}): ${staleGroupsText(ctx, s.refused)}.`,
      );
    if (s.timedOut.length > 0)
      parts.push(
        `${writesText(s.timedOut.length)} with a stale token timed out (${staleGroupsText(ctx, s.timedOut)}), and storage counts none it accepted.`,
      );
    return verdict(ctx, 'pass', `${parts.join(' ')} No zombie write got in.${inFlight}`, figures);
  }
  const tokens = s.tokened.map((w) => w.token);
  return verdict(
    ctx,
    'pass',
    `No worker wrote with an old token: ${writesText(s.tokened.length)} carried tokens ${Math.min(...tokens)} to ${Math.max(...tokens)}, none below one storage had accepted before it was sent.${inFlight}`,
    figures,
  );
}

import type { Action } from '../../../shared/scenario-schema';
import { describeAction } from '../../../core/grading/describe-moves';
import type { RunFacts } from '../../../core/grading/run-facts';

/** A move counts as what ended the split only if it came at most this long before the end, ms. */
export const SPLIT_END_CAUSE_WINDOW_MS = 10_000;

/**
 * How long after the split's end a move may be stamped and still count as
 * its cause, ms: a move is recorded when it completes (stopping keepalived
 * takes about a second, and the VIP leaves the interface before it exits).
 */
export const SPLIT_END_COMPLETION_SLACK_MS = 2_500;

/** Moves that change nothing in the lab, so they cannot have ended a split. */
const INERT: readonly Action['kind'][] = ['declare-authoritative', 'export-keys', 'end'];

/** What ended the dual master, as far as the history shows. */
export interface SplitEndCause {
  /** ms since epoch of the move or revert. */
  t: number;
  /** The move in a few words, e.g. `stop-keepalived router-2`, or `firewall-drops-vrrp reverted`. */
  what: string;
  by: 'action' | 'fault-revert';
  /** A move: when it was issued, ms since epoch (`t` is when the engine finished it). */
  issuedAt?: number;
}

/**
 * The last move that succeeded (or fault that was reverted without one)
 * between the first tell and the split's end, within
 * SPLIT_END_CAUSE_WINDOW_MS before the end (a move stamped on completion up
 * to SPLIT_END_COMPLETION_SLACK_MS after the end counts when nothing came
 * before it). Undefined while still split, or
 * when nothing happened shortly before the end (it ended by itself). Pure.
 */
export function splitEndCause(
  f: Pick<RunFacts, 'tell' | 'splitEndedAt' | 'actions' | 'faults'>,
): SplitEndCause | undefined {
  const tell = f.tell;
  const end = f.splitEndedAt;
  if (!tell || end === undefined) return undefined;
  const from = Math.max(tell.at, end - SPLIT_END_CAUSE_WINDOW_MS);
  const inWindow = (t: number) => t >= from && t <= end;
  const moves = f.actions.filter(
    (a) =>
      a.ok &&
      !INERT.includes(a.action.kind) &&
      a.t >= from &&
      a.t <= end + SPLIT_END_COMPLETION_SLACK_MS,
  );
  const heals = moves.filter((a) => a.action.kind === 'heal');
  const reverts = f.faults.filter(
    (x) => x.phase === 'revert' && inWindow(x.t) && !heals.some((h) => Math.abs(h.t - x.t) <= 1000),
  );
  const candidates: SplitEndCause[] = [
    ...moves.map((a) => ({
      t: a.t,
      what: describeAction(a.action),
      by: 'action' as const,
      issuedAt: a.issuedAt,
    })),
    ...reverts.map((x) => ({ t: x.t, what: `${x.faultId} reverted`, by: 'fault-revert' as const })),
  ];
  const sorted = candidates.sort((a, b) => a.t - b.t);
  return sorted.filter((c) => c.t <= end).at(-1) ?? sorted[0];
}

import { describeAction } from './describe-moves';
import { isFence, isRejoin } from '../../shared/move-effects';
import type { RunFacts, TimedAction } from './run-facts';

/**
 * Time-based grading judges the trainee, not the machine: a move counts from
 * the moment the tell was on the trainee's screen to the moment the move was
 * issued (the click, or the scripted step's start). What the engine took to
 * carry it out (issued → took effect) is the machine's, shown apart.
 */

/**
 * Acknowledgements still in flight when a fence lands (a client's write
 * timeout): a last write up to this long after the move's end still counts
 * as stopped by it, ms.
 */
export const FENCE_LANDING_SLACK_MS = 2000;

/** A move's timing, seconds (one decimal). */
export interface MoveTiming {
  /** The move in a few words, e.g. `isolate-clients redis-1`. */
  move: string;
  /** From the tell on the trainee's screen to the move issued; 0 when issued before it showed. */
  reactionSeconds: number;
  /** From the move issued to the engine finishing it (queue included): the machine's time. */
  engineSeconds: number;
}

function tenths(ms: number): number {
  return Math.round(Math.max(0, ms) / 100) / 10;
}

/** The trainee's reaction and the engine's latency of `move`, against the tell's showing. */
export function moveTiming(
  facts: Pick<RunFacts, 'tell' | 'tellShownAt'>,
  move: TimedAction,
): MoveTiming {
  const shown = facts.tellShownAt ?? facts.tell?.at ?? move.issuedAt;
  return {
    move: describeAction(move.action),
    reactionSeconds: tenths(move.issuedAt - shown),
    engineSeconds: tenths(move.t - move.issuedAt),
  };
}

/**
 * The move that stopped `node`'s acknowledgements, whose last came at
 * `lastAck`: the first successful fence or rejoin (demote, reinit) of the
 * node issued after the first fault and before that last acknowledgement,
 * which the engine finished no earlier than `FENCE_LANDING_SLACK_MS` before
 * it. Undefined when no move did: the node stopped on its own, or the moves
 * did not hold (it went on acknowledging after they finished). Pure.
 */
export function stoppingMove(
  facts: Pick<RunFacts, 'actions' | 'firstFaultAt'>,
  node: string,
  lastAck: number,
): TimedAction | undefined {
  const from = facts.firstFaultAt ?? Number.NEGATIVE_INFINITY;
  return facts.actions.find(
    (a) =>
      a.ok &&
      (isFence(a.action.kind) || isRejoin(a.action.kind)) &&
      'node' in a.action &&
      a.action.node === node &&
      a.issuedAt >= from &&
      a.issuedAt <= lastAck &&
      a.t + FENCE_LANDING_SLACK_MS >= lastAck,
  );
}

/**
 * The first successful fence of `node` after the first fault (the move whose
 * landing time the loss is split by), or undefined.
 */
export function firstFence(
  facts: Pick<RunFacts, 'fences' | 'firstFaultAt'>,
  node: string,
): TimedAction | undefined {
  const from = facts.firstFaultAt ?? Number.NEGATIVE_INFINITY;
  return facts.fences.find(
    (f) => 'node' in f.action && f.action.node === node && f.issuedAt >= from,
  );
}

/**
 * Lost acknowledged writes acknowledged while `move` was landing (after it
 * was issued, up to it finishing): the machine's share of the loss. Undefined
 * when the history does not say when the lost writes were acknowledged.
 */
export function lostWhileLanding(
  facts: Pick<RunFacts, 'ledger'>,
  move: TimedAction,
): number | undefined {
  const at = facts.ledger?.lostAckedAt;
  if (!at) return undefined;
  return at.filter((t) => t > move.issuedAt && t <= move.t).length;
}

/** `the engine took 2.3 s to carry it out (the machine's time, not counted)`, or '' when it was quick (under 1 s). */
export function engineText(timing: MoveTiming): string {
  if (timing.engineSeconds < 1) return '';
  return `the engine took ${timing.engineSeconds} s to carry it out (the machine's time, not counted)`;
}

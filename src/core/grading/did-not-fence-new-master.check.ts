import type { Action } from '../../shared/scenario-schema';
import type { CheckResult } from '../../shared/scenario-types';
import { since, verdict, type GradingContext } from './grading-context';

/**
 * Moves that take a node out of service (a fence, or a pause, which is just
 * as harmful on the right master; keepalived: stopping keepalived).
 */
const OUT_OF_SERVICE: readonly Action['kind'][] = [
  'isolate-clients',
  'stop',
  'pause',
  'stop-keepalived',
];

/**
 * did-not-fence-new-master: no isolate-clients, stop, pause or
 * stop-keepalived hit the master the sentinels elected, from the fault on.
 * Unknown when no split or no new master shows in the history.
 */
export function didNotFenceNewMaster(ctx: GradingContext): CheckResult {
  if (!ctx.tell)
    return verdict(
      ctx,
      'unknown',
      'The history shows no split, so there was no new master to protect.',
    );
  const next = ctx.newMaster;
  if (!next)
    return verdict(
      ctx,
      'unknown',
      `${cap(ctx.coordinators)} never settled on a new master, so there was none to protect.`,
    );
  const from = ctx.firstFaultAt ?? ctx.t0;
  const hits = ctx.actions.filter(
    (a) =>
      a.ok &&
      a.t >= from &&
      OUT_OF_SERVICE.includes(a.action.kind) &&
      'node' in a.action &&
      a.action.node === next,
  );
  const first = hits[0];
  if (!first) {
    return verdict(
      ctx,
      'pass',
      `Nothing fenced or froze ${next}, the master ${ctx.coordinators} chose.`,
      { newMaster: next },
    );
  }
  return verdict(
    ctx,
    'fail',
    `${first.action.kind} on ${next} at ${since(ctx, first.t)}: that was the master ${ctx.coordinators} had chosen, so this cut off the side that was right${hits.length > 1 ? ` (${hits.length} such moves)` : ''}.`,
    { newMaster: next, wrongFences: hits.length, firstAt: first.t - ctx.t0 },
  );
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

import { takesOutOfService } from '../../shared/move-effects';
import type { CheckResult } from '../../shared/scenario-types';
import { since, verdict, type GradingContext } from './grading-context';

/**
 * did-not-fence-new-master: no move that takes a node out of service (a
 * fence of any system, a pause, a restart: see MOVE_EFFECTS) hit the master
 * the coordinators elected, from the fault on.
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
      takesOutOfService(a.action.kind) &&
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

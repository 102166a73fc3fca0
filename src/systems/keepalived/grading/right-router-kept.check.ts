import { takesOutOfService } from '../../../shared/move-effects';
import type { CheckResult } from '../../../shared/scenario-types';
import { since, verdict, type GradingContext } from '../../../core/grading/grading-context';
import { LAST_READING_MAX_AGE_MS, mastersAtEnd } from './keepalived-facts';

/** A keepalived stop in the log within this long after a move on the same router is that move's doing, ms. */
const SAME_MOVE_MS = 5000;

/** What took the authoritative router down, and when (ms since epoch). */
interface Hit {
  t: number;
  what: string;
}

/** Moves (and keepalived stops in its own log that no move or fault explains) against `node` from `from` on. */
function hitsOn(ctx: GradingContext, node: string, from: number): Hit[] {
  const moves = ctx.actions.filter(
    (a) =>
      a.ok &&
      a.t >= from &&
      takesOutOfService(a.action.kind) &&
      'node' in a.action &&
      a.action.node === node,
  );
  const faulted = (t: number) =>
    ctx.faults.some(
      (f) =>
        f.phase === 'inject' &&
        f.t <= t &&
        (('node' in f.spec && f.spec.node === node) ||
          ('nodes' in f.spec && f.spec.nodes.includes(node))),
    );
  const stops = ctx.keepalivedEvents.filter(
    (e) =>
      e.node === node &&
      e.event === 'stopped' &&
      e.t >= from &&
      !faulted(e.t) &&
      !moves.some((m) => e.t >= m.t && e.t - m.t <= SAME_MOVE_MS),
  );
  return [
    ...moves.map((m) => ({ t: m.t, what: `${m.action.kind} on ${node}` })),
    ...stops.map((e) => ({ t: e.t, what: `keepalived on ${node} stopped (its log)` })),
  ].sort((a, b) => a.t - b.t);
}

/**
 * right-router-kept (keepalived): the authoritative router (the scenario's
 * `authoritative`, else the highest priority in the run settings) is the
 * only router in MASTER in the final health; no move stopped, froze or
 * restarted it from the first fault on (stop, stop-keepalived,
 * restart-keepalived, restart, pause, or keepalived stopping in its own log
 * with no move or fault to explain it); and no declare-authoritative named
 * another router (the misdiagnosis). Unknown without the final health or
 * without a router to name.
 */
export function rightRouterKept(ctx: GradingContext): CheckResult {
  const h = ctx.finalHealth;
  if (!h)
    return verdict(
      ctx,
      'unknown',
      "The lab's final state was not read, so which router ended up in MASTER is not known.",
    );
  const auth = ctx.authoritative;
  if (!auth)
    return verdict(
      ctx,
      'unknown',
      'The scenario names no authoritative router and the run settings give no single highest priority.',
    );
  const node = auth.node;
  const problems: string[] = [];
  const unread = Object.keys(h.keepalived?.unreadable ?? {});
  const end = mastersAtEnd(h.masters, unread, ctx.samples);
  const masters = end?.masters ?? [];
  // An unreadable router is never a negative: the mastership at the end is then the last full reading's, or unknown.
  const endNote =
    end?.from === 'last-reading'
      ? ` (${unread.join(', ')} could not be read when the final health was taken; the last reading of every router, at ${since(ctx, end.at!)}, stands for the end)`
      : '';
  const others = masters.filter((m) => m !== node);
  if (!end) {
    // Nothing to judge the mastership by; the moves are still judged below.
  } else if (masters.length === 0) problems.push(`no router was in MASTER at the end${endNote}`);
  else if (!masters.includes(node))
    problems.push(`${others.join(' and ')} ended up in MASTER instead of ${node}`);
  else if (others.length > 0)
    problems.push(`${others.join(' and ')} was still in MASTER next to ${node} at the end`);
  const hits = hitsOn(ctx, node, ctx.firstFaultAt ?? ctx.t0);
  const first = hits[0];
  if (first)
    problems.push(
      `${first.what} at ${since(ctx, first.t)} took the router that was right out of service${hits.length > 1 ? ` (${hits.length} such moves)` : ''}`,
    );
  const declared = ctx.actions.find(
    (a) => a.ok && a.action.kind === 'declare-authoritative' && a.action.node !== node,
  );
  if (declared && 'node' in declared.action)
    problems.push(
      `declaring ${declared.action.node} authoritative at ${since(ctx, declared.t)} was the misdiagnosis: ${node} is the one to keep`,
    );
  const who =
    auth.from === 'scenario'
      ? `${node}${auth.priority !== undefined ? ` (priority ${auth.priority})` : ''}`
      : `${node} (the highest priority, ${auth.priority})`;
  const figures = {
    authoritative: node,
    finalMasters: masters.length,
    wrongMoves: hits.length,
    misdeclared: declared !== undefined,
  };
  if (problems.length === 0 && !end)
    return verdict(
      ctx,
      'unknown',
      `Nothing stopped, froze or restarted ${who} after the fault, but ${unread.join(', ')} could not be read when the final health was taken and no reading of every router came in the last ${LAST_READING_MAX_AGE_MS / 1000} s, so which router ended in MASTER is not known.`,
      figures,
    );
  if (problems.length === 0)
    return verdict(
      ctx,
      'pass',
      `${who} was the only router in MASTER at the end${endNote}, and nothing stopped, froze or restarted it after the fault.`,
      figures,
    );
  return verdict(
    ctx,
    'fail',
    `${who} should have stayed the single MASTER, but ${problems.join('; ')}.`,
    figures,
  );
}

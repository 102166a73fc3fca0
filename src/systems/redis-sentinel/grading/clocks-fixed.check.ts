import type { CheckResult } from '../../../shared/scenario-types';
import { verdict, type GradingContext } from '../../../core/grading/grading-context';

/** How far a clock may be off the host's and still count as right, ms (the probe reads within half its round trip). */
export const CLOCK_TOLERANCE_MS = 1000;

/** The window before the end the clocks must hold in, ms: a clock flapping every 10 s shows in it. */
export const CLOCK_STEADY_MS = 15_000;

/**
 * clocks-fixed (Redis Sentinel): when the scenario ended every node's clock kept the host's
 * time: over the last 15 s of samples, no node whose clock the probe read was more than 1 s
 * off (a clock still stepping, flapping or drifting shows there). Names the nodes still off,
 * the farthest reading and the sync-clock moves made. Unknown when no clock was read then.
 * Figures: `nodesRead`, `nodesOff`, `worstOffsetMs`, `syncs`.
 */
export function clocksFixed(ctx: GradingContext): CheckResult {
  const from = ctx.endedAt - CLOCK_STEADY_MS;
  const worst = new Map<string, number>();
  for (const s of ctx.samples) {
    if (s.t < from || s.t > ctx.endedAt) continue;
    for (const n of s.nodes) {
      if (n.clockOffsetMs === undefined) continue;
      const prev = worst.get(n.node) ?? 0;
      if (!worst.has(n.node) || Math.abs(n.clockOffsetMs) > Math.abs(prev))
        worst.set(n.node, n.clockOffsetMs);
    }
  }
  const syncs = ctx.actions
    .filter((a) => a.ok && a.action.kind === 'sync-clock')
    .map((a) => ('node' in a.action ? a.action.node : '?'));
  if (worst.size === 0)
    return verdict(ctx, 'unknown', 'No node’s clock was read in the last 15 s of the run.');
  const off = [...worst.entries()].filter(([, ms]) => Math.abs(ms) > CLOCK_TOLERANCE_MS);
  const far = [...worst.values()].reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
  const figures = {
    nodesRead: worst.size,
    nodesOff: off.length,
    worstOffsetMs: far,
    syncs: syncs.length,
  };
  const fixed = syncs.length
    ? ` Clocks fixed: ${[...new Set(syncs)].join(', ')}.`
    : ' No clock was fixed (sync-clock).';
  const fmt = (ms: number) => `${ms > 0 ? '+' : '−'}${(Math.abs(ms) / 1000).toFixed(1)} s`;
  if (off.length > 0)
    return verdict(
      ctx,
      'fail',
      `In the last 15 s of the run ${off.map(([n, ms]) => `${n}'s clock was off by up to ${fmt(ms)}`).join(', ')}: a sentinel whose clock still jumps goes back into TILT, and timestamps from such a node cannot be trusted.${fixed}`,
      figures,
    );
  return verdict(
    ctx,
    'pass',
    `Every clock read (${worst.size} nodes) kept within 1 s of the host's over the last 15 s of the run.${fixed}`,
    figures,
  );
}

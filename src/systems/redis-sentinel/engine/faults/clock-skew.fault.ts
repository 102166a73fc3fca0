import type { NodeActionResult } from '../../../../core/actions/node-action-types';
import type { LabMember } from '../../../../core/faults/fault-types';
import type { FaultSpec } from '../../../../shared/scenario-schema';
import {
  errorText,
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
} from '../../../../core/faults/fault-types';
import { durationMs } from '../../../../shared/schema-parts';
import { clockOffsetMs } from '../../shared/redis-sentinel.schema';

export type ClockSkewFaultSpec = Extract<FaultSpec, { kind: 'clock-skew' }>;

/**
 * The file the image's clock library (lab-images/redis/dojo-clock.c) reads, at most every
 * 100 ms: `<offset ms> [<drift ppm> <since ms> [<flap ms>]]` on one line. Absent or `0`: the
 * true time.
 */
export const CLOCK_FILE = '/etc/dojo/clock';

/** What the clock file says: an offset, and drift and flapping counted from `sinceMs`. */
export interface ClockSkew {
  offsetMs: number;
  driftPpm?: number;
  /** When drift and flapping start, host ms since epoch. */
  sinceMs?: number;
  /** Turns of skewed and true time, this long each, ms (0 or absent: no flapping). */
  flapMs?: number;
}

/** The clock file's line for `skew`. */
export function clockFileLine(skew: ClockSkew): string {
  const { offsetMs, driftPpm = 0, sinceMs = 0, flapMs = 0 } = skew;
  const parts = [offsetMs];
  if (driftPpm !== 0 || flapMs > 0) parts.push(driftPpm, sinceMs);
  if (flapMs > 0) parts.push(flapMs);
  return `${parts.map((n) => Math.round(n)).join(' ')}\n`;
}

/**
 * A node's wall clock jumps by `offset` (and drifts by `drift` ppm from then on, or flaps
 * between the skew and the true time every `flapEvery`): the clock
 * file is written into its container (the archive API, which also reaches a paused or
 * stopped container), and every process of the node reads the skewed time within 100 ms.
 * Monotonic clocks are untouched, as with a real NTP step.
 *
 * Revert writes the true time back: the clock steps back, which a sentinel sees as a jump
 * too (TILT again), as after a real `chronyc makestep`. Throws when the file cannot be written.
 */
export async function injectClockSkew(
  ctx: FaultContext,
  spec: ClockSkewFaultSpec,
): Promise<ActiveFault> {
  const member = memberByName(ctx, spec.node);
  const offsetMs = clockOffsetMs(spec.offset);
  const what = `clock-skew ${spec.id}`;
  await ctx.runtime.putFiles(member.containerId, [
    {
      path: CLOCK_FILE,
      content: clockFileLine({
        offsetMs,
        driftPpm: spec.drift,
        sinceMs: Date.now(),
        flapMs: spec.flapEvery ? durationMs(spec.flapEvery) : 0,
      }),
      mode: 0o644,
    },
  ]);
  let done = false;

  const revert = async (): Promise<FaultStepReport> => {
    if (done) return stepReport(`${what}: ${spec.node}'s clock already true`, []);
    try {
      await ctx.runtime.putFiles(member.containerId, [
        { path: CLOCK_FILE, content: clockFileLine({ offsetMs: 0 }), mode: 0o644 },
      ]);
      done = true;
      return stepReport(`${what}: ${spec.node}'s clock stepped back to the true time`, []);
    } catch (err) {
      const text = errorText(err);
      if (/404|no such container/i.test(text)) {
        done = true;
        return stepReport(`${what}: ${spec.node} is gone, no clock to set`, []);
      }
      return stepReport(`${what}: ${spec.node}'s clock not set back`, [
        { member: spec.node, error: text },
      ]);
    }
  };

  return {
    id: spec.id,
    spec,
    injectedAt: Date.now(),
    detail: `${what}: ${spec.node}'s clock jumped ${spec.offset}${
      spec.drift ? `, drifting ${spec.drift > 0 ? '+' : ''}${spec.drift} ppm` : ''
    }${spec.flapEvery ? `, flapping every ${spec.flapEvery}` : ''}`,
    revert,
  };
}

/**
 * The sync-clock move: the node's clock stepped to the true time (the clock file set to `0`),
 * which ends any skew, drift or flapping on it. The step is itself a jump, so a sentinel
 * enters TILT once more. Works on a paused or stopped node (the archive API).
 */
export async function syncClock(ctx: FaultContext, member: LabMember): Promise<NodeActionResult> {
  try {
    await ctx.runtime.putFiles(member.containerId, [
      { path: CLOCK_FILE, content: clockFileLine({ offsetMs: 0 }), mode: 0o644 },
    ]);
    return {
      ok: true,
      detail: `${member.name}'s clock stepped to the true time; nothing moves it any more`,
    };
  } catch (err) {
    return { ok: false, detail: `${member.name}'s clock not set: ${errorText(err)}` };
  }
}

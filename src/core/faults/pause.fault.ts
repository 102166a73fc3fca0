import type { FaultSpec } from '../../shared/scenario-schema';
import {
  errorText,
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
} from './fault-types';

export type PauseFaultSpec = Extract<FaultSpec, { kind: 'pause' }>;

/**
 * Freezes a member's processes (`docker pause`, the cgroup freezer): the
 * zombie leader. Its sockets stay open and the kernel keeps queueing what
 * arrives, so on resume it answers requests that clients already gave up on.
 * Not a fence: the node wakes up with its old role.
 */
export async function injectPause(ctx: FaultContext, spec: PauseFaultSpec): Promise<ActiveFault> {
  const member = memberByName(ctx, spec.node);
  const started = Date.now();
  await ctx.runtime.pauseContainer(member.containerId);
  const pauseMs = Date.now() - started;
  let done = false;

  const revert = async (): Promise<FaultStepReport> => {
    if (done) return stepReport(`pause ${spec.id}: ${spec.node} already resumed`, []);
    try {
      // Unpausing a running or stopped container is a no-op (the runtime tolerates "is not paused").
      await ctx.runtime.unpauseContainer(member.containerId);
      done = true;
      return stepReport(`pause ${spec.id}: ${spec.node} resumed`, []);
    } catch (err) {
      const text = errorText(err);
      if (/404|no such container/i.test(text)) {
        done = true;
        return stepReport(`pause ${spec.id}: ${spec.node} is gone, nothing to resume`, []);
      }
      if (/not running/i.test(text)) {
        done = true;
        return stepReport(`pause ${spec.id}: ${spec.node} is stopped, nothing to resume`, []);
      }
      return stepReport(`pause ${spec.id}: resume of ${spec.node} failed`, [
        { member: spec.node, error: text },
      ]);
    }
  };

  return {
    id: spec.id,
    spec,
    injectedAt: Date.now(),
    detail: `pause ${spec.id}: ${spec.node} frozen (docker pause, ${pauseMs} ms)`,
    revert,
  };
}

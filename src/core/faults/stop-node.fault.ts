import type { FaultSpec } from '../../shared/scenario-schema';
import {
  errorText,
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
} from './fault-types';

export type StopNodeFaultSpec = Extract<FaultSpec, { kind: 'stop-node' }>;

/** A stopped node. */
export interface StopNodeFault extends ActiveFault {
  readonly spec: StopNodeFaultSpec;
  /** Wall time of `docker stop`, ms. */
  readonly stopMs: number;
}

/** Seconds docker stop waits for a clean exit before it kills (like the palette's stop). */
export const STOP_NODE_GRACE_SECONDS = 3;

/**
 * Stops a node's container (`docker stop`: SIGTERM, then SIGKILL after
 * {@link STOP_NODE_GRACE_SECONDS}): a clean shutdown, so a router holding
 * a virtual IP sends its priority-0 VRRP advert and removes the VIP, and its
 * peer takes over at once. Its network namespace, and every rule in it, goes with it.
 *
 * Revert starts the container again, unless it already runs (a trainee may
 * have started it). Docker gives it new published ports and a fresh network
 * namespace: the caller must point its probes at the new ports and put the
 * network faults touching the node back (ScenarioRun's revert does both).
 */
export async function injectStopNode(
  ctx: FaultContext,
  spec: StopNodeFaultSpec,
): Promise<StopNodeFault> {
  const member = memberByName(ctx, spec.node);
  const what = `stop-node ${spec.id}`;
  const started = Date.now();
  await ctx.runtime.stopContainer(member.containerId, STOP_NODE_GRACE_SECONDS);
  const stopMs = Date.now() - started;
  let done = false;

  const revert = async (): Promise<FaultStepReport> => {
    if (done) return stepReport(`${what}: ${spec.node} already started`, []);
    try {
      const info = await ctx.runtime.inspectContainer(member.containerId);
      if (info.state === 'running' || info.state === 'paused') {
        done = true;
        return stepReport(`${what}: ${spec.node} was already running again`, []);
      }
      const t = Date.now();
      await ctx.runtime.startContainer(member.containerId);
      done = true;
      return stepReport(`${what}: ${spec.node} started again (${Date.now() - t} ms)`, []);
    } catch (err) {
      const text = errorText(err);
      if (/404|no such container/i.test(text)) {
        done = true;
        return stepReport(`${what}: ${spec.node} is gone, nothing to start`, []);
      }
      return stepReport(`${what}: ${spec.node} not started`, [{ member: spec.node, error: text }]);
    }
  };

  return {
    id: spec.id,
    spec,
    stopMs,
    injectedAt: Date.now(),
    detail: `${what}: ${spec.node} stopped (docker stop, ${(stopMs / 1000).toFixed(1)} s)`,
    revert,
  };
}

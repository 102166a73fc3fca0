import path from 'node:path';
import type { Action } from '../../shared/scenario-schema';
import { isNodeAction, performNodeAction } from '../actions/node-actions';
import type { FaultContext, LabMember } from '../faults/fault-types';
import type { RunningNode } from '../labs/lab-definition';
import type { ContainerRuntime } from '../runtime/container-runtime';
import type { RunController } from './run-controller';

/** Moves that bring a node's container or processes back: the probes re-read its ports. */
export const RESTARTS: ReadonlySet<Action['kind']> = new Set(['start', 'resume', 'restart']);

/**
 * The members of a lab as faults and moves address them by name: its running
 * nodes, then the workload's `clients` (a scenario's; a plain lab has none).
 */
export function labContext(
  runtime: ContainerRuntime,
  nodes: readonly RunningNode[],
  clients: readonly LabMember[] = [],
  gateway?: string,
): FaultContext {
  const members = new Map<string, LabMember>();
  for (const n of nodes)
    members.set(n.plan.name, {
      name: n.plan.name,
      kind: n.plan.kind,
      containerId: n.containerId,
      ipv4: n.plan.ipv4,
    });
  for (const c of clients) members.set(c.name, c);
  return { runtime, members, ...(gateway ? { gateway } : {}) };
}

/**
 * Tells the run that a stop or restart move is about to stop a node's
 * container: its exit reads `stopped` (by the move), not `died`.
 */
export function announceStop(controller: RunController, action: Action): void {
  if ((action.kind === 'stop' || action.kind === 'restart') && 'node' in action)
    controller.expectStop(action.node, `${action.kind} move`);
}

/**
 * The palette in a plain lab run (free exploration, nothing graded): the
 * node moves only (fences, pause, stop, demote, export, the systems' own
 * moves, console commands), each recorded in the run's history
 * as an `action` by the palette. Faults, heal, hints and `end` belong to
 * scenarios and are refused with the reason.
 */
export async function plainLabAction(
  runtime: ContainerRuntime,
  controller: RunController,
  action: Action,
  artifactsDir: string,
): Promise<{ ok: boolean; detail: string }> {
  if (controller.currentPhase !== 'running')
    return { ok: false, detail: 'moves are available once the lab runs' };
  if (!isNodeAction(action))
    return {
      ok: false,
      detail: `${action.kind} belongs to a scenario; a plain lab has node moves and consoles only`,
    };
  const ctx = labContext(runtime, controller.runningNodes(), [], controller.probeSource);
  announceStop(controller, action);
  const result = await performNodeAction(ctx, action, { artifactsDir });
  if (result.ok && RESTARTS.has(action.kind) && 'node' in action)
    await controller.nodeRestarted(action.node);
  const outcome = { ok: result.ok, detail: result.detail };
  controller.history.append({ kind: 'action', action, source: 'palette', ...outcome });
  if (action.kind === 'export-keys' && result.ok)
    controller.history.append({
      kind: 'exported-keys',
      node: action.node,
      keys: result.count ?? 0,
      ...(result.file ? { file: result.file, name: path.basename(result.file) } : {}),
    });
  return outcome;
}

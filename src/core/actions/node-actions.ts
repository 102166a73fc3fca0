import type { Action } from '../../shared/scenario-schema';
import { errorText, type FaultContext, type LabMember } from '../faults/fault-types';
import { describeReapply, reapplyFaults } from '../faults/reapply-faults';
import { isolateClients, unisolateClients } from './client-fence';
import {
  NODE_ACTION_KINDS,
  actionTarget,
  isNodeAction,
  onMember,
  type NodeAction,
  type NodeActionOptions,
  type NodeActionResult,
  type NodeMovePerformer,
  type NodeMovePerformers,
} from './node-action-types';
import { MOVE_KINDS } from '../../shared/move-registry';
import { systemOfLab } from '../../shared/system-traits';
import { systemEngine, systemEngines } from '../systems/scenario-systems';

export { activeFences, describeFence, readFences, type ActiveFence } from './client-fence';
export {
  NODE_ACTION_KINDS,
  actionTarget,
  isNodeAction,
  type NodeAction,
  type NodeActionKind,
  type NodeActionOptions,
  type NodeActionResult,
  type NodeMovePerformer,
  type NodeMovePerformers,
} from './node-action-types';

/** Console output kept in a result, characters (UTF-16 code units). */
const MAX_OUTPUT = 64 * 1024;

/**
 * Performs one node-level palette action (see NodeActionKind) on a run's
 * member: the action's `node`, its `candidate` (switchover, failover), or for
 * a cluster-wide move (maintenance-on/off) the cluster, through a member its
 * system's engine picks. Never throws: an action that is not node-level (heal, end...), an
 * unknown node, an action that does not fit the node's kind, or a failure in
 * Docker or in the node's tools all come back as `{ ok: false, detail }`.
 */
export async function performNodeAction(
  ctx: FaultContext,
  action: Action,
  opts: NodeActionOptions = {},
): Promise<NodeActionResult> {
  if (!isNodeAction(action)) {
    return { ok: false, detail: `${action.kind} is not a node action` };
  }
  const fits = NODE_ACTION_KINDS[action.kind];
  const target = actionTarget(action);
  let node: LabMember | undefined;
  if (target !== undefined) {
    node = ctx.members.get(target);
    if (!node) {
      return {
        ok: false,
        detail: `no node "${target}" in this run (nodes: ${[...ctx.members.keys()].join(', ')})`,
      };
    }
    if (!fits.includes(node.kind)) {
      return {
        ok: false,
        detail: `${action.kind} does not apply to ${node.name} (a ${node.kind}; it fits ${fits.join(' or ')} nodes)`,
      };
    }
  }
  try {
    if (!node && !MOVE_KINDS[action.kind].clusterWide)
      return { ok: false, detail: `${action.kind} names no node` };
    const perform = performerFor(action, node);
    if (!perform) return { ok: false, detail: `no engine carries out ${action.kind} here` };
    return await perform(ctx, node, action, opts);
  } catch (err) {
    return {
      ok: false,
      detail: `${action.kind}${node ? ` on ${node.name}` : ''} failed: ${errorText(err)}`,
    };
  }
}

/** The moves every system's nodes take (see GENERIC_MOVE_KINDS). */
export const GENERIC_MOVE_PERFORMERS: NodeMovePerformers = {
  'isolate-clients': onMember((ctx, node) => isolateClients(ctx, node)),
  'unisolate-clients': onMember((ctx, node) => unisolateClients(ctx, node)),
  pause: onMember(async (ctx, node) => {
    await ctx.runtime.pauseContainer(node.containerId);
    return { ok: true, detail: `${node.name} paused (frozen, not fenced: it wakes up as it was)` };
  }),
  resume: onMember(async (ctx, node) => {
    await ctx.runtime.unpauseContainer(node.containerId);
    return { ok: true, detail: `${node.name} resumed` };
  }),
  stop: onMember((ctx, node, _a, opts) => stopNode(ctx, node, opts.stopGraceSeconds ?? 3)),
  start: onMember((ctx, node, _a, opts) => startNode(ctx, node, opts)),
  restart: onMember((ctx, node, _a, opts) => restartNode(ctx, node, opts)),
  console: onMember((ctx, node, action, opts) =>
    runConsoleCommand(ctx, node, action.command, opts.consoleTimeoutMs ?? 15_000),
  ),
};

/**
 * Who carries out `action`: a generic performer, else the system engine
 * whose node kinds include its member's kind (a move two systems share, such
 * as export-keys, is each one's own), else for a cluster-wide move the one
 * engine that performs it. Undefined when nobody does.
 */
function performerFor(
  action: NodeAction,
  node: LabMember | undefined,
): NodeMovePerformer | undefined {
  const pick = (p: NodeMovePerformers) => p[action.kind] as NodeMovePerformer | undefined;
  const generic = pick(GENERIC_MOVE_PERFORMERS);
  if (generic) return generic;
  if (node) {
    const system = systemOfLab('', [node.kind]);
    return system ? pick(systemEngine(system).moves) : undefined;
  }
  return systemEngines()
    .map((e) => pick(e.moves))
    .find((p) => p !== undefined);
}

/**
 * Stop then start of the node's container (see startNode: partitions are put
 * back, fences made before are gone, the published ports change and come back
 * in `ports`). A node whose manager runs in its container comes back under
 * it and rejoins by itself (a postgres node's manager rewinds it when it had
 * diverged).
 */
async function restartNode(
  ctx: FaultContext,
  node: LabMember,
  opts: NodeActionOptions,
): Promise<NodeActionResult> {
  const stopped = await stopNode(ctx, node, opts.stopGraceSeconds ?? 3);
  const started = await startNode(ctx, node, opts);
  return {
    ...started,
    detail: `${stopped.detail}; ${started.detail.replace(`${node.name} started`, 'started again')}`,
  };
}

async function stopNode(
  ctx: FaultContext,
  node: LabMember,
  graceSeconds: number,
): Promise<NodeActionResult> {
  const started = Date.now();
  await ctx.runtime.stopContainer(node.containerId, graceSeconds);
  return {
    ok: true,
    detail: `${node.name} stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  };
}

/**
 * Starts a stopped node and returns its new published ports (Docker picks new
 * host ports on every start: the engine must reconnect its probes). The
 * restart gave the node a fresh network namespace: fences made before the
 * stop are gone, and the network faults in place (partitions, VRRP blocks)
 * are put back on it.
 */
async function startNode(
  ctx: FaultContext,
  node: LabMember,
  opts: NodeActionOptions,
): Promise<NodeActionResult> {
  await ctx.runtime.startContainer(node.containerId);
  const info = await ctx.runtime.inspectContainer(node.containerId);
  const reapply = await reapplyFaults(opts.activeFaults ?? [], node.name);
  const notes = describeReapply(reapply);
  return {
    ok: reapply.failed.length === 0,
    detail: `${node.name} started (its fences went with the restart${notes ? `; ${notes}` : ''})`,
    ports: info.ports,
  };
}

/**
 * Runs one command line in the node with `bash -lc` (a login shell, like the
 * console), killed inside the node after `timeoutMs` (exit code 124).
 */
async function runConsoleCommand(
  ctx: FaultContext,
  node: LabMember,
  command: string,
  timeoutMs: number,
): Promise<NodeActionResult> {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const r = await ctx.runtime.exec(
    node.containerId,
    ['timeout', '-k', '2', String(seconds), 'bash', '-lc', command],
    { timeoutMs: timeoutMs + 5000, user: 'root' },
  );
  let output = r.stdout + r.stderr;
  if (output.length > MAX_OUTPUT) output = `${output.slice(0, MAX_OUTPUT)}\n[... output truncated]`;
  const timedOut = r.exitCode === 124;
  return {
    ok: r.exitCode === 0,
    detail: timedOut
      ? `\`${command}\` on ${node.name} was killed after ${seconds} s`
      : `\`${command}\` on ${node.name} exited ${r.exitCode}`,
    exitCode: r.exitCode,
    output,
  };
}

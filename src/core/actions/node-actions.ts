import type { Action } from '../../shared/scenario-schema';
import { errorText, type FaultContext, type LabMember } from '../faults/fault-types';
import { describeReapply, reapplyFaults } from '../faults/reapply-faults';
import { isolateClients, unisolateClients } from './client-fence';
import {
  NODE_ACTION_KINDS,
  actionTarget,
  isNodeAction,
  type NodeActionOptions,
  type NodeActionResult,
} from './node-action-types';
import {
  exportPostgresRows,
  failoverTo,
  reinitNode,
  setMaintenanceMode,
  stopPostgres,
  switchoverTo,
} from '../../systems/patroni/engine/actions/patroni-node-actions';
import {
  demoteNode,
  exportKeys,
} from '../../systems/redis-sentinel/engine/actions/redis-node-actions';
import {
  announceVip,
  restartKeepalived,
  startKeepalived,
  stopKeepalived,
} from '../../systems/keepalived/engine/actions/keepalived-node-actions';

export { activeFences, describeFence, readFences, type ActiveFence } from './client-fence';
export {
  NODE_ACTION_KINDS,
  actionTarget,
  isNodeAction,
  type NodeAction,
  type NodeActionKind,
  type NodeActionOptions,
  type NodeActionResult,
} from './node-action-types';

/** Console output kept in a result, characters (UTF-16 code units). */
const MAX_OUTPUT = 64 * 1024;

/**
 * Performs one node-level palette action (see NodeActionKind) on a run's
 * member: the action's `node`, its `candidate` (switchover, failover), or for
 * maintenance-on/off the cluster, through any PostgreSQL node whose Patroni
 * answers. Never throws: an action that is not node-level (heal, end...), an
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
    if (action.kind === 'maintenance-on' || action.kind === 'maintenance-off') {
      return await setMaintenanceMode(ctx, action.kind === 'maintenance-on');
    }
    if (!node) return { ok: false, detail: `${action.kind} names no node` };
    switch (action.kind) {
      case 'isolate-clients':
        return await isolateClients(ctx, node);
      case 'unisolate-clients':
        return await unisolateClients(ctx, node);
      case 'pause':
        await ctx.runtime.pauseContainer(node.containerId);
        return {
          ok: true,
          detail: `${node.name} paused (frozen, not fenced: it wakes up as it was)`,
        };
      case 'resume':
        await ctx.runtime.unpauseContainer(node.containerId);
        return { ok: true, detail: `${node.name} resumed` };
      case 'stop':
        return await stopNode(ctx, node, opts.stopGraceSeconds ?? 3);
      case 'start':
        return await startNode(ctx, node, opts);
      case 'restart':
        return await restartNode(ctx, node, opts);
      case 'demote':
        return await demoteNode(ctx, node, opts.masterName ?? 'mymaster');
      case 'export-keys':
        return node.kind === 'postgres'
          ? await exportPostgresRows(ctx, node, opts.artifactsDir)
          : await exportKeys(ctx, node, opts.artifactsDir);
      case 'console':
        return await runConsoleCommand(ctx, node, action.command, opts.consoleTimeoutMs ?? 15_000);
      case 'stop-postgres':
        return await stopPostgres(ctx, node);
      case 'switchover':
        return await switchoverTo(ctx, node);
      case 'failover':
        return await failoverTo(ctx, node);
      case 'reinit':
        return await reinitNode(ctx, node, {
          ...(opts.patroniScope !== undefined ? { scope: opts.patroniScope } : {}),
          wait: opts.reinitWait ?? true,
        });
      case 'stop-keepalived':
        return await stopKeepalived(ctx, node);
      case 'start-keepalived':
        return await startKeepalived(ctx, node);
      case 'restart-keepalived':
        return await restartKeepalived(ctx, node);
      case 'announce-vip':
        return await announceVip(ctx, node);
    }
  } catch (err) {
    return {
      ok: false,
      detail: `${action.kind}${node ? ` on ${node.name}` : ''} failed: ${errorText(err)}`,
    };
  }
}

/**
 * Stop then start of the node's container (see startNode: partitions are put
 * back, fences made before are gone, the published ports change and come back
 * in `ports`). A Patroni node comes back under its wrapper and rejoins by
 * itself (pg_rewind when it had diverged).
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

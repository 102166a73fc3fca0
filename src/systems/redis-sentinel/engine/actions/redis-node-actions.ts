import { errorText, type FaultContext, type LabMember } from '../../../../core/faults/fault-types';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';
import { agreedMaster, askSentinels, describeViews } from './sentinel-agreement';

/** Budget of a redis-cli call inside a node, ms. */
const REDIS_CLI_TIMEOUT_MS = 15_000;

/**
 * Demotes a data node: `REPLICAOF` the master a majority of the sentinels
 * names, run with redis-cli inside the node. A fence (the node turns
 * read-only at once) and the way back into the cluster; the resync wipes
 * what only this node had, so export its keys first. Refuses to demote the
 * agreed master itself, and refuses when the sentinels do not agree.
 */
export async function demoteNode(
  ctx: FaultContext,
  node: LabMember,
  masterName: string,
): Promise<NodeActionResult> {
  const views = await askSentinels(ctx, masterName);
  const nameOf = (ip: string): string =>
    [...ctx.members.values()].find((m) => m.ipv4 === ip)?.name ?? ip;
  const master = agreedMaster(views);
  if (!master) {
    return {
      ok: false,
      detail: `the sentinels do not agree on a master (${describeViews(views, nameOf) || 'no sentinel'})`,
    };
  }
  const masterNode = nameOf(master.ip);
  if (master.ip === node.ipv4) {
    return {
      ok: false,
      detail: `${node.name} is the master the sentinels agree on; demoting it would leave no master`,
      master: { ...master, node: masterNode },
    };
  }
  try {
    const r = await ctx.runtime.exec(
      node.containerId,
      ['redis-cli', '-p', '6379', 'REPLICAOF', master.ip, String(master.port)],
      { timeoutMs: REDIS_CLI_TIMEOUT_MS, reuse: true },
    );
    const reply = (r.stdout + r.stderr).trim();
    const ok = r.exitCode === 0 && reply.startsWith('OK');
    return {
      ok,
      detail: ok
        ? `${node.name} now replicates ${masterNode} (${master.ip}:${master.port})`
        : `REPLICAOF on ${node.name} failed: ${reply || `exit ${r.exitCode}`}`,
      master: { ...master, node: masterNode },
    };
  } catch (err) {
    return { ok: false, detail: `could not demote ${node.name}: ${errorText(err)}` };
  }
}

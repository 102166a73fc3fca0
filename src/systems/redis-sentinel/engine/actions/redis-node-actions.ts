import fs from 'node:fs/promises';
import path from 'node:path';
import { errorText, type FaultContext, type LabMember } from '../../../../core/faults/fault-types';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';
import { agreedMaster, askSentinels, describeViews } from './sentinel-agreement';

/** Budget of a redis-cli call inside a node, ms. */
const REDIS_CLI_TIMEOUT_MS = 5000;
/** Budget of a key export (a SCAN over every key), ms. */
const EXPORT_TIMEOUT_MS = 30_000;
/** The workload's keys (see WriteRecord.key). */
const WORKLOAD_KEYS = 'dojo:w:*';

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

/**
 * Saves the workload keys a node holds (`redis-cli --scan --pattern dojo:w:*`
 * inside the node) to a file under `artifactsDir`, one key per line, sorted:
 * the divergent writes of a stale leader, kept before a rejoin wipes them.
 */
export async function exportKeys(
  ctx: FaultContext,
  node: LabMember,
  artifactsDir: string | undefined,
): Promise<NodeActionResult> {
  if (!artifactsDir) return { ok: false, detail: 'no artifacts folder to export keys into' };
  let keys: string[];
  try {
    const r = await ctx.runtime.exec(
      node.containerId,
      ['redis-cli', '-p', '6379', '--scan', '--pattern', WORKLOAD_KEYS],
      { timeoutMs: EXPORT_TIMEOUT_MS, reuse: true },
    );
    if (r.exitCode !== 0) {
      return { ok: false, detail: `scan of ${node.name} failed: ${(r.stderr || r.stdout).trim()}` };
    }
    // SCAN may return a key twice; a file of keys must not.
    keys = [...new Set(r.stdout.split('\n').map((k) => k.trim()))].filter(Boolean).sort();
  } catch (err) {
    return { ok: false, detail: `could not read the keys of ${node.name}: ${errorText(err)}` };
  }
  await fs.mkdir(artifactsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(artifactsDir, `${node.name}-keys-${stamp}.txt`);
  await fs.writeFile(file, keys.length ? `${keys.join('\n')}\n` : '', 'utf8');
  return {
    ok: true,
    detail: `${keys.length} workload keys of ${node.name} saved to ${path.basename(file)}`,
    count: keys.length,
    file,
  };
}

import path from 'node:path';
import { errorText, type FaultContext, type LabMember } from '../../../../core/faults/fault-types';
import type { ContainerRuntime } from '../../../../core/runtime/container-runtime';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';
import {
  exportFileName,
  isEntry,
  tryJsonArray,
  writeExport,
  type SavedEntry,
} from '../../../../core/actions/saved-export';

/** Budget of a key export (a SCAN and GET of every workload key), ms. */
const EXPORT_TIMEOUT_MS = 30_000;
/** The workload's keys: its writes' own (see WriteRecord.key) and the shared ones (WriteRecord.shared). */
export const WORKLOAD_KEYS = 'dojo:[ws]:*';
/** The shared keys of a shared-key workload (`workload.sharedKeys`). */
export const SHARED_KEYS = 'dojo:s:*';

/**
 * Runs inside Redis: every string key matching ARGV[1] with its value, as one
 * JSON array of [key, value] pairs (cjson encodes an empty table as `{}`).
 * Keys of other types are skipped (the workload writes strings only).
 */
const DUMP_SCRIPT = `
local out = {}
local c = '0'
repeat
  local r = redis.call('SCAN', c, 'MATCH', ARGV[1], 'COUNT', 1000)
  c = r[1]
  for _, k in ipairs(r[2]) do
    if redis.call('TYPE', k).ok == 'string' then out[#out + 1] = { k, redis.call('GET', k) } end
  end
until c == '0'
return cjson.encode(out)`;

/**
 * Saves the workload keys a node holds with their values to a file under
 * `artifactsDir`, one `["key","value"]` JSON array per line, sorted by key:
 * the divergent writes of a stale leader, kept before a rejoin wipes them and
 * ready for replay-export. Read by one Lua script inside the node (a
 * consistent snapshot: the script runs atomically).
 */
export async function exportKeys(
  ctx: FaultContext,
  node: LabMember,
  artifactsDir: string | undefined,
): Promise<NodeActionResult> {
  if (!artifactsDir) return { ok: false, detail: 'no artifacts folder to export keys into' };
  let entries: SavedEntry[];
  try {
    entries = await readKeyValues(ctx.runtime, node.containerId, WORKLOAD_KEYS);
  } catch (err) {
    const detail =
      err instanceof KeyDumpError
        ? `export of ${node.name} failed: ${err.message}`
        : `could not read the keys of ${node.name}: ${errorText(err)}`;
    return { ok: false, detail };
  }
  const file = await writeExport(artifactsDir, exportFileName(node.name, 'keys'), entries);
  return {
    ok: true,
    detail: `${entries.length} workload keys of ${node.name} saved with their values to ${path.basename(file)}`,
    count: entries.length,
    file,
  };
}

/** The node answered the dump with something else than its keys (the first line of it). */
class KeyDumpError extends Error {}

/**
 * Every string key matching `pattern` a Redis node holds, with its value,
 * sorted by key, read by one Lua script inside the node (a consistent
 * snapshot). Throws KeyDumpError when the node answers otherwise, and the
 * exec's own error when it cannot be reached.
 */
export async function readKeyValues(
  runtime: ContainerRuntime,
  containerId: string,
  pattern: string,
): Promise<SavedEntry[]> {
  const r = await runtime.exec(
    containerId,
    ['redis-cli', '-p', '6379', 'EVAL', DUMP_SCRIPT, '0', pattern],
    { timeoutMs: EXPORT_TIMEOUT_MS },
  );
  const parsed = r.exitCode === 0 ? tryJsonArray(r.stdout.trim()) : undefined;
  if (!parsed) {
    const why = (r.stderr || r.stdout).trim().split('\n')[0] || `exit ${r.exitCode}`;
    throw new KeyDumpError(why.slice(0, 200));
  }
  return parsed.filter(isEntry).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

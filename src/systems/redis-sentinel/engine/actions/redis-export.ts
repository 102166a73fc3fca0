import fs from 'node:fs/promises';
import path from 'node:path';
import { errorText, type FaultContext, type LabMember } from '../../../../core/faults/fault-types';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';

/** Budget of a key export (a SCAN and GET of every workload key), ms. */
const EXPORT_TIMEOUT_MS = 30_000;
/** The workload's keys (see WriteRecord.key). */
export const WORKLOAD_KEYS = 'dojo:w:*';

/** One saved write: the key and its value, as the export file holds it (one JSON array per line). */
export type SavedEntry = [key: string, value: string];

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

/** The file name of an export of `node` (its stamp sorts by time). */
export function exportFileName(node: string, at: Date): string {
  return `${node}-keys-${at.toISOString().replace(/[:.]/g, '-')}.jsonl`;
}

/**
 * A Redis reply that should be a cjson-encoded array (cjson encodes an empty
 * one as `{}`), or undefined when it is not (an error reply, say).
 */
export function tryJsonArray(reply: string): unknown[] | undefined {
  let v: unknown;
  try {
    v = JSON.parse(reply);
  } catch {
    return undefined;
  }
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object' && Object.keys(v).length === 0) return [];
  return undefined;
}

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
    const r = await ctx.runtime.exec(
      node.containerId,
      ['redis-cli', '-p', '6379', 'EVAL', DUMP_SCRIPT, '0', WORKLOAD_KEYS],
      { timeoutMs: EXPORT_TIMEOUT_MS },
    );
    const parsed = r.exitCode === 0 ? tryJsonArray(r.stdout.trim()) : undefined;
    if (!parsed) {
      const why = (r.stderr || r.stdout).trim().split('\n')[0] || `exit ${r.exitCode}`;
      return { ok: false, detail: `export of ${node.name} failed: ${why.slice(0, 200)}` };
    }
    entries = parsed.filter(isEntry).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  } catch (err) {
    return { ok: false, detail: `could not read the keys of ${node.name}: ${errorText(err)}` };
  }
  await fs.mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, exportFileName(node.name, new Date()));
  await fs.writeFile(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
  return {
    ok: true,
    detail: `${entries.length} workload keys of ${node.name} saved with their values to ${path.basename(file)}`,
    count: entries.length,
    file,
  };
}

/** A `[key, value]` pair of strings. */
export function isEntry(v: unknown): v is SavedEntry {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';
}

/**
 * The latest export of `node` in `artifactsDir` (by the stamp in its name)
 * and its entries. Throws with a one-line reason when there is none or a
 * line is not a saved `[key, value]` pair.
 */
export async function readLatestExport(
  artifactsDir: string,
  node: string,
): Promise<{ file: string; entries: SavedEntry[] }> {
  const prefix = `${node}-keys-`;
  const names = await fs.readdir(artifactsDir).catch(() => [] as string[]);
  const latest = names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl'))
    .sort()
    .at(-1);
  if (!latest) throw new Error(`no export of ${node} was saved in this run (export-keys first)`);
  const file = path.join(artifactsDir, latest);
  const lines = (await fs.readFile(file, 'utf8')).split('\n');
  const entries: SavedEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      v = undefined;
    }
    if (!isEntry(v))
      throw new Error(`${latest} line ${i + 1} is not a saved ["key", "value"] pair`);
    entries.push(v);
  });
  return { file, entries };
}

import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The file an export-keys move saves and a replay-export move reads back:
 * one `["key", "value"]` JSON array per line, sorted by key, named
 * `<node>-<keys|rows>-<ISO stamp>.jsonl` in the run's artifacts folder (the
 * stamp sorts by time). The key is the workload's (`dojo:w:<client>:<seq6>`),
 * the value what the node held for it (a Redis value, a row's payload).
 */

/** The most entries an export may hold to be replayed (a larger one is refused, not cut). */
export const MAX_REPLAY_ENTRIES = 200_000;

/** One saved write: its key and its value. */
export type SavedEntry = [key: string, value: string];

/** The file name of an export of `node` made now; `what` is `keys` (Redis) or `rows` (PostgreSQL). */
export function exportFileName(node: string, what: 'keys' | 'rows', at = new Date()): string {
  return `${node}-${what}-${at.toISOString().replace(/[:.]/g, '-')}.jsonl`;
}

/** Writes `entries` to `name` under `dir` (created when missing); returns the file's path. */
export async function writeExport(
  dir: string,
  name: string,
  entries: readonly SavedEntry[],
): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await fs.writeFile(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
  return file;
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

/** A `[key, value]` pair of strings. */
export function isEntry(v: unknown): v is SavedEntry {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';
}

/**
 * The latest export of `node` in `artifactsDir` (by the stamp in its name)
 * and its entries. Throws with a one-line reason when there is none, it
 * holds more than MAX_REPLAY_ENTRIES, or a line is not a saved `[key, value]` pair.
 */
export async function readLatestExport(
  artifactsDir: string,
  node: string,
  what: 'keys' | 'rows',
): Promise<{ file: string; entries: SavedEntry[] }> {
  const prefix = `${node}-${what}-`;
  const names = await fs.readdir(artifactsDir).catch(() => [] as string[]);
  const latest = names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl'))
    .sort()
    .at(-1);
  if (!latest) throw new Error(`no export of ${node} was saved in this run (export-keys first)`);
  const file = path.join(artifactsDir, latest);
  const lines = (await fs.readFile(file, 'utf8')).split('\n');
  const count = lines.filter((l) => l.trim() !== '').length;
  if (count > MAX_REPLAY_ENTRIES)
    throw new Error(
      `${latest} holds ${count} writes, more than the ${MAX_REPLAY_ENTRIES} a replay sends`,
    );
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

import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Scenario } from '../../shared/scenario-schema';
import { boundedProblems } from './problem-list';
import { parseResponseText, type ParsedResponse } from './response-file';
import { MAX_LIBRARY_FILE_BYTES, checkRegularFile, readRegularFile } from './safe-read';
import { readYamlValue } from './yaml-lines';

/** The folder of a system's response files, under the scenarios folder. */
export const RESPONSES_DIR = 'responses';

/** Most `*.yaml` entries looked at in one responses folder; the rest are left out, in name order. */
export const MAX_RESPONSE_FILES = 200;

/** One response file of a scenario, as found in its system's responses folder. */
export interface ResponseFileEntry {
  /** The file name, e.g. `stale-leader-fence-new-master.yaml`. */
  name: string;
  /** Its path (the scenarios folder joined with `<system>/responses/<name>`). */
  path: string;
  /** Path relative to the scenarios folder, as problems name it. */
  file: string;
  /** Its steps and header, or its problems (never thrown). */
  parsed: ParsedResponse;
}

/**
 * The `scenario` a response file's header names, when its text is a mapping
 * with a string `scenario`; undefined for a bare list or a text that does not
 * read (held to the YAML limits, see readYamlValue).
 */
export function headerScenarioOf(text: string): string | undefined {
  const read = readYamlValue(text);
  if (!read.ok || read.value === null || typeof read.value !== 'object') return undefined;
  if (Array.isArray(read.value)) return undefined;
  const named = (read.value as Record<string, unknown>).scenario;
  return typeof named === 'string' ? named : undefined;
}

/** The `*.yaml` names in `dir` (sorted, at most MAX_RESPONSE_FILES), or none when `dir` is not a real folder. */
async function yamlNames(dir: string): Promise<string[]> {
  try {
    // A link in place of the folder is not followed, like a link in place of a file.
    if (!(await lstat(dir)).isDirectory()) return [];
    const names = await readdir(dir);
    return names
      .filter((n) => n.endsWith('.yaml'))
      .sort((a, b) => a.localeCompare(b))
      .slice(0, MAX_RESPONSE_FILES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

/**
 * Every response file of `scenario` in `<scenariosDir>/<system>/responses/`:
 * each `*.yaml` whose header names the scenario (`scenario: <id>`); a file
 * with no header (a bare list of steps) or whose header does not read is
 * matched by its name, `<id>-*.yaml`. Files are read as the library reads
 * scenarios (regular files only, at most `maxBytes`, see safe-read.ts): a
 * link, FIFO or oversized file named `<id>-*.yaml` is listed with its
 * problem, unopened, and never hides the others. Sorted by name.
 */
export async function listResponseFiles(
  scenariosDir: string,
  scenario: Scenario,
  maxBytes: number = MAX_LIBRARY_FILE_BYTES,
): Promise<ResponseFileEntry[]> {
  const rel = path.join(scenario.system, RESPONSES_DIR);
  const dir = path.join(scenariosDir, rel);
  const byName = (name: string) => name.startsWith(`${scenario.id}-`);
  const out: ResponseFileEntry[] = [];
  for (const name of await yamlNames(dir)) {
    const abs = path.join(dir, name);
    const file = path.join(rel, name);
    const refused = (r: { line: number; message: string }): ResponseFileEntry => ({
      name,
      path: abs,
      file,
      parsed: {
        ok: false,
        problems: boundedProblems([{ file, line: r.line, path: '', message: r.message }]),
      },
    });
    const checked = await checkRegularFile(abs, maxBytes);
    if (!checked.ok) {
      if (byName(name)) out.push(refused(checked));
      continue;
    }
    const read = await readRegularFile(abs, maxBytes, checked.stamp);
    if (!read.ok) {
      if (byName(name)) out.push(refused(read));
      continue;
    }
    const target = headerScenarioOf(read.text);
    if (target === undefined ? !byName(name) : target !== scenario.id) continue;
    out.push({ name, path: abs, file, parsed: parseResponseText(read.text, file, scenario) });
  }
  return out;
}

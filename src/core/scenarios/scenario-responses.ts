import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResponseFileText } from '../../shared/scenario-library-types';
import { ParsedFileCache } from './parsed-file-cache';
import { MAX_LIBRARY_FILE_BYTES, checkRegularFile, readRegularFile } from './safe-read';
import { MAX_RESPONSE_FILES, RESPONSES_DIR, headerScenarioOf } from './response-library';

/**
 * The `scenario:` field of a response file's YAML value (read already, see
 * readYamlValue), when it is a mapping with a string one: headerScenarioOf
 * for a value in hand.
 */
export function headerOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const scenario = (value as Record<string, unknown>).scenario;
  return typeof scenario === 'string' ? scenario : undefined;
}

/**
 * The scenario a response file belongs to: the one its `scenario:` field
 * names; without one, the longest of `ids` its name starts with followed by
 * a dash (`stale-leader-2-x.yaml` is stale-leader-2's when both exist).
 */
export function ownerOf(
  name: string,
  header: string | undefined,
  ids: Iterable<string>,
): string | undefined {
  if (header !== undefined) return header;
  const base = name.replace(/\.ya?ml$/, '');
  let owner: string | undefined;
  for (const id of ids)
    if (base.startsWith(`${id}-`) && (!owner || id.length > owner.length)) owner = id;
  return owner;
}

/** A response file found in a responses folder. */
export interface ResponseFileInfo {
  /** File name, e.g. `stale-leader-human.yaml`. */
  name: string;
  /** Absolute path. */
  abs: string;
  /** Its `scenario:` field, if any (see headerScenarioOf). */
  header: string | undefined;
  /** Its text (only regular files of at most MAX_LIBRARY_FILE_BYTES are listed). */
  text: string;
}

/** Headers read lately, by file version: a folder unchanged is not parsed again. */
const headers = new ParsedFileCache<{ header: string | undefined }>();

/** True when `folder` is a folder itself, not a link to one. */
async function isRealFolder(folder: string): Promise<boolean> {
  try {
    return (await lstat(folder)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The response files of `<dir>/<system>/responses/` that can be read: regular
 * files (no link, FIFO or device is opened) of at most MAX_LIBRARY_FILE_BYTES,
 * UTF-8, named `*.yaml` or `*.yml`; at most MAX_RESPONSE_FILES of them, in name
 * order. A missing folder, or one that is a link, has none; a file that
 * cannot be read is left out.
 */
export async function responseFiles(dir: string, system: string): Promise<ResponseFileInfo[]> {
  const folder = path.join(dir, system, RESPONSES_DIR);
  // Links are not followed: a responses folder (or system folder) that is a link has no files.
  if (!(await isRealFolder(path.join(dir, system))) || !(await isRealFolder(folder))) return [];
  let names: string[];
  try {
    names = (await readdir(folder))
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .slice(0, MAX_RESPONSE_FILES);
  } catch {
    return [];
  }
  const found: ResponseFileInfo[] = [];
  for (const name of names) {
    const abs = path.join(folder, name);
    const checked = await checkRegularFile(abs, MAX_LIBRARY_FILE_BYTES);
    if (!checked.ok) continue;
    const read = await readRegularFile(abs, MAX_LIBRARY_FILE_BYTES, checked.stamp);
    if (!read.ok) continue;
    let parsed = headers.get(abs, read.stamp);
    if (!parsed) {
      parsed = { header: headerScenarioOf(read.text) };
      headers.set(abs, read.stamp, parsed);
    }
    found.push({ name, abs, header: parsed.header, text: read.text });
  }
  headers.prune(path.join(folder, path.sep), new Set(found.map((f) => f.abs)));
  return found;
}

/**
 * The response files of scenario `id` in `<dir>/<system>/responses/` (see
 * ownerOf; `ids` are the scenarios of that folder), name and text verbatim.
 */
export async function responsesOf(
  dir: string,
  system: string,
  id: string,
  ids: Iterable<string>,
): Promise<ResponseFileText[]> {
  const known = new Set(ids).add(id);
  return (await responseFiles(dir, system))
    .filter((f) => ownerOf(f.name, f.header, known) === id)
    .map((f) => ({ name: f.name, text: f.text }));
}

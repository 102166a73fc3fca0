import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** The largest artifact served for download, bytes. */
export const MAX_ARTIFACT_BYTES = 32 * 1024 * 1024;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * A file a run saved (keys or rows from export-keys), read for download:
 * only a plain file directly in the run's own artifacts folder, by its bare
 * name (no path, no link leading elsewhere), at most MAX_ARTIFACT_BYTES.
 * Throws with a one-line reason otherwise.
 */
export async function readArtifact(
  dir: string,
  runId: string,
  name: string,
): Promise<{ filename: string; content: string; mediaType: string }> {
  if (!NAME.test(name)) throw new Error(`"${name}" is not a file name of run ${runId}`);
  const missing = new Error(`run ${runId} saved no file "${name}"`);
  let real: string;
  let folder: string;
  try {
    folder = await realpath(dir);
    real = await realpath(path.join(dir, name));
  } catch {
    throw missing;
  }
  if (path.dirname(real) !== folder) throw missing;
  const info = await stat(real);
  if (!info.isFile()) throw missing;
  if (info.size > MAX_ARTIFACT_BYTES)
    throw new Error(`"${name}" is ${info.size} bytes, more than the ${MAX_ARTIFACT_BYTES} served`);
  return { filename: name, content: await readFile(real, 'utf8'), mediaType: 'text/plain' };
}

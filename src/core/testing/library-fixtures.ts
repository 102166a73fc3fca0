import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's shipped scenarios (read, never written, by the library tests). */
export const SHIPPED_DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));

/** A shipped scenario's text. */
export const shippedText = (file: string): Promise<string> =>
  readFile(path.join(SHIPPED_DIR, file), 'utf8');

/**
 * A valid library scenario: stale-leader under another id and title, with a
 * comment of its own (to see that texts travel verbatim).
 */
export async function libraryText(id: string, title = `My drill ${id}`): Promise<string> {
  const text = await shippedText('redis-sentinel/stale-leader.yaml');
  return `# ${id}: our own variant — comments stay\n${text
    .replace('id: stale-leader', `id: ${id}`)
    .replace('title: The master nobody told', `title: ${title}`)}`;
}

/** A temp folder for one test, removed by the returned function. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/** What besides the context's files decides the built image. */
export interface ContextHashInputs {
  /** Engine id of the base image (`sha256:...`), or its reference when the id is unknown. */
  baseImageId: string;
  /** Build args passed to `docker build`. */
  buildArgs?: Record<string, string>;
}

/**
 * A short content hash of a build context: sha256 over the sorted relative
 * paths (POSIX separators), each entry's type and permission bits, file
 * contents and symlink targets, plus the base image id and the build args.
 * Returns the first 12 hex characters, used as the image tag.
 * Modification times and owners do not count, so a fresh checkout hashes the same.
 */
export async function contextHash(contextDir: string, inputs: ContextHashInputs): Promise<string> {
  const hash = createHash('sha256');
  const entries = await walk(contextDir);
  entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const e of entries) {
    const abs = path.join(contextDir, ...e.rel.split('/'));
    const stat = await fsp.lstat(abs);
    const perm = (stat.mode & 0o7777).toString(8);
    if (stat.isSymbolicLink()) {
      hash.update(`link ${e.rel} ${await fsp.readlink(abs)}\n`);
    } else if (stat.isDirectory()) {
      hash.update(`dir ${e.rel} ${perm}\n`);
    } else if (stat.isFile()) {
      const content = await fsp.readFile(abs);
      hash.update(`file ${e.rel} ${perm} ${content.length}\n`);
      hash.update(content);
      hash.update('\n');
    }
  }
  hash.update(`base ${inputs.baseImageId}\n`);
  for (const [k, v] of Object.entries(inputs.buildArgs ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    hash.update(`arg ${k}=${v}\n`);
  }
  return hash.digest('hex').slice(0, 12);
}

async function walk(root: string, rel = ''): Promise<{ rel: string }[]> {
  const out: { rel: string }[] = [];
  const dirents = await fsp.readdir(rel ? path.join(root, ...rel.split('/')) : root, {
    withFileTypes: true,
  });
  for (const d of dirents) {
    const childRel = rel ? `${rel}/${d.name}` : d.name;
    out.push({ rel: childRel });
    if (d.isDirectory()) out.push(...(await walk(root, childRel)));
  }
  return out;
}

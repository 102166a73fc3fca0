import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Mode of a file written to the library: read-write for its owner, readable by all. */
export const LIBRARY_FILE_MODE = 0o644;
/** Mode of a folder made in the library. */
export const LIBRARY_FOLDER_MODE = 0o755;

/** A write to the library that was refused or failed; the message names no absolute path. */
export class LibraryWriteError extends Error {}

/** What is at a path, without following a link: nothing, a regular file, or something else. */
export async function pathKind(
  file: string,
): Promise<'absent' | 'file' | 'link' | 'folder' | 'other'> {
  try {
    const s = await lstat(file);
    if (s.isSymbolicLink()) return 'link';
    if (s.isFile()) return 'file';
    return s.isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw new LibraryWriteError(`cannot look at the file: ${codeOf(error)}`);
  }
}

/** Why an existing entry of this kind is not written over, or undefined when it may be. */
export function kindRefusal(kind: Awaited<ReturnType<typeof pathKind>>): string | undefined {
  if (kind === 'link') return 'is a symbolic link: the library does not write through links';
  if (kind === 'folder') return 'is a folder';
  if (kind === 'other') return 'is not a regular file (a FIFO, socket or device)';
  return undefined;
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/**
 * Makes `<root>/<parts...>` (the root with its parents when missing, each
 * part one folder) and returns its path. Each part must be a folder itself,
 * not a link to one: nothing is written through a link inside the library.
 */
export async function libraryFolder(root: string, ...parts: string[]): Promise<string> {
  try {
    await mkdir(root, { recursive: true, mode: LIBRARY_FOLDER_MODE });
  } catch (error) {
    throw new LibraryWriteError(`cannot make the library folder: ${codeOf(error)}`);
  }
  let dir = root;
  for (const part of parts) {
    dir = path.join(dir, part);
    const rel = path.relative(root, dir);
    try {
      await mkdir(dir, { mode: LIBRARY_FOLDER_MODE });
    } catch (error) {
      if (codeOf(error) !== 'EEXIST')
        throw new LibraryWriteError(`cannot make library: ${rel}/: ${codeOf(error)}`);
    }
    const kind = await pathKind(dir);
    if (kind !== 'folder')
      throw new LibraryWriteError(
        `library: ${rel}/ ${kind === 'link' ? 'is a symbolic link' : 'is not a folder'}: nothing is written through it`,
      );
  }
  return dir;
}

/**
 * Writes `text` to `<dir>/<name>` at once: a temp file beside it (created
 * anew, never through a link), flushed, mode 0644, then renamed over the
 * target. Refused when the target exists and is not a regular file. A
 * reader sees the old file or the new one, never half of one.
 */
export async function writeFileAtomic(dir: string, name: string, text: string): Promise<void> {
  const target = path.join(dir, name);
  const refusal = kindRefusal(await pathKind(target));
  if (refusal) throw new LibraryWriteError(`${name} ${refusal}`);
  // A dot name ending in .tmp: the catalog, which reads *.yaml and *.yml, never sees it.
  const temp = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const flags =
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  let written = false;
  try {
    const handle = await open(temp, flags, LIBRARY_FILE_MODE);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(LIBRARY_FILE_MODE); // whatever the umask
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Looked at again just before: a link put there meanwhile is refused, not replaced.
    const again = kindRefusal(await pathKind(target));
    if (again) throw new LibraryWriteError(`${name} ${again}`);
    await rename(temp, target);
    written = true;
  } catch (error) {
    if (error instanceof LibraryWriteError) throw error;
    throw new LibraryWriteError(`cannot write ${name}: ${codeOf(error)}`);
  } finally {
    if (!written) await unlink(temp).catch(() => undefined);
  }
}

/** Removes a regular file (never a link's target: unlink removes the entry itself). */
export async function removeFile(file: string): Promise<boolean> {
  if ((await pathKind(file)) !== 'file') return false;
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw new LibraryWriteError(`cannot remove ${path.basename(file)}: ${codeOf(error)}`);
  }
}

/**
 * Runs library writes one at a time (a check and the write it allows are
 * never interleaved with another save, import or delete of this engine).
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

import { constants, type BigIntStats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

/**
 * Largest scenario or response file read, in bytes (256 KiB): over 30 times
 * the largest shipped scenario (7.9 KB). A bigger file is refused unread.
 */
export const MAX_LIBRARY_FILE_BYTES = 256 * 1024;

/**
 * What identifies one version of a file: writing to it changes `ctimeNs`
 * (which, unlike the mtime, cannot be set back), replacing it changes `ino`.
 * Times in nanoseconds since the epoch, size in bytes.
 */
export interface FileStamp {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

/** A refusal: the 1-based line it is about (1 when about the whole file) and why. */
export interface FileRefusal {
  ok: false;
  line: number;
  message: string;
}

/** True when both stamps name the same version of the same file. */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  );
}

function stampOf(s: BigIntStats): FileStamp {
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
}

function kindOf(s: BigIntStats): string {
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function refusal(message: string, line = 1): FileRefusal {
  return { ok: false, line, message };
}

/** The error code of a failed file call (ENOENT, EACCES...), without the path it names. */
function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : 'unknown error';
}

/** Why a file of this kind and size is not read, or undefined when it may be. */
function refusalFor(s: BigIntStats, maxBytes: number): FileRefusal | undefined {
  if (s.isSymbolicLink())
    return refusal('is a symbolic link: links are not followed, put the file itself here');
  if (!s.isFile()) return refusal(`is ${kindOf(s)}, not a regular file`);
  if (s.size > BigInt(maxBytes))
    return refusal(`is ${s.size} bytes; files over ${maxBytes} bytes are not read`);
  return undefined;
}

/**
 * Looks at a file without opening it or following a link: it must be a
 * regular file (not a symbolic link, directory, FIFO, socket or device) of
 * at most `maxBytes` bytes. Returns its stamp, to reuse an earlier parse of
 * the same version, or why it is refused.
 */
export async function checkRegularFile(
  file: string,
  maxBytes: number = MAX_LIBRARY_FILE_BYTES,
): Promise<{ ok: true; stamp: FileStamp } | FileRefusal> {
  let s: BigIntStats;
  try {
    s = await lstat(file, { bigint: true });
  } catch (error) {
    return refusal(`cannot read: ${codeOf(error)}`);
  }
  return refusalFor(s, maxBytes) ?? { ok: true, stamp: stampOf(s) };
}

/** Byte offset of the first invalid UTF-8 sequence (a prefix decodes cleanly up to it). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      good = mid;
    } catch {
      bad = mid;
    }
  }
  return good;
}

/** Decodes strict UTF-8 (a leading byte order mark is dropped), or says at which line it is not. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | FileRefusal {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return refusal('is not valid UTF-8 text', line);
  }
}

/**
 * Opens without following a link and without blocking (a FIFO or device
 * swapped in after the check cannot hang the read), confirms it is the
 * regular file that was checked (`expected`, when given), and reads at most
 * `maxBytes` + 1 bytes of strict UTF-8. Refusals never quote the content.
 */
export async function readRegularFile(
  file: string,
  maxBytes: number = MAX_LIBRARY_FILE_BYTES,
  expected?: FileStamp,
): Promise<{ ok: true; text: string; stamp: FileStamp } | FileRefusal> {
  const flags =
    constants.O_RDONLY |
    (constants.O_NOFOLLOW ?? 0) |
    (constants.O_NONBLOCK ?? 0) |
    (constants.O_NOCTTY ?? 0);
  let handle;
  try {
    handle = await open(file, flags);
  } catch (error) {
    return codeOf(error) === 'ELOOP'
      ? refusal('is a symbolic link: links are not followed, put the file itself here')
      : refusal(`cannot read: ${codeOf(error)}`);
  }
  try {
    const s = await handle.stat({ bigint: true });
    const refused = refusalFor(s, maxBytes);
    if (refused) return refused;
    if (expected && (s.dev !== expected.dev || s.ino !== expected.ino))
      return refusal('was replaced while being read; it is read again on the next load');
    // Room for one byte more than allowed: a file that grew since the check is caught.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return refusal(`grew past ${maxBytes} bytes while being read`);
    const decoded = decodeUtf8(buffer.subarray(0, length));
    return decoded.ok ? { ok: true, text: decoded.text, stamp: stampOf(s) } : decoded;
  } catch (error) {
    return refusal(`cannot read: ${codeOf(error)}`);
  } finally {
    await handle.close();
  }
}

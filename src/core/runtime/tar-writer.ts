/**
 * A minimal POSIX ustar writer: regular files only, built in memory. Enough
 * to copy generated config files into a container with `putArchive`.
 *
 * Parent directories are deliberately not written as entries: Docker creates
 * missing parents itself (root-owned, 0755) and leaves existing ones alone,
 * whereas a directory entry would reset the mode/owner of e.g. `/etc`.
 */

/** One regular file of the archive. */
export interface TarFile {
  /** Path inside the archive, relative (`etc/dojo/redis.conf`); a leading `/` is stripped. */
  path: string;
  content: string | Uint8Array;
  /** Permission bits, default 0o644. */
  mode?: number;
  /** Numeric owner, default 0. */
  uid?: number;
  gid?: number;
  /** Modification time, seconds since epoch; default now. */
  mtimeSeconds?: number;
}

const BLOCK = 512;

/** Builds a ustar archive (with the two closing zero blocks) from regular files. */
export function buildTar(files: readonly TarFile[]): Buffer {
  const chunks: Buffer[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (const f of files) {
    const name = normalizeName(f.path);
    const body =
      typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content);
    chunks.push(
      header(name, body.length, f.mode ?? 0o644, f.uid ?? 0, f.gid ?? 0, f.mtimeSeconds ?? now),
    );
    chunks.push(body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad) chunks.push(Buffer.alloc(pad));
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(chunks);
}

function normalizeName(p: string): string {
  const name = p.replace(/^\/+/, '');
  if (!name || name.endsWith('/')) throw new Error(`tar: not a file path: "${p}"`);
  if (name.split('/').some((seg) => seg === '..' || seg === '')) {
    throw new Error(`tar: path must not contain ".." or empty segments: "${p}"`);
  }
  return name;
}

/** Splits a long path into ustar's prefix (155 bytes) and name (100 bytes) at a `/`. */
function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100)
      return { prefix, name: rest };
  }
  throw new Error(`tar: path too long for ustar: "${name}"`);
}

function header(
  path: string,
  size: number,
  mode: number,
  uid: number,
  gid: number,
  mtime: number,
): Buffer {
  if (size > 0o77777777777) throw new Error(`tar: file too large: ${path}`);
  const { prefix, name } = splitName(path);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  writeOctal(h, 100, 8, mode & 0o7777);
  writeOctal(h, 108, 8, uid);
  writeOctal(h, 116, 8, gid);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  h.write('0', 156, 1, 'ascii'); // typeflag: regular file
  h.write('ustar\u000000', 257, 8, 'binary'); // magic "ustar\0" + version "00"
  // Names only for root: extractors prefer names over ids, and other ids have no known name.
  if (uid === 0) h.write('root', 265, 32, 'ascii');
  if (gid === 0) h.write('root', 297, 32, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  // six octal digits, NUL, space (the classic layout)
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'binary');
  return h;
}

/** Writes a zero-padded octal number of width-1 digits followed by NUL. */
function writeOctal(buf: Buffer, offset: number, width: number, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new Error(`tar: invalid numeric field ${value}`);
  const text = value.toString(8).padStart(width - 1, '0');
  if (text.length > width - 1) throw new Error(`tar: value ${value} does not fit ${width} bytes`);
  buf.write(`${text}\u0000`, offset, width, 'ascii');
}

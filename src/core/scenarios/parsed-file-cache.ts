import { sameStamp, type FileStamp } from './safe-read';

/**
 * What was made of each file (its parse), by path, kept while the file's
 * stamp (device, inode, size, mtime, ctime) is unchanged: a catalog call on
 * an unchanged library reads no file and parses nothing.
 */
export class ParsedFileCache<T> {
  private readonly entries = new Map<string, { stamp: FileStamp; value: T }>();
  /** Files parsed (cache misses) since the cache was made. */
  parses = 0;

  /** @param maxEntries most files kept; past it the cache starts over. */
  constructor(private readonly maxEntries = 2_000) {}

  /** The value made of this version of `file`, or undefined. */
  get(file: string, stamp: FileStamp): T | undefined {
    const entry = this.entries.get(file);
    return entry && sameStamp(entry.stamp, stamp) ? entry.value : undefined;
  }

  /** Keeps the value made of this version of `file` (counted as a parse). */
  set(file: string, stamp: FileStamp, value: T): void {
    this.parses++;
    if (!this.entries.has(file) && this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(file, { stamp, value });
  }

  /** Forgets the files under `dir` (a path prefix ending in a separator) not in `seen`. */
  prune(dir: string, seen: ReadonlySet<string>): void {
    for (const file of this.entries.keys())
      if (file.startsWith(dir) && !seen.has(file)) this.entries.delete(file);
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** An engine the facilitator added, as kept across restarts of the app. */
export interface SavedEngine {
  /** `e<n>`: kept, so a game day's board still names the same engine after a restart. */
  id: string;
  address: string;
  name: string;
  tlsDir?: string;
}

const fileSchema = z.object({
  engines: z.array(
    z
      .object({
        id: z.string().regex(/^e\d{1,4}$/),
        address: z.string().min(1).max(300),
        name: z.string().min(1).max(40),
        tlsDir: z.string().max(1000).optional(),
      })
      .strict(),
  ),
});

/**
 * The engines added to the pool, in `<dataDir>/engines.json` (addresses, names and the TLS
 * folder's path, never a key). A file that cannot be read as such is moved aside
 * (`engines.json.unreadable-<ms>`) with the reason, never overwritten.
 */
export class EnginePoolStore {
  /** Why the saved engines could not be read at load, one line. */
  problem: string | undefined;

  constructor(readonly file: string) {}

  load(): SavedEngine[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return []; // none saved yet
    }
    try {
      return fileSchema.parse(JSON.parse(text)).engines.map((e) => ({
        id: e.id,
        address: e.address,
        name: e.name,
        ...(e.tlsDir ? { tlsDir: e.tlsDir } : {}),
      }));
    } catch (error) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      fs.renameSync(this.file, aside);
      this.problem = `${this.file} could not be read (${(error as Error).message.split('\n')[0]}); it was moved to ${path.basename(aside)} and the pool starts with this machine's engine only`;
      return [];
    }
  }

  save(engines: readonly SavedEngine[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, `${JSON.stringify({ engines }, null, 2)}\n`);
    fs.renameSync(tmp, this.file);
  }
}

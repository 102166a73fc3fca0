import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { GameDay } from '../../shared/game-day-types';

const FORMAT = 'failover-dojo-game-day';
const VERSION = 1;
/** A game day id: `g` and 16 hex digits. */
export const GAME_DAY_ID = /^g[0-9a-f]{16}$/;

const traineeSchema = z
  .object({
    id: z.string().regex(/^t\d{1,2}$/),
    name: z.string().min(1).max(40),
    scenarioId: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
    runId: z.string().optional(),
    state: z.enum(['waiting', 'running', 'graded', 'ended']),
    reason: z.string().max(500).optional(),
  })
  .strict();

const storedSchema = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(VERSION),
    gameDay: z
      .object({
        id: z.string().regex(GAME_DAY_ID),
        name: z.string().min(1).max(80),
        mode: z.enum(['blind', 'open']),
        timing: z.enum(['window', 'trigger']),
        createdAt: z.number(),
        startedAt: z.number().optional(),
        seed: z.number().int(),
        trainees: z.array(traineeSchema).min(1).max(12),
      })
      .strict(),
    /** sha256 (hex) of each trainee's token, by trainee id: the tokens themselves are never stored. */
    tokenHashes: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  })
  .strict();

/** A game day as kept on disk: the game day and its trainees' token hashes. */
export interface StoredGameDay {
  gameDay: GameDay;
  tokenHashes: Record<string, string>;
}

/** sha256 of a token, hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` hashes to `hash` (constant time). */
export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(tokenHash(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A fresh trainee token: 24 random bytes, base64url (32 characters). */
export function newTraineeToken(): string {
  return randomBytes(24).toString('base64url');
}

/** A fresh game day id. */
export function newGameDayId(): string {
  return `g${randomBytes(8).toString('hex')}`;
}

/**
 * Game days on disk: one JSON file per game day
 * (`<dataDir>/game-days/<id>.json`, written atomically), so a game day
 * survives a restart of the app. A file that cannot be read back is skipped
 * (and named by `problems`), never fatal.
 */
export class GameDayStore {
  readonly dir: string;
  /** Files skipped by the last `list`, with why. */
  problems: { file: string; message: string }[] = [];

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'game-days');
  }

  async save(stored: StoredGameDay): Promise<void> {
    const { id } = stored.gameDay;
    if (!GAME_DAY_ID.test(id)) throw new Error(`bad game day id "${id}"`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${id}.json`);
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    const body = { format: FORMAT, version: VERSION, ...stored };
    await writeFile(tmp, JSON.stringify(body, null, 1), { mode: 0o600 });
    await rename(tmp, file);
  }

  async load(id: string): Promise<StoredGameDay | undefined> {
    if (!GAME_DAY_ID.test(id)) return undefined;
    try {
      return this.parse(await readFile(path.join(this.dir, `${id}.json`), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Every readable game day, newest first. */
  async list(): Promise<StoredGameDay[]> {
    this.problems = [];
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: StoredGameDay[] = [];
    for (const name of names.filter((n) => /^g[0-9a-f]{16}\.json$/.test(n))) {
      try {
        out.push(this.parse(await readFile(path.join(this.dir, name), 'utf8')));
      } catch (error) {
        this.problems.push({ file: name, message: (error as Error).message.split('\n')[0]! });
      }
    }
    return out.sort((a, b) => b.gameDay.createdAt - a.gameDay.createdAt);
  }

  private parse(text: string): StoredGameDay {
    const parsed = storedSchema.parse(JSON.parse(text));
    const gameDay: GameDay = {
      ...parsed.gameDay,
      trainees: parsed.gameDay.trainees.map((t) => ({ ...t })),
    };
    return { gameDay, tokenHashes: parsed.tokenHashes };
  }
}

import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { AttemptSummary, Debrief } from '../../shared/debrief-types';

/** The file format of a stored attempt. */
const FORMAT = 'failover-dojo-attempt';
const VERSION = 1;
const ID = /^[A-Za-z0-9-]{1,64}$/;

const summarySchema = z.object({
  attemptId: z.string().regex(ID),
  scenarioId: z.string(),
  title: z.string(),
  startedAt: z.number(),
  score: z.number(),
  passed: z.boolean(),
  ackedLost: z.number(),
  responseName: z.string().optional(),
  player: z.string().optional(),
  pace: z.enum(['human', 'fast']).optional(),
});

const storedSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  summary: summarySchema,
  debrief: z
    .object({
      runId: z.string(),
      scenario: z.object({ id: z.string(), title: z.string() }).loose(),
      grade: z
        .object({ score: z.number(), passed: z.boolean(), checks: z.array(z.unknown()) })
        .loose(),
      ledger: z.object({ attempts: z.number() }).loose(),
      timeline: z.array(z.unknown()),
    })
    .loose(),
});

/** A stored file that could not be read back. */
export interface AttemptProblem {
  file: string;
  message: string;
}

/** `<DOJO_DATA_DIR>/attempts`, else `~/.failover-dojo/attempts`. */
export function defaultAttemptsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOJO_DATA_DIR ?? path.join(os.homedir(), '.failover-dojo'), 'attempts');
}

/** What the history list shows of a debrief. */
export function attemptSummaryOf(d: Debrief): AttemptSummary {
  return {
    attemptId: d.runId,
    scenarioId: d.scenario.id,
    title: d.scenario.title,
    startedAt: d.startedAt,
    score: d.grade.score,
    passed: d.grade.passed,
    ackedLost: d.ledger.fates?.['acked-lost'] ?? 0,
    ...(d.responseName ? { responseName: d.responseName } : {}),
    ...(d.player ? { player: d.player } : {}),
    pace: d.pace,
  };
}

/**
 * The local history of attempts: one JSON file per graded run
 * (`<dataDir>/attempts/<runId>.json`, written atomically), so it survives
 * restarts. A file that cannot be read back is skipped and reported, never
 * fatal.
 */
export class AttemptStore {
  /** Folder of the attempt files. */
  readonly dir: string;

  /** @param dataDir the app's data folder (attempts go in its `attempts/`); default DOJO_DATA_DIR or ~/.failover-dojo. */
  constructor(dataDir?: string) {
    this.dir = dataDir ? path.join(dataDir, 'attempts') : defaultAttemptsDir();
  }

  private fileOf(attemptId: string): string {
    if (!ID.test(attemptId)) throw new Error(`not an attempt id: "${attemptId}"`);
    return path.join(this.dir, `${attemptId}.json`);
  }

  /** Stores a graded run's debrief (replacing an earlier one with the same run id). */
  async save(debrief: Debrief): Promise<void> {
    const file = this.fileOf(debrief.runId);
    await mkdir(this.dir, { recursive: true });
    const stored = {
      format: FORMAT,
      version: VERSION,
      summary: attemptSummaryOf(debrief),
      debrief,
    };
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(stored)}\n`, 'utf8');
    await rename(tmp, file);
  }

  /** Stored attempts, newest first, and the files that could not be read. */
  async listWithProblems(): Promise<{ attempts: AttemptSummary[]; problems: AttemptProblem[] }> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { attempts: [], problems: [] };
      throw error;
    }
    const attempts: AttemptSummary[] = [];
    const problems: AttemptProblem[] = [];
    for (const name of names) {
      const read = await this.read(path.join(this.dir, name));
      if ('problem' in read) problems.push({ file: name, message: read.problem });
      else attempts.push(read.summary);
    }
    attempts.sort((a, b) => b.startedAt - a.startedAt || b.attemptId.localeCompare(a.attemptId));
    return { attempts, problems };
  }

  /** Stored attempts, newest first (unreadable files are skipped; see `listWithProblems`). */
  async list(): Promise<AttemptSummary[]> {
    return (await this.listWithProblems()).attempts;
  }

  /** The stored debrief of an attempt, or null when there is none (or it cannot be read). */
  async load(attemptId: string): Promise<Debrief | null> {
    if (!ID.test(attemptId)) return null;
    const read = await this.read(this.fileOf(attemptId));
    return 'debrief' in read ? read.debrief : null;
  }

  private async read(
    file: string,
  ): Promise<{ summary: AttemptSummary; debrief: Debrief } | { problem: string }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      return { problem: `cannot read: ${(error as Error).message}` };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { problem: `not JSON: ${(error as Error).message}` };
    }
    const parsed = storedSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return {
        problem: `not an attempt: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}`,
      };
    }
    return {
      summary: parsed.data.summary,
      debrief: withLaterFields(parsed.data.debrief as unknown as StoredDebrief),
    };
  }
}

/** A debrief as older versions stored it: before paces, players, hints and key exports. */
type StoredDebrief = Omit<Debrief, 'pace' | 'hints' | 'exports'> &
  Partial<Pick<Debrief, 'pace' | 'hints' | 'exports'>>;

/**
 * A stored debrief with the fields added since it was written filled in:
 * no hints and no exports recorded, and the `fast` pace (before paces every
 * run was played at what is now the fast profile's timings, as buildDebrief
 * reads older histories). `player` stays absent.
 */
function withLaterFields(d: StoredDebrief): Debrief {
  return { ...d, pace: d.pace ?? 'fast', hints: d.hints ?? [], exports: d.exports ?? [] };
}

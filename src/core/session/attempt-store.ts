import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Pace } from '../../shared/scenario-schema';
import type { FinalHealth } from '../../shared/scenario-types';
import {
  ATTEMPT_REASON_MAX,
  oneLineReason,
  type AttemptSummary,
  type Debrief,
} from '../../shared/debrief-types';

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
  notGraded: z.object({ reason: z.string().max(ATTEMPT_REASON_MAX) }).optional(),
});

/** A graded attempt holds its debrief; an ungraded one (`summary.notGraded`) holds none. */
const storedSchema = z
  .object({
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
      .loose()
      .optional(),
  })
  .refine((s) => (s.debrief === undefined) === (s.summary.notGraded !== undefined), {
    message: 'a graded attempt holds its debrief, an ungraded one none',
    path: ['debrief'],
  });

/** What the engine knows of a scenario run that ended without a grade. */
export interface UngradedAttempt {
  /** The run id. */
  attemptId: string;
  scenarioId: string;
  title: string;
  /** When the scenario started, or when the run was asked for if it never did; ms since epoch. */
  startedAt: number;
  responseName?: string;
  player?: string;
  pace: Pace;
  /** Why there is no grade; cut to one line (see oneLineReason) when stored. */
  reason: string;
}

/** A stored file that could not be read back. */
export interface AttemptProblem {
  file: string;
  message: string;
}

/** `<DOJO_DATA_DIR>/attempts`, else `~/.failover-dojo/attempts`. */
export function defaultAttemptsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOJO_DATA_DIR ?? path.join(os.homedir(), '.failover-dojo'), 'attempts');
}

/** What the history list shows of an attempt that was not graded: score 0, not passed, marked. */
export function ungradedSummaryOf(a: UngradedAttempt): AttemptSummary {
  return {
    attemptId: a.attemptId,
    scenarioId: a.scenarioId,
    title: a.title,
    startedAt: a.startedAt,
    score: 0,
    passed: false,
    ackedLost: 0,
    ...(a.responseName ? { responseName: a.responseName } : {}),
    ...(a.player ? { player: a.player } : {}),
    pace: a.pace,
    notGraded: { reason: oneLineReason(a.reason) || 'the run ended without a grade' },
  };
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
 * The local history of attempts: one JSON file per scenario run
 * (`<dataDir>/attempts/<runId>.json`, written atomically), so it survives
 * restarts. A graded run's file holds its debrief; a run that ended without
 * a grade keeps a summary marked `notGraded` and no debrief. A file that
 * cannot be read back is skipped and reported, never fatal.
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

  /**
   * Stores a graded run's debrief (replacing an earlier file with the same
   * run id, an ungraded one included).
   */
  async save(debrief: Debrief): Promise<void> {
    await this.write(this.fileOf(debrief.runId), {
      format: FORMAT,
      version: VERSION,
      summary: attemptSummaryOf(debrief),
      debrief,
    });
  }

  /**
   * Stores a run that ended without a grade: its summary marked `notGraded`
   * with the reason, no debrief. Never replaces a graded attempt of the same
   * id (nor a file it cannot read as an ungraded one): resolves false then,
   * true once stored. The check and the write are not one atomic step; run
   * ids are unique and one engine ends each run once, so no graded save of
   * the same id races it.
   */
  async saveUngraded(attempt: UngradedAttempt): Promise<boolean> {
    const file = this.fileOf(attempt.attemptId);
    const existing = await this.read(file);
    const missing = 'problem' in existing && existing.missing === true;
    if (!missing && !('summary' in existing && existing.debrief === undefined)) return false;
    await this.write(file, {
      format: FORMAT,
      version: VERSION,
      summary: ungradedSummaryOf(attempt),
    });
    return true;
  }

  /** Writes `stored` to `file` atomically (a temporary file beside it, then a rename). */
  private async write(file: string, stored: object): Promise<void> {
    await mkdir(this.dir, { recursive: true });
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

  /**
   * The stored debrief of an attempt, or null when there is none: no such
   * attempt, one that was not graded, or a file that cannot be read.
   */
  async load(attemptId: string): Promise<Debrief | null> {
    if (!ID.test(attemptId)) return null;
    const read = await this.read(this.fileOf(attemptId));
    return 'summary' in read ? (read.debrief ?? null) : null;
  }

  /** A stored attempt (`debrief` absent when it was not graded), or why it cannot be read. */
  private async read(
    file: string,
  ): Promise<{ summary: AttemptSummary; debrief?: Debrief } | { problem: string; missing?: true }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      return {
        problem: `cannot read: ${(error as Error).message}`,
        ...(missing ? { missing: true as const } : {}),
      };
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
    const { summary, debrief } = parsed.data;
    if (!debrief) return { summary };
    return { summary, debrief: withLaterFields(debrief as unknown as StoredDebrief) };
  }
}

/** The final health's fields as versions before the system parts named them. */
interface OlderFinalHealth {
  sentinelViews?: Record<string, string>;
  ckquorumOk?: boolean;
  sentinelQuorum?: Record<string, number>;
  minReplicasToWrite?: Record<string, number>;
}

/**
 * A stored final health in today's words: the coordinators' views and test
 * under their generic names, and the settings read back (the quorum from
 * each sentinel, min-replicas-to-write from each data node) as
 * `settingsReadBack`. A health stored today comes back as it was.
 */
export function upgradeFinalHealth(stored: FinalHealth): FinalHealth {
  const { sentinelViews, ckquorumOk, sentinelQuorum, minReplicasToWrite, ...rest } =
    stored as FinalHealth & OlderFinalHealth;
  if (sentinelViews === undefined && ckquorumOk === undefined && rest.settingsReadBack)
    return stored;
  const readBack: FinalHealth['settingsReadBack'] = { ...rest.settingsReadBack };
  if (sentinelQuorum && Object.keys(sentinelQuorum).length > 0) readBack.quorum = sentinelQuorum;
  if (minReplicasToWrite && Object.keys(minReplicasToWrite).length > 0)
    readBack.minReplicasToWrite = minReplicasToWrite;
  return {
    ...rest,
    coordinatorViews: rest.coordinatorViews ?? sentinelViews ?? {},
    coordinationOk: rest.coordinationOk ?? ckquorumOk ?? false,
    settingsReadBack: readBack,
  };
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
  return {
    ...d,
    pace: d.pace ?? 'fast',
    hints: d.hints ?? [],
    exports: d.exports ?? [],
    ...(d.finalHealth ? { finalHealth: upgradeFinalHealth(d.finalHealth) } : {}),
  };
}

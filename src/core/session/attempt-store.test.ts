import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Debrief } from '../../shared/debrief-types';
import type { FinalHealth } from '../../shared/scenario-types';
import { buildDebrief } from '../debrief/debrief';
import { HistoryBuilder, testScenario } from '../testing/test-history';
import {
  AttemptStore,
  defaultAttemptsDir,
  upgradeFinalHealth,
  type UngradedAttempt,
} from './attempt-store';

const scenario = testScenario();

function debriefOf(runId: string, startOffset: number, lost: number): Debrief {
  const h = new HistoryBuilder(runId).start(undefined, 'reference').ledger(1000, 500, lost);
  const d = buildDebrief(scenario, h.events());
  return { ...d, startedAt: d.startedAt + startOffset };
}

describe('AttemptStore', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dojo-attempts-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('saves debriefs and lists them newest first, across restarts', async () => {
    const first = new AttemptStore(dataDir);
    expect(await first.list()).toEqual([]);
    await first.save(debriefOf('r-old-1', 0, 3));
    await first.save(debriefOf('r-new-2', 60_000, 9));
    const again = new AttemptStore(dataDir);
    const list = await again.list();
    expect(list.map((a) => a.attemptId)).toEqual(['r-new-2', 'r-old-1']);
    expect(list[0]).toMatchObject({
      scenarioId: 'test-stale',
      title: 'Test stale leader',
      ackedLost: 9,
      responseName: 'reference',
    });
    const loaded = await again.load('r-old-1');
    expect(loaded).toEqual(JSON.parse(JSON.stringify(debriefOf('r-old-1', 0, 3))));
    expect(await readdir(path.join(dataDir, 'attempts'))).toEqual(['r-new-2.json', 'r-old-1.json']);
  });

  it('skips and reports corrupt files without failing the list', async () => {
    const store = new AttemptStore(dataDir);
    await store.save(debriefOf('r-good-1', 0, 1));
    await writeFile(
      path.join(store.dir, 'r-broken-2.json'),
      '{"format": "failover-dojo-attempt", "vers',
    );
    await writeFile(path.join(store.dir, 'r-other-3.json'), '{"hello": 1}');
    const { attempts, problems } = await store.listWithProblems();
    expect(attempts.map((a) => a.attemptId)).toEqual(['r-good-1']);
    expect(problems.map((p) => p.file).sort()).toEqual(['r-broken-2.json', 'r-other-3.json']);
    expect(problems.find((p) => p.file === 'r-broken-2.json')?.message).toMatch(/^not JSON/);
    expect(problems.find((p) => p.file === 'r-other-3.json')?.message).toMatch(/^not an attempt/);
    expect(await store.list()).toHaveLength(1);
    expect(await store.load('r-broken-2')).toBeNull();
  });

  it('reads attempts stored before players, paces, hints and key exports', async () => {
    const store = new AttemptStore(dataDir);
    const {
      pace: _pace,
      hints: _hints,
      exports: _exports,
      ...older
    } = debriefOf('r-older-1', 0, 4);
    const summary = {
      attemptId: 'r-older-1',
      scenarioId: older.scenario.id,
      title: older.scenario.title,
      startedAt: older.startedAt,
      score: older.grade.score,
      passed: older.grade.passed,
      ackedLost: 4,
    };
    await mkdir(store.dir, { recursive: true });
    await writeFile(
      path.join(store.dir, 'r-older-1.json'),
      JSON.stringify({ format: 'failover-dojo-attempt', version: 1, summary, debrief: older }),
    );
    await store.save({ ...debriefOf('r-newer-2', 60_000, 1), player: 'Ana', pace: 'human' });
    const { attempts, problems } = await store.listWithProblems();
    expect(problems).toEqual([]);
    expect(attempts.map((a) => [a.attemptId, a.player, a.pace])).toEqual([
      ['r-newer-2', 'Ana', 'human'],
      ['r-older-1', undefined, undefined],
    ]);
    const loaded = await store.load('r-older-1');
    expect(loaded).toMatchObject({ runId: 'r-older-1', pace: 'fast', hints: [], exports: [] });
    expect(loaded).not.toHaveProperty('player');
    expect(await store.load('r-newer-2')).toMatchObject({ player: 'Ana', pace: 'human' });
  });

  it('reads a final health stored under the older, Sentinel-worded field names', async () => {
    const store = new AttemptStore(dataDir);
    const d = debriefOf('r-worded-1', 0, 0);
    const older = {
      masters: ['redis-2'],
      replicasCaughtUp: ['redis-1'],
      replicasExpected: 2,
      sentinelViews: { 'sentinel-1': 'redis-2', 'sentinel-2': '?' },
      ckquorumOk: true,
      activeFaults: [],
      activeFences: [],
      sentinelQuorum: { 'sentinel-1': 2 },
      minReplicasToWrite: { 'redis-1': 1, 'redis-2': 1 },
    };
    await store.save({ ...d, finalHealth: older as unknown as FinalHealth });
    const loaded = await store.load('r-worded-1');
    expect(loaded?.finalHealth).toEqual({
      masters: ['redis-2'],
      replicasCaughtUp: ['redis-1'],
      replicasExpected: 2,
      coordinatorViews: { 'sentinel-1': 'redis-2', 'sentinel-2': '?' },
      coordinationOk: true,
      activeFaults: [],
      activeFences: [],
      settingsReadBack: {
        quorum: { 'sentinel-1': 2 },
        minReplicasToWrite: { 'redis-1': 1, 'redis-2': 1 },
      },
    });
    // A health in today's words comes back as it was stored.
    expect(upgradeFinalHealth(loaded!.finalHealth!)).toBe(loaded!.finalHealth);
  });

  const ungraded = (attemptId: string, reason: string, startedAt = 1_000): UngradedAttempt => ({
    attemptId,
    scenarioId: scenario.id,
    title: scenario.title,
    startedAt,
    pace: 'human',
    player: 'Ana',
    reason,
  });

  it('keeps a run that ended without a grade, marked, with its reason in one line', async () => {
    const store = new AttemptStore(dataDir);
    const graded = debriefOf('r-graded-1', 0, 2);
    await store.save(graded);
    expect(
      await store.saveUngraded(
        ungraded(
          'r-stopped-2',
          'the Docker engine went away: No Docker engine answers\n    at call (docker-runtime.ts:9:1)',
          graded.startedAt + 60_000,
        ),
      ),
    ).toBe(true);
    const { attempts, problems } = await new AttemptStore(dataDir).listWithProblems();
    expect(problems).toEqual([]);
    expect(attempts.map((a) => a.attemptId)).toEqual(['r-stopped-2', 'r-graded-1']);
    expect(attempts[0]).toEqual({
      attemptId: 'r-stopped-2',
      scenarioId: 'test-stale',
      title: 'Test stale leader',
      startedAt: graded.startedAt + 60_000,
      score: 0,
      passed: false,
      ackedLost: 0,
      player: 'Ana',
      pace: 'human',
      notGraded: { reason: 'the Docker engine went away: No Docker engine answers' },
    });
    expect(attempts[1]).not.toHaveProperty('notGraded');
    // There is no debrief to open.
    expect(await store.load('r-stopped-2')).toBeNull();
    // A reason is bounded.
    await store.saveUngraded(ungraded('r-long-3', `grading failed: ${'x'.repeat(1000)}`));
    const long = (await store.list()).find((a) => a.attemptId === 'r-long-3');
    expect(long?.notGraded?.reason).toHaveLength(300);
    expect(await readdir(store.dir)).toEqual([
      'r-graded-1.json',
      'r-long-3.json',
      'r-stopped-2.json',
    ]);
  });

  it('never lets an ungraded save replace a graded attempt; a graded save replaces an ungraded one', async () => {
    const store = new AttemptStore(dataDir);
    const graded = debriefOf('r-both-1', 0, 5);
    await store.save(graded);
    expect(await store.saveUngraded(ungraded('r-both-1', 'stopped before the end'))).toBe(false);
    expect(await store.list()).toEqual([
      expect.not.objectContaining({ notGraded: expect.anything() }),
    ]);
    expect(await store.load('r-both-1')).toEqual(JSON.parse(JSON.stringify(graded)));

    expect(await store.saveUngraded(ungraded('r-later-2', 'stopped before the end'))).toBe(true);
    expect(await store.saveUngraded(ungraded('r-later-2', 'the app closed during the run'))).toBe(
      true,
    );
    const later = debriefOf('r-later-2', 0, 1);
    await store.save(later);
    const summary = (await store.list()).find((a) => a.attemptId === 'r-later-2');
    expect(summary).toMatchObject({ ackedLost: 1, responseName: 'reference' });
    expect(summary).not.toHaveProperty('notGraded');
    expect(await store.load('r-later-2')).toEqual(JSON.parse(JSON.stringify(later)));

    // Nor a file it cannot read: that may be a graded attempt it does not understand.
    await writeFile(path.join(store.dir, 'r-odd-3.json'), '{"format": "failover-dojo-attempt"');
    expect(await store.saveUngraded(ungraded('r-odd-3', 'stopped before the end'))).toBe(false);
  });

  it('refuses a stored attempt that is neither graded with a debrief nor marked ungraded', async () => {
    const store = new AttemptStore(dataDir);
    await store.saveUngraded(ungraded('r-bare-1', 'stopped before the end'));
    const { notGraded: _marker, ...summary } = (await store.list())[0]!;
    await writeFile(
      path.join(store.dir, 'r-bare-1.json'),
      JSON.stringify({ format: 'failover-dojo-attempt', version: 1, summary }),
    );
    const { attempts, problems } = await store.listWithProblems();
    expect(attempts).toEqual([]);
    expect(problems).toEqual([
      { file: 'r-bare-1.json', message: expect.stringMatching(/^not an attempt: debrief/) },
    ]);
  });

  it('returns null for unknown or unsafe ids and refuses to save under an unsafe one', async () => {
    const store = new AttemptStore(dataDir);
    expect(await store.load('r-missing-1')).toBeNull();
    expect(await store.load('../../etc/passwd')).toBeNull();
    await expect(store.save({ ...debriefOf('r-x-1', 0, 0), runId: '../evil' })).rejects.toThrow(
      /not an attempt id/,
    );
    await expect(
      store.saveUngraded({ ...ungraded('r-x-2', 'stopped'), attemptId: '../evil' }),
    ).rejects.toThrow(/not an attempt id/);
  });

  it('keeps attempts under DOJO_DATA_DIR, else ~/.failover-dojo', () => {
    expect(defaultAttemptsDir({ DOJO_DATA_DIR: '/data/dojo' })).toBe(
      path.join('/data/dojo', 'attempts'),
    );
    expect(defaultAttemptsDir({})).toBe(path.join(os.homedir(), '.failover-dojo', 'attempts'));
  });
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { listResponseFiles } from './response-library';
import { loadScenarios } from './scenario-loader';
import { judgeSelfTestRun, selfTestPlan, type SelfTestRun } from './self-test-judge';
import { pacedScenario, timeLimitMs } from '../../shared/scenario-pace';

/**
 * The scenarios' self-test, through the headless runner exactly as an
 * instructor would call it: for every scenario in the catalog, the runs of
 * its self-test plan (`selfTestPlan`: the reference, then each wrong response
 * file in scenarios/<system>/responses/, `none` only where no file waits it
 * out), judged by `judgeSelfTestRun` (the reference passes; a wrong response
 * does not, and fails each of its `mustFail` checks), on the real engine, in
 * the fast profile (the same scenario with short fixed waits; the human
 * profile differs only in its timings, see scenario-files.test.ts).
 * `npm run scenario -- selftest <id>` plays one scenario's plan the same way.
 */
const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const scenariosDir = path.join(root, 'scenarios');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-selftest-'));
const env = { ...process.env, DOJO_DATA_DIR: dataDir };

interface Graded {
  passed: boolean;
  score: number;
  /** Required checks that failed (each alone fails the attempt). */
  requiredFailed: string[];
  checks: { check: string; verdict: string; why: string }[];
  ledger: { attempts: number; acked: number; fates?: Record<string, number> };
}

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/scenario.ts', ...args],
    {
      cwd: root,
      env,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 300_000,
    },
  );
  return stdout;
}

const catalog = JSON.parse(await cli('list', '--json')) as {
  id: string;
  system: string;
  title: string;
  pattern: { id: string };
}[];

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('scenario catalog', () => {
  it('lists the Redis Sentinel, Patroni, keepalived and etcd (Raft) scenarios with their patterns', () => {
    const bySystem = (system: string) =>
      catalog
        .filter((s) => s.system === system)
        .map((s) => s.id)
        .sort();
    expect(bySystem('redis-sentinel')).toEqual(
      [
        'one-way-partition',
        'prevention-drill',
        'quorum-one',
        'reconcile-orders',
        'clock-picks-winner',
        'stale-leader',
        'tilted-sentinels',
        'zombie-leader',
      ].sort(),
    );
    expect(bySystem('patroni')).toEqual(
      [
        'maintenance-promote',
        'grey-primary',
        'etcd-pair',
        'stale-primary',
        'sync-drill',
        'unmanaged-primary',
        'zombie-primary',
      ].sort(),
    );
    expect(bySystem('keepalived')).toEqual(['deaf-backup', 'vrid-mismatch', 'vrrp-dual-master']);
    expect(bySystem('etcd-raft')).toEqual(['minority-leader']);
    for (const s of catalog) expect(s.pattern.id).toMatch(/^FP-\d{3}$/);
  });
});

/** One headless run of the self-test: a scenario, a run of its plan, and the CLI's arguments for it. */
interface Job {
  title: string;
  system: string;
  run: SelfTestRun;
  args: string[];
  /** The scenario's fast time limit, ms: the longest its runs can last, and a fair guess at their order. */
  limitMs: number;
}

const { scenarios } = await loadScenarios(scenariosDir);

function titleOf(id: string, run: SelfTestRun): string {
  if (run.kind === 'reference') return `${id}: the reference response passes`;
  if (run.kind === 'none') return `${id}: doing nothing fails`;
  return `${id}: ${run.response} does not pass, failing ${run.mustFail!.join(', ')}`;
}

const jobs: Job[] = (
  await Promise.all(
    catalog.map(async (s): Promise<Job[]> => {
      const scenario = scenarios.get(s.id);
      if (!scenario) return [];
      const plan = selfTestPlan(scenario, await listResponseFiles(scenariosDir, scenario));
      const limitMs = timeLimitMs(pacedScenario(scenario, 'fast'));
      return plan.map((run) => ({
        limitMs,
        title: titleOf(s.id, run),
        system: s.system,
        run,
        args: [
          s.id,
          ...(run.kind === 'wrong' ? ['--response-file', run.path!] : ['--response', run.kind]),
        ],
      }));
    }),
  )
).flat();

/**
 * The order the runs start in: one system after another (Patroni first),
 * so that the runs in flight are rarely two heavy Patroni labs at once; in
 * each system the longest scenarios first (by their fast time limit), so the
 * pool does not end waiting on a long run started last (grey-primary's
 * ~100 s runs started late kept the last ~80 s of CI's self-test to one or
 * two runs).
 */
function interleaved(all: Job[]): Job[] {
  const bySystem = new Map<string, Job[]>();
  for (const j of all) bySystem.set(j.system, [...(bySystem.get(j.system) ?? []), j]);
  const queues = [...bySystem.entries()]
    .sort(([a], [b]) => (a === 'patroni' ? -1 : b === 'patroni' ? 1 : a.localeCompare(b)))
    .map(([, jobs]) => [...jobs].sort((a, b) => b.limitMs - a.limitMs));
  const out: Job[] = [];
  while (queues.some((q) => q.length > 0))
    for (const q of queues) if (q.length) out.push(q.shift()!);
  return out;
}

async function play(job: Job, e: ExpectStatic): Promise<void> {
  const r = JSON.parse(
    await cli('run', ...job.args, '--json', '--seed', '7', '--pace', 'fast'),
  ) as Graded;
  const { ok, why } = judgeSelfTestRun(job.run, r);
  e(ok, why).toBe(true);
  if (job.run.kind === 'reference') e(r.ledger.acked).toBeGreaterThan(0);
}

// Every run of every system in one pool, DOJO_SELF_TEST_CONCURRENCY at once (vitest's
// maxConcurrency for the self-test project, see vitest.config.ts), each a separate headless
// runner process with its own labelled lab. The labs take turns to come up (one bring-up at a
// time on the machine, see machine-slots.ts), so a lab in its drill keeps its probe cadence
// while the next one starts. keepalived joined the pool once its agents stopped starting
// processes on every read (a state loop instead of a CGI, /dev/tcp instead of curl): a
// keepalived drill went from ~45% to ~32% of this 2-core machine.
describe.concurrent('every scenario, several at a time (fast profile, seed 7)', () => {
  for (const job of interleaved(jobs))
    it(job.title, { timeout: 480_000 }, ({ expect: e }) => play(job, e));
});

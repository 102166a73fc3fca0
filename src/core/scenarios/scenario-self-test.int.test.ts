import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The scenarios' self-test, through the headless runner exactly as an
 * instructor would call it: for every scenario in the catalog, the reference
 * response must pass and doing nothing must fail, on the real engine, in the
 * fast profile (the same scenario with short fixed waits; the human profile
 * differs only in its timings, see scenario-files.test.ts).
 */
const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-selftest-'));
const env = { ...process.env, DOJO_DATA_DIR: dataDir };

interface Graded {
  passed: boolean;
  score: number;
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
  it('lists the Redis Sentinel, Patroni and keepalived scenarios with their patterns', () => {
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
        'stale-leader',
        'zombie-leader',
      ].sort(),
    );
    expect(bySystem('patroni')).toEqual(
      [
        'maintenance-promote',
        'stale-primary',
        'sync-drill',
        'unmanaged-primary',
        'zombie-primary',
      ].sort(),
    );
    expect(bySystem('keepalived')).toEqual(['deaf-backup', 'vrid-mismatch', 'vrrp-dual-master']);
    for (const s of catalog) expect(s.pattern.id).toMatch(/^FP-\d{3}$/);
  });
});

describe.each(catalog.map((s) => s.id))('scenario %s on the real engine', (id) => {
  it('the reference response passes', { timeout: 300_000 }, async () => {
    const r = JSON.parse(
      await cli('run', id, '--response', 'reference', '--json', '--seed', '7', '--pace', 'fast'),
    ) as Graded;
    const failing = r.checks.filter((c) => c.verdict !== 'pass').map((c) => `${c.check}: ${c.why}`);
    expect(r.passed, `score ${r.score}; not passing: ${failing.join(' | ')}`).toBe(true);
    expect(r.ledger.acked).toBeGreaterThan(0);
  });

  it('doing nothing fails', { timeout: 300_000 }, async () => {
    const r = JSON.parse(
      await cli('run', id, '--response', 'none', '--json', '--seed', '7', '--pace', 'fast'),
    ) as Graded;
    expect(r.passed, `score ${r.score}: ${JSON.stringify(r.checks)}`).toBe(false);
  });
});

describe('a scripted response from a file', () => {
  it(
    'fencing the new master instead of the stale one is graded as such',
    { timeout: 300_000 },
    async () => {
      const file = 'scenarios/redis-sentinel/responses/stale-leader-fence-new-master.yaml';
      const r = JSON.parse(
        await cli(
          'run',
          'stale-leader',
          '--response-file',
          file,
          '--json',
          '--seed',
          '7',
          '--pace',
          'fast',
        ),
      ) as Graded;
      const verdict = (id: string) => r.checks.find((c) => c.check === id)?.verdict;
      expect(verdict('did-not-fence-new-master')).toBe('fail');
      expect(verdict('fenced-before-rejoin')).toBe('fail');
      expect(r.passed).toBe(false);
    },
  );
});

describe('scripted keepalived responses from files', () => {
  const graded = async (file: string): Promise<Graded> =>
    JSON.parse(
      await cli(
        'run',
        'vrrp-dual-master',
        '--response-file',
        `scenarios/keepalived/responses/${file}`,
        '--json',
        '--seed',
        '7',
        '--pace',
        'fast',
      ),
    ) as Graded;
  const verdict = (r: Graded, id: string) => r.checks.find((c) => c.check === id)?.verdict;

  it(
    'stopping keepalived on the router that should stay is graded as such',
    { timeout: 300_000 },
    async () => {
      const r = await graded('vrrp-dual-master-stop-router-1.yaml');
      expect(verdict(r, 'right-router-kept')).toBe('fail');
      expect(r.passed).toBe(false);
    },
  );

  it(
    'fencing the rogue without announcing the VIP leaves the clients on its MAC',
    { timeout: 300_000 },
    async () => {
      const r = await graded('vrrp-dual-master-no-announce.yaml');
      expect(verdict(r, 'dual-master-ended')).toBe('pass');
      expect(verdict(r, 'right-router-kept')).toBe('pass');
      expect(verdict(r, 'client-traffic-settled')).toBe('fail');
    },
  );
});

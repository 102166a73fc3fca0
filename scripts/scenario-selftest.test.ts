import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/core';
import { loadScenarios } from '../src/core/scenarios/scenario-loader';
import { runSelfTest, selfTestLineText } from './scenario-selftest';

const DIR = fileURLToPath(new URL('../scenarios', import.meta.url));
const { scenarios } = await loadScenarios(DIR);
const drill = scenarios.get('prevention-drill')!;

/** What the fake engine grades each response as: passed, and the checks that fail. */
type Grades = Record<string, { passed: boolean; fail: string[] }>;

/** An engine that plays nothing: it records each start and grades it as `grades` says. */
function fakeEngine(grades: Grades, starts: { response: string; settings: unknown }[]): Engine {
  const names = new Map<string, string>();
  const engine: Partial<Engine> = {
    startScenario: (args, script) => {
      const runId = `run-${names.size + 1}`;
      names.set(runId, script!.response!.name);
      starts.push({ response: script!.response!.name, settings: args.settings });
      return Promise.resolve({ runId });
    },
    whenRunEnded: () => Promise.resolve(),
    getRun: () => Promise.resolve(null),
    getDebrief: ({ runId }) => {
      const g = grades[names.get(runId)!];
      if (!g) return Promise.resolve(null);
      const checks = drill.grading.checks.map((c) => ({
        check: c.check,
        verdict: g.fail.includes(c.check) ? 'fail' : 'pass',
        weight: c.weight,
        credit: g.fail.includes(c.check) ? 0 : 1,
        why: '',
      }));
      return Promise.resolve({
        pace: 'fast',
        seed: 7,
        grade: { score: g.passed ? 100 : 20, passMark: 70, passed: g.passed, checks },
        ledger: {},
      } as never);
    },
  };
  return engine as Engine;
}

describe('scenario selftest (the CLI command, on a fake engine)', () => {
  let lib: string;
  beforeEach(async () => {
    lib = await mkdtemp(path.join(os.tmpdir(), 'dojo-selftest-cli-'));
    await mkdir(path.join(lib, 'redis-sentinel', 'responses'), { recursive: true });
    await writeFile(
      path.join(lib, 'redis-sentinel', 'responses', 'prevention-drill-off.yaml'),
      [
        'scenario: prevention-drill',
        'mistake: Turns the protection off.',
        'mustFail: [config-fixed]',
        'settings: { minReplicasToWrite: 1 }',
        'steps:',
        '  - { since: cut-master, after: 30s, do: { kind: end } }',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => rm(lib, { recursive: true, force: true }));

  it('plays the plan one run after another and is ok when every run is as expected', async () => {
    const starts: { response: string; settings: unknown }[] = [];
    const engine = fakeEngine(
      {
        reference: { passed: true, fail: [] },
        none: { passed: false, fail: ['config-fixed'] },
        'prevention-drill-off.yaml': { passed: false, fail: ['config-fixed'] },
      },
      starts,
    );
    const report = await runSelfTest(engine, drill, {
      pace: 'fast',
      seed: 7,
      verbose: false,
      scenariosDir: lib,
    });
    expect(starts).toEqual([
      { response: 'reference', settings: { minReplicasToWrite: 1, minReplicasMaxLagSeconds: 3 } },
      { response: 'none', settings: {} },
      { response: 'prevention-drill-off.yaml', settings: { minReplicasToWrite: 1 } },
    ]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => [r.response, r.ok])).toEqual([
      ['reference', true],
      ['none', true],
      ['prevention-drill-off.yaml', true],
    ]);
  });

  it('is not ok when a wrong response passes or a run has no grade', async () => {
    const engine = fakeEngine(
      {
        reference: { passed: true, fail: [] },
        'prevention-drill-off.yaml': { passed: true, fail: [] },
      },
      [],
    );
    const report = await runSelfTest(engine, drill, {
      pace: 'fast',
      seed: 7,
      verbose: false,
      scenariosDir: lib,
    });
    expect(report.ok).toBe(false);
    expect(report.runs.map((r) => selfTestLineText({ ...r, seconds: 0 }))).toEqual([
      'ok   reference  PASSED 100/100  0 s  the reference passed (score 100)',
      'NOT OK none  no grade  0 s  the run ended without a grade: the run is no longer known',
      'NOT OK prevention-drill-off.yaml  PASSED 100/100  0 s  prevention-drill-off.yaml: it passed (score 100): a grading hole; must fail but did not: config-fixed pass',
    ]);
  });
});

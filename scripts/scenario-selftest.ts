/**
 * `npm run scenario -- selftest <id>`: one scenario's self-test, as CI runs
 * it (src/core/scenarios/scenario-self-test.int.test.ts): the plan of
 * `selfTestPlan` (the reference, then each wrong response file, `none` only
 * when no file waits it out), played one after another, each judged by
 * `judgeSelfTestRun`.
 */
import { findScenariosDir } from '../src/core/paths';
import { listResponseFiles } from '../src/core/scenarios/response-library';
import {
  judgeSelfTestRun,
  selfTestPlan,
  type SelfTestKind,
} from '../src/core/scenarios/self-test-judge';
import type { Pace, Scenario } from '../src/shared/scenario-schema';
import { playScripted, type PlayEngine } from '../src/core/scenarios/scripted-play';

/** One run of the self-test as printed: what it played, its grade, and the judge's answer. */
export interface SelfTestLine {
  response: string;
  kind: SelfTestKind;
  runId?: string;
  passed?: boolean;
  score?: number;
  requiredFailed?: string[];
  mustFail?: string[];
  seconds: number;
  ok: boolean;
  why: string;
}

/** The self-test of one scenario: every run's line, the response files' problems, and whether all is well. */
export interface SelfTestReport {
  scenario: string;
  pace: Pace;
  seed: number;
  ok: boolean;
  /** Problems of the scenario's response files (`file:line: field: message`); each makes the self-test not ok. */
  problems: string[];
  runs: SelfTestLine[];
}

/** What the self-test needs besides the engine and the scenario. */
export interface SelfTestOptions {
  pace: Pace;
  seed: number;
  /** Print progress and each run's line as text (not with --json). */
  verbose: boolean;
  /** Called with each run's id once it has started. */
  onStart?: (runId: string) => void;
  /**
   * The folder the scenario is in, shipped or library (default: the shipped
   * one): its response files are in `<dir>/<system>/responses/`.
   */
  scenariosDir?: string;
}

/** Plays the self-test's plan for `scenario`, one run after another, and judges each run. */
export async function runSelfTest(
  engine: PlayEngine,
  scenario: Scenario,
  options: SelfTestOptions,
): Promise<SelfTestReport> {
  const files = await listResponseFiles(options.scenariosDir ?? findScenariosDir(), scenario);
  const problems = files.flatMap((f) =>
    f.parsed.ok
      ? []
      : f.parsed.problems.map((p) => `${p.file}:${p.line}: ${p.path || '(root)'}: ${p.message}`),
  );
  if (options.verbose) for (const p of problems) console.error(`response file problem: ${p}`);
  const plan = selfTestPlan(scenario, files);
  const runs: SelfTestLine[] = [];
  for (const [i, run] of plan.entries()) {
    if (options.verbose)
      console.error(`[${i + 1}/${plan.length}] ${scenario.id}: ${run.response} ...`);
    const started = Date.now();
    const outcome = await playScripted(
      engine,
      scenario,
      { name: run.response, steps: run.steps },
      {
        settings: run.settings,
        seed: options.seed,
        pace: options.pace,
        ...(options.onStart ? { onStarted: options.onStart } : {}),
      },
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    const base = {
      response: run.response,
      kind: run.kind,
      runId: outcome.graded ? outcome.result.runId : outcome.runId,
      ...(run.mustFail ? { mustFail: run.mustFail } : {}),
      seconds,
    };
    const line: SelfTestLine = outcome.graded
      ? {
          ...base,
          passed: outcome.result.passed,
          score: outcome.result.score,
          requiredFailed: outcome.result.requiredFailed,
          ...judgeSelfTestRun(run, outcome.result),
        }
      : { ...base, ok: false, why: `the run ended without a grade: ${outcome.reason}` };
    runs.push(line);
    if (options.verbose) console.log(selfTestLineText(line));
  }
  return {
    scenario: scenario.id,
    pace: options.pace,
    seed: options.seed,
    ok: problems.length === 0 && runs.every((r) => r.ok),
    problems,
    runs,
  };
}

/** One run's line: `ok   reference  PASSED 100/100  12 s  the reference passed (score 100)`. */
export function selfTestLineText(line: SelfTestLine): string {
  const grade =
    line.passed === undefined
      ? 'no grade'
      : `${line.passed ? 'PASSED' : 'FAILED'} ${line.score}/100`;
  return `${line.ok ? 'ok  ' : 'NOT OK'} ${line.response}  ${grade}  ${line.seconds} s  ${line.why}`;
}

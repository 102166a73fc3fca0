import type {
  CheckId,
  LabSettingsInput,
  ResponseStep,
  Scenario,
} from '../../shared/scenario-schema';
import type { ResponseFileEntry } from './response-library';

/**
 * The scenarios' self-test, as pure functions: which runs a scenario's
 * self-test makes (its reference, doing nothing, its wrong responses) and
 * how each graded run is judged. No Docker, no CLI: the CI self-test, the
 * `scenario selftest` command and an in-app dry run share them.
 */

/** What one self-test run plays: the reference, nothing at all, or a wrong response file. */
export type SelfTestKind = 'reference' | 'none' | 'wrong';

/** One run of a scenario's self-test. */
export interface SelfTestRun {
  kind: SelfTestKind;
  /** The response's name: `reference`, `none`, or the wrong response's file name. */
  response: string;
  /** The steps to play (the scenario's reference, none, or the file's). */
  steps: ResponseStep[];
  /** The trainee's settings the run starts with (the reference's choices, or the file's). */
  settings: LabSettingsInput;
  /** A wrong response: the checks that must fail. */
  mustFail?: CheckId[];
  /** A wrong response: the mistake it makes. */
  mistake?: string;
  /** A wrong response: its path and its path relative to the scenarios folder. */
  path?: string;
  file?: string;
  /** A wrong response that changes nothing: it stands in for `none`. */
  waitsItOut?: boolean;
}

/** What the judge reads of a graded run (the headless runner's JSON, or a GradeResult). */
export interface GradedRun {
  passed: boolean;
  score: number;
  /** Required checks that failed; absent or empty when none did. */
  requiredFailed?: readonly string[];
  checks: readonly { check: string; verdict: string; why?: string }[];
}

/** The judge's answer for one run: whether it came out as the self-test expects, and why. */
export interface SelfTestVerdict {
  ok: boolean;
  why: string;
}

/**
 * The runs of a scenario's self-test, in order: the reference (with its
 * choice of the trainee's settings), then `none` unless a valid response
 * file waits it out (that file stands in for it: no extra run), then every
 * valid wrong response (a file with a header and `mustFail`). Files with
 * problems and bare lists of steps (no header) are left out.
 */
export function selfTestPlan(
  scenario: Scenario,
  responseFiles: readonly ResponseFileEntry[],
): SelfTestRun[] {
  const wrong: SelfTestRun[] = [];
  for (const f of responseFiles) {
    const p = f.parsed;
    if (!p.ok || !p.mustFail || p.mustFail.length === 0) continue;
    wrong.push({
      kind: 'wrong',
      response: f.name,
      steps: p.steps,
      settings: p.settings ?? {},
      mustFail: p.mustFail,
      ...(p.mistake !== undefined ? { mistake: p.mistake } : {}),
      path: f.path,
      file: f.file,
      ...(p.waitsItOut ? { waitsItOut: true } : {}),
    });
  }
  const reference: SelfTestRun = {
    kind: 'reference',
    response: 'reference',
    steps: scenario.reference,
    settings: scenario.lab.referenceSettings ?? {},
  };
  const none: SelfTestRun = { kind: 'none', response: 'none', steps: [], settings: {} };
  return [reference, ...(wrong.some((w) => w.waitsItOut) ? [] : [none]), ...wrong];
}

function failingText(result: GradedRun): string {
  const failing = result.checks.filter((c) => c.verdict !== 'pass');
  return failing.length > 0
    ? failing.map((c) => `${c.check} ${c.verdict}${c.why ? ` (${c.why})` : ''}`).join('; ')
    : 'every check passed';
}

/**
 * Judges one graded run of the self-test: the reference must pass; doing
 * nothing must not pass; a wrong response must not pass and each of its
 * `mustFail` checks must have the verdict `fail` (an `unknown` or a missing
 * check is not a fail: the mistake was not graded as such).
 */
export function judgeSelfTestRun(
  run: Pick<SelfTestRun, 'kind' | 'response' | 'mustFail'>,
  result: GradedRun,
): SelfTestVerdict {
  const score = `score ${result.score}`;
  const required = result.requiredFailed?.length
    ? `; required checks failed: ${result.requiredFailed.join(', ')}`
    : '';
  if (run.kind === 'reference') {
    return result.passed
      ? { ok: true, why: `the reference passed (${score})` }
      : {
          ok: false,
          why: `the reference must pass but did not (${score}${required}): ${failingText(result)}`,
        };
  }
  if (run.kind === 'none') {
    return result.passed
      ? { ok: false, why: `doing nothing must not pass, but it passed (${score})` }
      : { ok: true, why: `doing nothing did not pass (${score}${required})` };
  }
  const mustFail = run.mustFail ?? [];
  const missed = mustFail
    .map((id) => ({ id, check: result.checks.find((c) => c.check === id) }))
    .filter(({ check }) => check?.verdict !== 'fail')
    .map(({ id, check }) =>
      check ? `${id} ${check.verdict}${check.why ? ` (${check.why})` : ''}` : `${id} not graded`,
    );
  const problems = [
    ...(result.passed ? [`it passed (${score}): a grading hole`] : []),
    ...(missed.length > 0 ? [`must fail but did not: ${missed.join(', ')}`] : []),
  ];
  if (problems.length > 0) return { ok: false, why: `${run.response}: ${problems.join('; ')}` };
  return {
    ok: true,
    why: `${run.response} did not pass (${score}${required}); failed as it must: ${mustFail.join(', ')}`,
  };
}

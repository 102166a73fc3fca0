import type { RunEvent } from '../../shared/run-events';
import type { Scenario } from '../../shared/scenario-schema';
import type { CheckResult, GradeResult } from '../../shared/scenario-types';
import { checkById } from './check-registry';
import { verdict, type GradingContext } from './grading-context';
import { deriveRunFacts, type RunFacts } from './run-facts';

/**
 * One check, kept from taking the grade down with it (Jepsen's check-safe):
 * a check that throws is `unknown`, with the error in one line, and the
 * other checks are graded as usual.
 */
function safeCheck(run: () => CheckResult, ctx: GradingContext): CheckResult {
  try {
    return run();
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return verdict(ctx, 'unknown', `This check could not be graded: ${message}.`);
  }
}

/**
 * Grades a scenario run from its history alone. Each of the scenario's
 * checks gives pass / fail / unknown with a reason and a credit (0..1);
 * score = Σ weight × credit / Σ weight × 100 (one decimal). The run passes
 * when the unrounded score reaches the scenario's pass mark and none of the
 * checks the scenario marks `required` (its lesson) failed. Pure.
 */
export function gradeRun(scenario: Scenario, events: readonly RunEvent[]): GradeResult {
  return gradeFacts(deriveRunFacts(scenario, events));
}

/** gradeRun from facts already derived (the debrief derives them once for both). Pure. */
export function gradeFacts(facts: RunFacts): GradeResult {
  const scenario = facts.scenario;
  const checks = scenario.grading.checks.map((c) => {
    const ctx = { ...facts, check: c.check, weight: c.weight, params: c.params };
    const result = safeCheck(() => checkById(c.check)(ctx), ctx);
    return c.required ? { ...result, required: true } : result;
  });
  const total = checks.reduce((sum, c) => sum + c.weight, 0);
  const earned = checks.reduce((sum, c) => sum + c.weight * c.credit, 0);
  const exact = total > 0 ? (earned / total) * 100 : 0;
  const passMark = scenario.grading.passMark;
  const requiredFailed = checks
    .filter((c) => c.required && c.verdict === 'fail')
    .map((c) => c.check);
  return {
    score: Math.round(exact * 10) / 10,
    passMark,
    passed: exact >= passMark && requiredFailed.length === 0,
    checks,
    ...(requiredFailed.length > 0 ? { requiredFailed } : {}),
  };
}

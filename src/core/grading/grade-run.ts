import type { RunEvent } from '../../shared/run-events';
import type { Scenario } from '../../shared/scenario-schema';
import type { GradeResult } from '../../shared/scenario-types';
import { CHECKS } from './check-registry';
import { deriveRunFacts } from './run-facts';

/**
 * Grades a scenario run from its history alone. Each of the scenario's
 * checks gives pass / fail / unknown with a reason and a credit (0..1);
 * score = Σ weight × credit / Σ weight × 100 (one decimal). The run passes
 * when the unrounded score reaches the scenario's pass mark and none of the
 * checks the scenario marks `required` (its lesson) failed. Pure.
 */
export function gradeRun(scenario: Scenario, events: readonly RunEvent[]): GradeResult {
  const facts = deriveRunFacts(scenario, events);
  const checks = scenario.grading.checks.map((c) => {
    const result = CHECKS[c.check]({
      ...facts,
      check: c.check,
      weight: c.weight,
      params: c.params,
    });
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

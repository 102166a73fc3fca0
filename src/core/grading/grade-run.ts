import type { RunEvent } from '../../shared/run-events';
import type { Scenario } from '../../shared/scenario-schema';
import type { GradeResult } from '../../shared/scenario-types';
import { CHECKS } from './check-registry';
import { deriveRunFacts } from './run-facts';

/**
 * Grades a scenario run from its history alone. Each of the scenario's
 * checks gives pass / fail / unknown with a reason and a credit (0..1);
 * score = Σ weight × credit / Σ weight × 100 (one decimal), and the run
 * passes when the unrounded score reaches the scenario's pass mark. Pure.
 */
export function gradeRun(scenario: Scenario, events: readonly RunEvent[]): GradeResult {
  const facts = deriveRunFacts(scenario, events);
  const checks = scenario.grading.checks.map((c) =>
    CHECKS[c.check]({ ...facts, check: c.check, weight: c.weight, params: c.params }),
  );
  const total = checks.reduce((sum, c) => sum + c.weight, 0);
  const earned = checks.reduce((sum, c) => sum + c.weight * c.credit, 0);
  const exact = total > 0 ? (earned / total) * 100 : 0;
  const passMark = scenario.grading.passMark;
  return { score: Math.round(exact * 10) / 10, passMark, passed: exact >= passMark, checks };
}

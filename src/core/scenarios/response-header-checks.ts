import {
  WAIT_IT_OUT_MOVES,
  type Scenario,
  type WrongResponseFile,
} from '../../shared/scenario-schema';
import type { FieldIssue } from './zod-issues';

/**
 * What the schema cannot check in a wrong response's header: it is for the
 * scenario it is run against, its `mustFail` names checks of that scenario
 * (each once), its `settings` are the trainee's to choose there, and a
 * response that waits it out makes no move. Paths are from the file's root.
 */
export function responseHeaderIssues(scenario: Scenario, file: WrongResponseFile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (file.scenario !== scenario.id)
    issues.push({
      path: ['scenario'],
      message: `this response is for "${file.scenario}", but it is run against "${scenario.id}"`,
    });
  const checks = scenario.grading.checks.map((c) => c.check);
  const seen = new Set<string>();
  file.mustFail.forEach((check, i) => {
    if (!checks.includes(check))
      issues.push({
        path: ['mustFail', i],
        message: `"${check}" is not a check of ${scenario.id} (${checks.join(', ')})`,
      });
    else if (seen.has(check))
      issues.push({ path: ['mustFail', i], message: `"${check}" is listed twice` });
    seen.add(check);
  });
  const trainee = new Set<string>(scenario.lab.traineeSettings);
  for (const key of Object.keys(file.settings ?? {}))
    if (!trainee.has(key))
      issues.push({
        path: ['settings', key],
        message: `"${key}" is not the trainee's to choose in ${scenario.id}${
          trainee.size > 0 ? ` (${[...trainee].join(', ')})` : ' (none are)'
        }`,
      });
  if (file.waitsItOut)
    file.steps.forEach((step, i) => {
      if (!WAIT_IT_OUT_MOVES.includes(step.do.kind))
        issues.push({
          path: ['steps', i, 'do', 'kind'],
          message: `a response that waits it out makes no ${step.do.kind} (only ${WAIT_IT_OUT_MOVES.join(' and ')})`,
        });
    });
  return issues;
}

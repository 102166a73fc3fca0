import { responseSchema, type ResponseStep, type Scenario } from '../../shared/scenario-schema';
import { labMembersOf } from './lab-members';
import { responseIssues } from './scenario-cross-checks';
import { lineOfPath, parseYamlWithLines } from './yaml-lines';
import { flattenIssues, formatPath } from './zod-issues';
import type { ScenarioProblem } from '../../shared/scenario-schema';

/**
 * Parses a scripted response file (a YAML list of steps in the format of a
 * scenario's `reference`) and checks it against the scenario it is for.
 * Problems carry the file, line and field path like scenario problems.
 */
export function parseResponseText(
  text: string,
  file: string,
  scenario: Scenario,
): { ok: true; steps: ResponseStep[] } | { ok: false; problems: ScenarioProblem[] } {
  const yaml = parseYamlWithLines(text);
  if (yaml.errors.length > 0) {
    return {
      ok: false,
      problems: yaml.errors.map((e) => ({ file, line: e.line, path: '', message: e.message })),
    };
  }
  const parsed = responseSchema.safeParse(yaml.doc.toJS());
  const issues = parsed.success
    ? responseIssues(
        scenario,
        parsed.data,
        labMembersOf(scenario.system) ?? { data: [], sentinels: [] },
      )
    : flattenIssues(parsed.error.issues);
  if (!parsed.success || issues.length > 0) {
    return {
      ok: false,
      problems: issues.map((i) => ({
        file,
        line: lineOfPath(yaml, i.path),
        path: formatPath(i.path),
        message: i.message,
      })),
    };
  }
  return { ok: true, steps: parsed.data };
}

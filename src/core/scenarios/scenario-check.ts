import type { ScenarioCheck } from '../../shared/scenario-schema';
import { parseScenarioText, scenarioSummary } from './scenario-loader';
import { yamlShapeProblem } from './yaml-guard';
import { parseYamlWithLines } from './yaml-lines';

/** Most a scenario text checked in the app may hold, in characters (far above any shipped scenario). */
export const SCENARIO_TEXT_MAX_CHARS = 256 * 1024;

const WORD = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * `<system>/<id>.yaml` read off the text's own `system` and `id` fields,
 * where they are plain words (`draft` for either that is not).
 */
export function draftFileOf(text: string): string {
  let system = 'draft';
  let id = 'draft';
  // The shape check first: a hostile text must not reach the YAML parser (see yaml-guard.ts).
  if (yamlShapeProblem(text)) return `${system}/${id}.yaml`;
  try {
    const { doc } = parseYamlWithLines(text);
    const s: unknown = doc.get('system');
    const i: unknown = doc.get('id');
    if (typeof s === 'string' && WORD.test(s)) system = s;
    if (typeof i === 'string' && WORD.test(i)) id = i;
  } catch {
    // The full check below reports why the text does not parse.
  }
  return `${system}/${id}.yaml`;
}

/**
 * Checks a scenario's YAML text as the catalog loads a file (syntax, the
 * schema, the cross-checks), without saving anything: what the scenario
 * studio marks in its editor. Pure; bounded by SCENARIO_TEXT_MAX_CHARS.
 */
export function checkScenarioText(text: string): ScenarioCheck {
  const file = draftFileOf(text.length > SCENARIO_TEXT_MAX_CHARS ? '' : text);
  if (text.length > SCENARIO_TEXT_MAX_CHARS)
    return {
      file,
      problems: [
        {
          file,
          line: 1,
          path: '',
          message: `the text is ${text.length} characters; a scenario may hold ${SCENARIO_TEXT_MAX_CHARS}`,
        },
      ],
    };
  const parsed = parseScenarioText(text, file);
  return parsed.ok
    ? {
        file,
        problems: [],
        // A checked text is saved to the library: its card is a library one.
        summary: scenarioSummary(parsed.scenario, 'library'),
        teaching: parsed.scenario.teaching,
      }
    : { file, problems: parsed.problems };
}

import {
  SCENARIO_BUNDLE_FORMAT,
  SCENARIO_BUNDLE_MAX_CHARS,
  SCENARIO_BUNDLE_SUFFIX,
  SCENARIO_BUNDLE_VERSION,
  scenarioBundleSchema,
  type ResponseFileText,
  type ScenarioBundle,
} from '../../shared/scenario-library-types';
import type { ScenarioProblem } from '../../shared/scenario-schema';
import { boundedProblems } from './problem-list';
import { flattenIssues, formatPath } from './zod-issues';

/** How problems name the bundle itself (its JSON, not a file inside it). */
export const BUNDLE_LABEL = 'bundle';

/** The file name an exported bundle is offered under: `<id>.dojo-scenario.json`. */
export function bundleFilename(scenarioId: string): string {
  return `${scenarioId}${SCENARIO_BUNDLE_SUFFIX}`;
}

/**
 * A scenario's file and its response files as the bundle's JSON text
 * (indented, one trailing newline); the texts are kept verbatim.
 */
export function bundleContent(
  scenario: { file: string; text: string },
  responses: readonly ResponseFileText[],
): string {
  const bundle: ScenarioBundle = {
    format: SCENARIO_BUNDLE_FORMAT,
    version: SCENARIO_BUNDLE_VERSION,
    scenario: { file: scenario.file, text: scenario.text },
    responses: responses.map((r) => ({ name: r.name, text: r.text })),
  };
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** A bundle read from its JSON text, or why it cannot be (problems of the file `bundle`). */
export type ParsedBundle =
  { ok: true; bundle: ScenarioBundle } | { ok: false; problems: ScenarioProblem[] };

/** The 1-based line of a JSON syntax error, from V8's "at position N" when it says so. */
function jsonErrorLine(content: string, message: string): number {
  const at = /position (\d+)/.exec(message);
  if (!at) return 1;
  const offset = Math.min(Number(at[1]), content.length);
  let line = 1;
  for (let i = content.indexOf('\n'); i !== -1 && i < offset; i = content.indexOf('\n', i + 1))
    line++;
  return line;
}

/**
 * Reads a bundle's JSON text: at most SCENARIO_BUNDLE_MAX_CHARS, JSON, the
 * bundle's shape (format, version, a scenario file and text, at most
 * SCENARIO_BUNDLE_MAX_RESPONSES responses with plain file names, each name
 * once). The scenario's and responses' texts are not checked here.
 */
export function parseBundle(content: string): ParsedBundle {
  const fail = (problems: ScenarioProblem[]): ParsedBundle => ({
    ok: false,
    problems: boundedProblems(problems),
  });
  const problem = (line: number, path: string, message: string): ScenarioProblem => ({
    file: BUNDLE_LABEL,
    line,
    path,
    message,
  });
  if (content.length > SCENARIO_BUNDLE_MAX_CHARS)
    return fail([
      problem(
        1,
        '',
        `the bundle is ${content.length} characters; a bundle may hold ${SCENARIO_BUNDLE_MAX_CHARS}`,
      ),
    ]);
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'not JSON';
    return fail([
      problem(jsonErrorLine(content, message), '', `not a scenario bundle (JSON): ${message}`),
    ]);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== SCENARIO_BUNDLE_FORMAT)
    return fail([
      problem(1, 'format', `not a scenario bundle: "format" must be "${SCENARIO_BUNDLE_FORMAT}"`),
    ]);
  const version = (value as { version?: unknown }).version;
  if (version !== SCENARIO_BUNDLE_VERSION)
    return fail([
      problem(
        1,
        'version',
        `the bundle is version ${JSON.stringify(version) ?? 'undefined'}; this app reads version ${SCENARIO_BUNDLE_VERSION}`,
      ),
    ]);
  const parsed = scenarioBundleSchema.safeParse(value);
  if (!parsed.success)
    return fail(
      flattenIssues(parsed.error.issues).map((i) => problem(1, formatPath(i.path), i.message)),
    );
  const seen = new Set<string>();
  const twice = parsed.data.responses.flatMap((r, i) => {
    if (!seen.has(r.name)) {
      seen.add(r.name);
      return [];
    }
    return [problem(1, `responses.${i}.name`, `response "${r.name}" is in the bundle twice`)];
  });
  return twice.length > 0 ? fail(twice) : { ok: true, bundle: parsed.data };
}

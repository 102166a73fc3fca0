import { responseSchema, type ResponseStep, type Scenario } from '../../shared/scenario-schema';
import { labMembersOf } from './lab-members';
import { boundedProblems } from './problem-list';
import { MAX_LIBRARY_FILE_BYTES, checkRegularFile, readRegularFile } from './safe-read';
import { responseIssues } from './scenario-cross-checks';
import { lineOfPath, readYamlValue } from './yaml-lines';
import { flattenIssues, formatPath } from './zod-issues';
import type { ScenarioProblem } from '../../shared/scenario-schema';

/** A response file's steps, or its problems (file, line, field path, message). */
export type ParsedResponse =
  { ok: true; steps: ResponseStep[] } | { ok: false; problems: ScenarioProblem[] };

/**
 * Parses a scripted response file (a YAML list of steps in the format of a
 * scenario's `reference`) and checks it against the scenario it is for.
 * Problems carry the file, line and field path like scenario problems, and
 * the YAML is held to the same limits (see readYamlValue).
 */
export function parseResponseText(text: string, file: string, scenario: Scenario): ParsedResponse {
  const read = readYamlValue(text);
  if (!read.ok) {
    return {
      ok: false,
      problems: boundedProblems(
        read.errors.map((e) => ({ file, line: e.line, path: '', message: e.message })),
      ),
    };
  }
  const parsed = responseSchema.safeParse(read.value);
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
      problems: boundedProblems(
        issues.map((i) => ({
          file,
          line: lineOfPath(read.yaml, i.path),
          path: formatPath(i.path),
          message: i.message,
        })),
      ),
    };
  }
  return { ok: true, steps: parsed.data };
}

/**
 * Reads and parses the response file at `file` (as named on a command line)
 * like a scenario file: a regular file only (a symbolic link, FIFO, device
 * or directory is refused unopened), at most `maxBytes` bytes of UTF-8.
 */
export async function loadResponseFile(
  file: string,
  scenario: Scenario,
  maxBytes: number = MAX_LIBRARY_FILE_BYTES,
): Promise<ParsedResponse> {
  const checked = await checkRegularFile(file, maxBytes);
  const read = checked.ok ? await readRegularFile(file, maxBytes, checked.stamp) : checked;
  if (!read.ok)
    return {
      ok: false,
      problems: boundedProblems([{ file, line: read.line, path: '', message: read.message }]),
    };
  return parseResponseText(read.text, file, scenario);
}

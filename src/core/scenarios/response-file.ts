import {
  responseSchema,
  wrongResponseFileSchema,
  type CheckId,
  type LabSettingsInput,
  type ResponseStep,
  type Scenario,
  type ScenarioProblem,
} from '../../shared/scenario-schema';
import { labMembersOf } from './lab-members';
import { boundedProblems } from './problem-list';
import { responseHeaderIssues } from './response-header-checks';
import { MAX_LIBRARY_FILE_BYTES, checkRegularFile, readRegularFile } from './safe-read';
import { responseIssues } from './scenario-cross-checks';
import { lineOfPath, readYamlValue } from './yaml-lines';
import { flattenIssues, formatPath, type FieldIssue } from './zod-issues';

/** What a response file's header says about it (absent in a bare list of steps). */
export interface ResponseHeader {
  /** The id of the scenario the file is for. */
  scenario?: string;
  /** The typical mistake it makes, in the author's words. */
  mistake?: string;
  /** The checks it must fail (a wrong response has at least one). */
  mustFail?: CheckId[];
  /** It changes nothing in the run: the self-test plays it instead of `--response none`. */
  waitsItOut?: boolean;
  /** The trainee's settings it starts with (prevention drills). */
  settings?: LabSettingsInput;
}

/**
 * A response file's steps (and its header, when it has one), or its problems
 * (file, line, field path, message).
 */
export type ParsedResponse =
  | ({ ok: true; steps: ResponseStep[] } & ResponseHeader)
  | { ok: false; problems: ScenarioProblem[] };

/** The header fields of a parsed wrong response that are set. */
function headerOf(h: ResponseHeader): ResponseHeader {
  return {
    ...(h.scenario !== undefined ? { scenario: h.scenario } : {}),
    ...(h.mistake !== undefined ? { mistake: h.mistake } : {}),
    ...(h.mustFail !== undefined ? { mustFail: h.mustFail } : {}),
    ...(h.waitsItOut !== undefined ? { waitsItOut: h.waitsItOut } : {}),
    ...(h.settings !== undefined ? { settings: h.settings } : {}),
  };
}

/** The steps and header of a response file's value, or its issues (paths from the file's root). */
function checkValue(
  value: unknown,
  scenario: Scenario,
):
  | { ok: true; steps: ResponseStep[]; header: ResponseHeader }
  | { ok: false; issues: FieldIssue[] } {
  const members = labMembersOf(scenario.system) ?? { data: [], sentinels: [] };
  if (Array.isArray(value)) {
    const parsed = responseSchema.safeParse(value);
    if (!parsed.success) return { ok: false, issues: flattenIssues(parsed.error.issues) };
    const issues = responseIssues(scenario, parsed.data, members);
    return issues.length > 0 ? { ok: false, issues } : { ok: true, steps: parsed.data, header: {} };
  }
  if (value === null || typeof value !== 'object') {
    return {
      ok: false,
      issues: [
        {
          path: [],
          message:
            'a response file is a list of steps, or a mapping with scenario, mistake, mustFail and steps',
        },
      ],
    };
  }
  const parsed = wrongResponseFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, issues: flattenIssues(parsed.error.issues) };
  const { steps, ...header } = parsed.data;
  const issues = [
    ...responseHeaderIssues(scenario, parsed.data),
    ...responseIssues(scenario, steps, members).map((i) => ({ ...i, path: ['steps', ...i.path] })),
  ];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, steps, header: headerOf(header) };
}

/**
 * Parses a scripted response file and checks it against the scenario it is
 * run against. The file is either a YAML list of steps (the format of a
 * scenario's `reference`) or a wrong response: a mapping with a header
 * (`scenario`, `mistake`, `mustFail`, optional `waitsItOut` and `settings`)
 * and `steps` (see `wrongResponseFileSchema`). The header's `scenario` must
 * be `scenario`'s id and its `mustFail` checks must be checks of it.
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
  const checked = checkValue(read.value, scenario);
  if (!checked.ok) {
    return {
      ok: false,
      problems: boundedProblems(
        checked.issues.map((i) => ({
          file,
          line: lineOfPath(read.yaml, i.path),
          path: formatPath(i.path),
          message: i.message,
        })),
      ),
    };
  }
  return { ok: true, steps: checked.steps, ...checked.header };
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

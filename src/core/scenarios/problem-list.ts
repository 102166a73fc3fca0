import type { ScenarioProblem } from '../../shared/scenario-schema';

/** Most problems reported for one file; the rest are counted in one last problem. */
export const MAX_PROBLEMS_PER_FILE = 20;
/** Longest file name, field path or message in a problem, in characters. */
export const MAX_PROBLEM_TEXT = 300;

/**
 * Makes text from an untrusted file safe to print: control characters
 * (a terminal escape, a newline that would forge a second line) are written
 * as `\uXXXX`, and the text is cut at {@link MAX_PROBLEM_TEXT} characters.
 */
export function printable(text: string): string {
  const escaped = text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > MAX_PROBLEM_TEXT ? `${escaped.slice(0, MAX_PROBLEM_TEXT - 1)}…` : escaped;
}

/**
 * One file's problems as reported: printable, and at most
 * {@link MAX_PROBLEMS_PER_FILE} of them plus one that counts the others
 * (a broken file once gave 786 syntax errors).
 */
export function boundedProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE).map((p) => ({
    file: printable(p.file),
    line: p.line,
    path: printable(p.path),
    message: printable(p.message),
  }));
  const rest = problems.slice(MAX_PROBLEMS_PER_FILE);
  if (rest.length > 0)
    shown.push({
      file: printable(rest[0]!.file),
      line: rest[0]!.line,
      path: '',
      message: `and ${rest.length} more problems in this file`,
    });
  return shown;
}

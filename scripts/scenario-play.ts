/**
 * What `npm run scenario -- run` (scripts/scenario.ts) needs around the one
 * scripted play (`playScripted`, src/core/scenarios/scripted-play.ts, shared
 * with `selftest` and the studio's dry run): reading a response file, and
 * printing a grade as text.
 */
import { loadResponseFile, type ParsedResponse } from '../src/core/scenarios/response-file';
import type { GradedPlay } from '../src/core/scenarios/scripted-play';
import type { Scenario } from '../src/shared/scenario-schema';

/**
 * Reads a scripted response file for a scenario, as the library reads its
 * files (a regular file, not a link, FIFO or device; at most 256 KiB), and
 * returns its steps and header; errors name the file, line and field.
 */
export async function readResponseFile(
  file: string,
  scenario: Scenario,
): Promise<Extract<ParsedResponse, { ok: true }>> {
  const parsed = await loadResponseFile(file, scenario);
  if (parsed.ok) return parsed;
  throw new Error(
    parsed.problems
      .map((p) => `${p.file}:${p.line}: ${p.path || '(root)'}: ${p.message}`)
      .join('\n'),
  );
}

/** The grade as text: the verdict line, the required checks that failed, each check, the ledger. */
export function printPlayedRun(result: GradedPlay): void {
  console.log(
    `${result.passed ? 'PASSED' : 'FAILED'} ${result.score}/100 (pass mark ${result.passMark})`,
  );
  if (result.requiredFailed.length > 0)
    console.log(`  required check failed: ${result.requiredFailed.join(', ')}`);
  for (const c of result.checks)
    console.log(`  ${c.verdict.padEnd(7)} ${c.check}${c.required ? ' (required)' : ''}: ${c.why}`);
  console.log(`  ledger: ${JSON.stringify(result.ledger)}`);
}

/**
 * One scripted run of the headless runner (`npm run scenario -- run` and
 * `selftest`, scripts/scenario.ts): start the scenario with a response,
 * wait for its end, and read its grade.
 */
import type { Engine } from '../src/core';
import { loadResponseFile, type ParsedResponse } from '../src/core/scenarios/response-file';
import type { LabSettingsInput, Pace, ResponseStep, Scenario } from '../src/shared/scenario-schema';

/** A response to play: its name (as the debrief shows it) and its steps. */
export interface ScriptedResponse {
  name: string;
  steps: ResponseStep[];
}

/** How a run is started. */
export interface PlayOptions {
  /** The trainee's settings the run starts with. */
  settings: LabSettingsInput;
  seed?: number;
  pace: Pace;
  player?: string;
  /** Called with the run's id once it has started (for the line an interruption prints). */
  onStart?: (runId: string) => void;
  /** Prints the one line that says which run started (on stderr). */
  announce?: boolean;
}

/** What the runner prints of a graded run (`--json`). */
export interface PlayedRun {
  scenario: string;
  runId: string;
  response: string;
  pace: Pace;
  seed: number;
  /** Wall-clock seconds from the start request to the grade. */
  seconds: number;
  score: number;
  passMark: number;
  passed: boolean;
  requiredFailed: string[];
  checks: {
    check: string;
    verdict: string;
    credit: number;
    required?: true;
    why: string;
  }[];
  ledger: unknown;
}

/** A run that was graded, or one that ended without a grade (and why). */
export type PlayOutcome =
  { graded: true; result: PlayedRun } | { graded: false; runId: string; reason: string };

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

/** Plays `response` on `scenario` to its end and reads the grade. */
export async function playResponse(
  engine: Engine,
  scenario: Scenario,
  response: ScriptedResponse,
  options: PlayOptions,
): Promise<PlayOutcome> {
  const started = Date.now();
  const { runId } = await engine.startScenario(
    {
      scenarioId: scenario.id,
      settings: options.settings,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      pace: options.pace,
      ...(options.player !== undefined ? { player: options.player } : {}),
    },
    { response },
  );
  options.onStart?.(runId);
  if (options.announce)
    console.error(
      `run ${runId}: ${scenario.title} with response "${response.name}" at ${options.pace} pace`,
    );
  await engine.whenRunEnded(runId);
  const debrief = await engine.getDebrief({ runId });
  if (!debrief) {
    const snap = await engine.getRun({ runId });
    return {
      graded: false,
      runId,
      reason: String(snap?.error ?? snap?.phase ?? 'the run is no longer known'),
    };
  }
  return {
    graded: true,
    result: {
      scenario: scenario.id,
      runId,
      response: response.name,
      pace: debrief.pace,
      seed: debrief.seed,
      seconds: Math.round((Date.now() - started) / 1000),
      score: Math.round(debrief.grade.score),
      passMark: debrief.grade.passMark,
      passed: debrief.grade.passed,
      requiredFailed: debrief.grade.requiredFailed ?? [],
      checks: debrief.grade.checks.map((c) => ({
        check: c.check,
        verdict: c.verdict,
        credit: c.credit,
        ...(c.required ? { required: true as const } : {}),
        why: c.why,
      })),
      ledger: debrief.ledger,
    },
  };
}

/** The grade as text: the verdict line, the required checks that failed, each check, the ledger. */
export function printPlayedRun(result: PlayedRun): void {
  console.log(
    `${result.passed ? 'PASSED' : 'FAILED'} ${result.score}/100 (pass mark ${result.passMark})`,
  );
  if (result.requiredFailed.length > 0)
    console.log(`  required check failed: ${result.requiredFailed.join(', ')}`);
  for (const c of result.checks)
    console.log(`  ${c.verdict.padEnd(7)} ${c.check}${c.required ? ' (required)' : ''}: ${c.why}`);
  console.log(`  ledger: ${JSON.stringify(result.ledger)}`);
}

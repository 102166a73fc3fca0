import type { LabSettingsInput, Pace, ResponseStep, Scenario } from '../../shared/scenario-schema';
import type { LedgerCounts, Verdict } from '../../shared/scenario-types';
import type { Engine } from '../engine-types';

/** What a headless scripted run printed and judged: the grade, as `npm run scenario -- run --json` prints it. */
export interface GradedPlay {
  scenario: string;
  runId: string;
  /** `reference`, `none`, or the response file's name. */
  response: string;
  pace: Pace;
  seed: number;
  /** Wall time from the start call to the grade, whole seconds. */
  seconds: number;
  /** 0..100, rounded. */
  score: number;
  passMark: number;
  passed: boolean;
  /** Required checks that failed (each alone fails the attempt). */
  requiredFailed: string[];
  checks: { check: string; verdict: Verdict; credit: number; required?: true; why: string }[];
  ledger: LedgerCounts;
}

/** A scripted run's end: graded, or ended without a grade (and why, in one line). */
export type PlayOutcome =
  { graded: true; result: GradedPlay } | { graded: false; runId: string; reason: string };

/** A scripted response: the reference, `none` (no step) or a file's steps. */
export interface ScriptedResponse {
  /** As the debrief names it: `reference`, `none` or the file's name. */
  name: string;
  steps: ResponseStep[];
}

/** What a scripted play needs of the engine. */
export type PlayEngine = Pick<Engine, 'startScenario' | 'whenRunEnded' | 'getDebrief' | 'getRun'>;

/**
 * Plays one scenario with a scripted response on the real engine, headless,
 * and waits for its grade: the one code path of `npm run scenario -- run`,
 * `-- selftest` and the studio's dry run. `onStarted` hears the run id as
 * soon as the run exists (for a progress view or an interrupt).
 */
export async function playScripted(
  engine: PlayEngine,
  scenario: Scenario,
  response: ScriptedResponse,
  options: {
    pace: Pace;
    seed?: number;
    /** The trainee's settings the run starts with (the reference's choices, or a file's). */
    settings?: LabSettingsInput;
    player?: string;
    onStarted?: (runId: string) => void;
  },
): Promise<PlayOutcome> {
  const started = Date.now();
  const { runId } = await engine.startScenario(
    {
      scenarioId: scenario.id,
      settings: options.settings ?? {},
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      pace: options.pace,
      ...(options.player !== undefined ? { player: options.player } : {}),
    },
    { response: { name: response.name, steps: response.steps } },
  );
  options.onStarted?.(runId);
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

import type { Engine } from '../index';
import type { RunEvent } from '../../shared/run-events';
import type { Pace, ResponseStep } from '../../shared/scenario-schema';

/** A scripted run's outcome, as tests and benches that play several runs at once read it. */
export interface PlayedRun {
  runId: string;
  /** The response played (`reference`, `none`, a file name). */
  response: string;
  passed: boolean;
  /** The grade's score, rounded, 0..100 (0 when the run ended without a grade). */
  score: number;
  /** `<check>: <why>` for every check that did not pass, or why there is no grade. */
  failing: string[];
  /** `<check> (<credit>): <why>` for every check that passed with partial credit (a band below full). */
  partial: string[];
  /** The run's history as pushed while it ran (every event from its start to its end). */
  events: RunEvent[];
}

/**
 * Plays one scenario run with a scripted response on `engine` and waits for
 * its grade. `reference: true` also applies the reference's settings
 * (`lab.referenceSettings`), as the headless runner does for `--response reference`.
 */
export async function playScripted(
  engine: Engine,
  opts: {
    scenarioId: string;
    pace: Pace;
    seed?: number;
    response: { name: string; steps: ResponseStep[] };
    reference?: boolean;
  },
): Promise<PlayedRun> {
  const scenario = await engine.getScenario({ scenarioId: opts.scenarioId });
  if (!scenario) throw new Error(`unknown scenario "${opts.scenarioId}"`);
  // Events pushed before startScenario answers (its run id) are kept and sorted out then; after
  // that only this run's are kept (with N runs together, not N runs' worth of samples each).
  let seen: RunEvent[] = [];
  let mine: string | undefined;
  const off = engine.onEvent((e) => {
    if (e.type === 'run' && (mine === undefined || e.event.runId === mine)) seen.push(e.event);
  });
  let runId: string;
  try {
    ({ runId } = await engine.startScenario(
      {
        scenarioId: opts.scenarioId,
        pace: opts.pace,
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        settings: opts.reference ? (scenario.lab.referenceSettings ?? {}) : {},
      },
      { response: opts.response },
    ));
    mine = runId;
    seen = seen.filter((e) => e.runId === runId);
    await engine.whenRunEnded(runId);
  } finally {
    off();
  }
  const d = await engine.getDebrief({ runId });
  const snap = d ? undefined : await engine.getRun({ runId });
  return {
    runId,
    response: opts.response.name,
    passed: d?.grade.passed ?? false,
    score: Math.round(d?.grade.score ?? 0),
    failing: d
      ? d.grade.checks.filter((c) => c.verdict !== 'pass').map((c) => `${c.check}: ${c.why}`)
      : [`no grade: ${snap?.error ?? snap?.phase ?? '?'}`],
    partial: (d?.grade.checks ?? [])
      .filter((c) => c.verdict === 'pass' && c.credit < 1)
      .map((c) => `${c.check} (${c.credit.toFixed(2)}): ${c.why}`),
    events: seen,
  };
}

/** How a run's drill held up while the machine was busy, read from its history. */
export interface DrillFigures {
  /** The first scheduled fault: began − due, s (undefined when none fired on schedule). */
  faultLateS?: number;
  /** Longest gap between two probe samples from the scenario start to grading, s (probes tick every 0.25 s). */
  maxSampleGapS: number;
}

/** Reads DrillFigures from a run's events. Pure. */
export function drillFigures(events: readonly RunEvent[]): DrillFigures {
  const start = events.find((e) => e.kind === 'scenario')?.t;
  const grading = events.find((e) => e.kind === 'phase' && e.phase === 'grading')?.t ?? Infinity;
  let gap = 0;
  let last: number | undefined;
  for (const e of events) {
    if (e.kind !== 'sample' || start === undefined || e.t < start || e.t > grading) continue;
    if (last !== undefined) gap = Math.max(gap, e.t - last);
    last = e.t;
  }
  const fault = events.find(
    (e): e is Extract<RunEvent, { kind: 'fault' }> =>
      e.kind === 'fault' && e.phase === 'inject' && e.dueMs !== undefined,
  );
  return {
    ...(fault?.dueMs !== undefined && fault.startedMs !== undefined
      ? { faultLateS: (fault.startedMs - fault.dueMs) / 1000 }
      : {}),
    maxSampleGapS: gap / 1000,
  };
}

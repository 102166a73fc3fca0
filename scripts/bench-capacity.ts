/**
 * How many labs this machine carries with honest grades, for `npm run bench`,
 * printed, never asserted: N runs of a scenario's reference response started
 * together in one engine, for N = 1, 2, 3, ... until one of them does not
 * pass (or --max). For every run it prints the verdict, how late the fault
 * began against its schedule (s), and the longest gap between two probe
 * samples while the drill ran (the probe interval is 0.25 s): the two things
 * a lab starting beside a running drill would spoil first.
 *
 *   npx tsx scripts/bench-capacity.ts                       # stale-leader up to 6, stale-primary up to 4
 *   npx tsx scripts/bench-capacity.ts --scenario stale-leader --max 5
 */
import { createEngine } from '../src/core';
import type { Engine } from '../src/core';
import type { RunEvent } from '../src/shared/run-events';

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Played {
  runId: string;
  passed: boolean;
  score: number;
  failing: string[];
  /** Fault began − fault due, s (undefined: no scheduled fault fired). */
  faultLateS?: number;
  /** Longest gap between probe samples from the scenario start to its end, s. */
  maxSampleGapS: number;
}

async function playReference(engine: Engine, scenarioId: string): Promise<Played> {
  const scenario = await engine.getScenario({ scenarioId });
  if (!scenario) throw new Error(`unknown scenario "${scenarioId}"`);
  const events: RunEvent[] = [];
  let runId = '';
  const early: RunEvent[] = [];
  const off = engine.onEvent((e) => {
    if (e.type !== 'run') return;
    if (runId === '') early.push(e.event);
    else if (e.event.runId === runId) events.push(e.event);
  });
  try {
    ({ runId } = await engine.startScenario(
      { scenarioId, pace: 'fast', seed: 7, settings: scenario.lab.referenceSettings ?? {} },
      { response: { name: 'reference', steps: scenario.reference } },
    ));
    events.unshift(...early.filter((e) => e.runId === runId));
    await engine.whenRunEnded(runId);
  } finally {
    off();
  }
  const d = await engine.getDebrief({ runId });
  const snap = await engine.getRun({ runId });
  const start = events.find((e) => e.kind === 'scenario')?.t ?? 0;
  const grading = events.find((e) => e.kind === 'phase' && e.phase === 'grading')?.t ?? Infinity;
  const fault = events.find(
    (e): e is Extract<RunEvent, { kind: 'fault' }> =>
      e.kind === 'fault' && e.phase === 'inject' && e.dueMs !== undefined,
  );
  const sampleTimes = events
    .filter((e) => e.kind === 'sample' && e.t >= start && e.t <= grading)
    .map((e) => e.t);
  let gap = 0;
  for (let i = 1; i < sampleTimes.length; i++)
    gap = Math.max(gap, sampleTimes[i]! - sampleTimes[i - 1]!);
  return {
    runId,
    passed: d?.grade.passed ?? false,
    score: Math.round(d?.grade.score ?? 0),
    failing: d
      ? d.grade.checks.filter((c) => c.verdict !== 'pass').map((c) => `${c.check}: ${c.why}`)
      : [`no grade: ${snap?.error ?? snap?.phase ?? '?'}`],
    ...(fault?.startedMs !== undefined && fault.dueMs !== undefined
      ? { faultLateS: (fault.startedMs - fault.dueMs) / 1000 }
      : {}),
    maxSampleGapS: gap / 1000,
  };
}

async function capacity(engine: Engine, scenarioId: string, max: number): Promise<number> {
  let carried = 0;
  for (let n = 1; n <= max; n++) {
    const began = Date.now();
    const runs = await Promise.all(
      Array.from({ length: n }, () => playReference(engine, scenarioId)),
    );
    const all = runs.every((r) => r.passed);
    const late = runs.map((r) => (r.faultLateS === undefined ? '?' : r.faultLateS.toFixed(2)));
    console.log(
      `${scenarioId}, ${n} at once: ${runs.map((r) => `${r.passed ? 'PASS' : 'FAIL'} ${r.score}`).join(', ')}` +
        ` | fault late (s): ${late.join(', ')} | longest probe gap (s): ${runs
          .map((r) => r.maxSampleGapS.toFixed(2))
          .join(', ')} | ${Math.round((Date.now() - began) / 1000)} s`,
    );
    for (const r of runs.filter((x) => !x.passed))
      for (const f of r.failing) console.log(`    ${r.runId} ${f}`);
    if (!all) break;
    carried = n;
  }
  console.log(
    `${scenarioId}: every reference passed with up to ${carried} labs at once (tried up to ${max})`,
  );
  return carried;
}

async function main(): Promise<void> {
  const only = opt('scenario');
  const targets: [string, number][] = only
    ? [[only, Number(opt('max') ?? 5)]]
    : [
        ['stale-leader', Number(opt('max') ?? 6)],
        ['stale-primary', Number(opt('max') ?? 4)],
      ];
  const engine = await createEngine();
  try {
    for (const [scenarioId, max] of targets) await capacity(engine, scenarioId, max);
  } finally {
    await engine.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench-capacity: ${(error as Error).message}`);
    process.exit(1);
  },
);

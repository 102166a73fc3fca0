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
import { drillFigures, playScripted } from '../src/core/testing/played-run';
import { option, runMain } from './bench-cli';

async function capacity(engine: Engine, scenarioId: string, max: number): Promise<number> {
  const scenario = await engine.getScenario({ scenarioId });
  if (!scenario) throw new Error(`unknown scenario "${scenarioId}"`);
  const reference = scenario.reference;
  let carried = 0;
  for (let n = 1; n <= max; n++) {
    const began = Date.now();
    const runs = await Promise.all(
      Array.from({ length: n }, async () => {
        const played = await playScripted(engine, {
          scenarioId,
          pace: 'fast',
          seed: 7,
          response: { name: 'reference', steps: reference },
          reference: true,
        });
        return { ...played, ...drillFigures(played.events) };
      }),
    );
    const all = runs.every((r) => r.passed);
    const late = runs.map((r) => (r.faultLateS === undefined ? '?' : r.faultLateS.toFixed(2)));
    console.log(
      `${scenarioId}, ${n} at once: ${runs.map((r) => `${r.passed ? 'PASS' : 'FAIL'} ${r.score}`).join(', ')}` +
        ` | fault late (s): ${late.join(', ')} | longest probe gap (s): ${runs
          .map((r) => r.maxSampleGapS.toFixed(2))
          .join(', ')} | ${Math.round((Date.now() - began) / 1000)} s`,
    );
    for (const r of runs)
      for (const f of [...r.failing, ...r.partial]) console.log(`    ${r.runId} ${f}`);
    if (!all) break;
    carried = n;
  }
  console.log(
    `${scenarioId}: every reference passed with up to ${carried} labs at once (tried up to ${max})`,
  );
  return carried;
}

async function main(): Promise<void> {
  const only = option('scenario', '');
  const targets: [string, number][] = only
    ? [[only, Number(option('max', '5'))]]
    : [
        ['stale-leader', Number(option('max', '6'))],
        ['stale-primary', Number(option('max', '4'))],
      ];
  const engine = await createEngine();
  try {
    for (const [scenarioId, max] of targets) await capacity(engine, scenarioId, max);
  } finally {
    await engine.dispose();
  }
}

runMain('bench-capacity', main);

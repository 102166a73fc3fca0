/**
 * Several labs at once, printed, never asserted: N runs of one scenario
 * started together in one engine, the reference response in each, then N
 * with no response; each round prints every verdict and score, and whether
 * anything of the runs was left behind. Repeat with --rounds to see that it
 * holds every time; raise --labs to find how many a machine carries.
 *
 *   npx tsx scripts/bench-concurrent.ts --scenario stale-leader --labs 3 --rounds 5
 *
 * Options: --scenario ID (default stale-leader), --labs N (default 3),
 *          --rounds N (default 1), --pace fast|human (default fast).
 */
import { createEngine } from '../src/core';
import { createDockerRuntime } from '../src/core/runtime/docker-runtime';
import { listLeftovers } from '../src/core/runtime/leftovers';
import { drillFigures, playScripted } from '../src/core/testing/played-run';
import type { Pace, ResponseStep } from '../src/shared/scenario-schema';
import { option, runMain } from './bench-cli';

async function main(): Promise<void> {
  const scenarioId = option('scenario', 'stale-leader');
  const labs = Number(option('labs', '3'));
  const rounds = Number(option('rounds', '1'));
  const pace = option('pace', 'fast') as Pace;
  const engine = await createEngine();
  const runtime = createDockerRuntime();
  let held = 0;
  try {
    const scenario = await engine.getScenario({ scenarioId });
    if (!scenario) throw new Error(`unknown scenario "${scenarioId}"`);
    for (let round = 1; round <= rounds; round++) {
      const started = Date.now();
      for (const response of [
        { name: 'reference', steps: scenario.reference },
        { name: 'none', steps: [] as ResponseStep[] },
      ]) {
        const results = await Promise.all(
          Array.from({ length: labs }, () =>
            playScripted(engine, {
              scenarioId,
              pace,
              response,
              reference: response.name === 'reference',
            }),
          ),
        );
        const right = results.filter((r) => r.passed === (response.name === 'reference')).length;
        if (right === labs) held++;
        console.log(
          `round ${round}, ${labs} × ${response.name}: ${results
            .map((r) => `${r.passed ? 'PASS' : 'FAIL'} ${r.score}`)
            .join(', ')} (${right}/${labs} as expected)`,
        );
        const figures = results.map((r) => drillFigures(r.events));
        console.log(
          `    fault late (s): ${figures.map((f) => f.faultLateS?.toFixed(2) ?? '?').join(', ')}; longest probe gap (s): ${figures.map((f) => f.maxSampleGapS.toFixed(2)).join(', ')}`,
        );
        for (const r of results.filter((x) => x.passed !== (response.name === 'reference')))
          for (const f of r.failing) console.log(`    ${r.runId} ${f}`);
        const left = await listLeftovers(
          runtime,
          results.map((r) => r.runId),
        );
        const names = [...left.containers, ...left.networks.map((n) => `network ${n}`)];
        if (names.length > 0) console.log(`    left behind: ${names.join(', ')}`);
      }
      console.log(`round ${round} took ${Math.round((Date.now() - started) / 1000)} s`);
    }
    console.log(
      `${scenarioId}, ${labs} labs at once, ${pace} pace: ${held} of ${rounds * 2} batches graded as expected`,
    );
  } finally {
    await engine.dispose();
  }
}

runMain('bench-concurrent', main);

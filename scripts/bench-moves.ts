/**
 * Move latency for `npm run bench`, printed, never asserted: how long the
 * engine takes to carry out a fence (issued → took effect: `isolate-clients`
 * then `unisolate-clients` of redis-3, the engine's answer to act()), median
 * and max, with one stale-leader scenario running (idle machine) and with
 * three running at once (workload writing, probes sampling in all three).
 * The scenarios run at human pace, so their faults (15-45 s in) come after
 * the measurement; redis-3 is a replica, so its fence changes nothing the
 * scenario grades.
 *
 * Options: --rounds N (fence/unfence pairs per lab, default 10),
 *          --labs N (the loaded case, default 3).
 * DOJO_EXEC_REUSE=0 measures with a new `docker exec` per command (no shell session).
 */
import { createEngine } from '../src/core';
import type { Engine } from '../src/core';
import { scenarioStarted } from '../src/core/testing/run-events';
import { positiveOption, runMain } from './bench-cli';

async function measure(engine: Engine, runId: string, rounds: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const kind of ['isolate-clients', 'unisolate-clients'] as const) {
      const t = Date.now();
      const r = await engine.act({ runId, action: { kind, node: 'redis-3' } });
      if (!r.ok) throw new Error(`${kind} redis-3 failed: ${r.detail}`);
      ms.push(Date.now() - t);
    }
  }
  return ms;
}

function figures(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `median ${median} ms, max ${sorted.at(-1) ?? 0} ms (${ms.length} moves)`;
}

async function main(): Promise<void> {
  const rounds = positiveOption('rounds', 10);
  const labs = positiveOption('labs', 3);
  const reuse = process.env.DOJO_EXEC_REUSE !== '0';
  const engine = await createEngine();
  const runs: string[] = [];
  try {
    const start = async (): Promise<string> => {
      const { runId } = await engine.startScenario({ scenarioId: 'stale-leader', pace: 'human' });
      runs.push(runId);
      await scenarioStarted(engine, runId);
      return runId;
    };
    console.log(
      `move latency (issued → took effect), ${reuse ? 'one shell session per container' : 'a docker exec per command'}:`,
    );
    const first = await start();
    console.log(`  1 lab running:  ${figures(await measure(engine, first, rounds))}`);
    const others = await Promise.all(Array.from({ length: labs - 1 }, () => start()));
    const all = await Promise.all(
      [first, ...others].map((runId) => measure(engine, runId, rounds)),
    );
    console.log(`  ${labs} labs running, moves in all at once: ${figures(all.flat())}`);
  } finally {
    await Promise.allSettled(runs.map((runId) => engine.stopLab({ runId })));
    await engine.dispose();
  }
}

runMain('bench-moves', main);

import { describe, expect, it } from 'vitest';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { listLeftovers } from '../runtime/leftovers';
import { drillFigures, playScripted, type PlayedRun } from '../testing/played-run';
import { engineForFile } from '../testing/test-engine';

/**
 * Three trainees on one machine: three stale-leader runs started together in
 * one engine, on the real Docker t.engine. Every reference response passes,
 * every run with no response fails, each lab's scheduled fault fires within
 * 0.5 s of its due time although the other labs are coming up meanwhile, and
 * nothing of any run is left behind. One round here (DOJO_LABS_AT_ONCE_ROUNDS=5
 * for five rounds in a row).
 */
const t = engineForFile('dojo-at-once');
const ROUNDS = Math.max(1, Math.floor(Number(process.env.DOJO_LABS_AT_ONCE_ROUNDS ?? 1)) || 1);
const LABS = 3;
const runtime = createDockerRuntime();

async function together(name: 'reference' | 'none'): Promise<PlayedRun[]> {
  const scenario = await t.engine.getScenario({ scenarioId: 'stale-leader' });
  const steps = name === 'reference' ? (scenario?.reference ?? []) : [];
  return Promise.all(
    Array.from({ length: LABS }, () =>
      playScripted(t.engine, {
        scenarioId: 'stale-leader',
        pace: 'fast',
        seed: 7,
        response: { name, steps },
        reference: name === 'reference',
      }),
    ),
  );
}

describe(`${LABS} stale-leader labs at once, ${ROUNDS} round(s)`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(
      `round ${round}: every reference passes, every run with no response fails, faults on time, nothing left`,
      { timeout: 600_000 },
      async () => {
        const refs = await together('reference');
        for (const r of refs)
          expect(r.passed, `${r.runId} ${r.score}: ${r.failing.join(' | ')}`).toBe(true);
        const nones = await together('none');
        for (const r of nones) expect(r.passed, `${r.runId} ${r.score}`).toBe(false);
        for (const r of [...refs, ...nones]) {
          const late = drillFigures(r.events).faultLateS;
          expect(late, `${r.runId}: fault began ${late} s after it was due`).toBeDefined();
          expect(Math.abs(late!)).toBeLessThanOrEqual(0.5);
        }
        expect(
          await listLeftovers(
            runtime,
            [...refs, ...nones].map((r) => r.runId),
          ),
        ).toEqual({ containers: [], networks: [] });
      },
    );
  }
});

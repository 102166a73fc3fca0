import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseStep } from '../../shared/scenario-schema';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { LABEL } from '../runtime/labels';
import { createEngine, type Engine } from '../index';

/**
 * Three trainees on one machine: three stale-leader runs started together in
 * one engine, on the real Docker engine. Every reference response passes,
 * every run with no response fails, and nothing of any run is left behind.
 * One round here (DOJO_LABS_AT_ONCE_ROUNDS=5 for five in a row).
 */
const ROUNDS = Math.max(1, Number(process.env.DOJO_LABS_AT_ONCE_ROUNDS ?? 1));
const LABS = 3;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-at-once-'));
let engine: Engine;
const runtime = createDockerRuntime();

beforeAll(async () => {
  engine = await createEngine({ dataDir });
});

afterAll(async () => {
  await engine.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Played {
  runId: string;
  passed: boolean;
  score: number;
  failing: string[];
}

async function play(steps: ResponseStep[], name: string, reference: boolean): Promise<Played> {
  const scenario = await engine.getScenario({ scenarioId: 'stale-leader' });
  const { runId } = await engine.startScenario(
    {
      scenarioId: 'stale-leader',
      pace: 'fast',
      seed: 7,
      settings: reference ? (scenario?.lab.referenceSettings ?? {}) : {},
    },
    { response: { name, steps } },
  );
  await engine.whenRunEnded(runId);
  const d = await engine.getDebrief({ runId });
  const snap = await engine.getRun({ runId });
  return {
    runId,
    passed: d?.grade.passed ?? false,
    score: Math.round(d?.grade.score ?? 0),
    failing: d
      ? d.grade.checks.filter((c) => c.verdict !== 'pass').map((c) => `${c.check}: ${c.why}`)
      : [`no grade: ${snap?.error ?? snap?.phase ?? '?'}`],
  };
}

async function leftOf(runIds: string[]): Promise<string[]> {
  const mine = new Set(runIds);
  const containers = await runtime.listContainers({});
  return containers.filter((c) => mine.has(c.labels[LABEL.run] ?? '')).map((c) => c.name);
}

describe(`${LABS} stale-leader labs at once, ${ROUNDS} round(s)`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(
      `round ${round}: every reference passes, every run with no response fails, nothing is left`,
      {
        timeout: 600_000,
      },
      async () => {
        const scenario = await engine.getScenario({ scenarioId: 'stale-leader' });
        expect(scenario).toBeDefined();
        const refs = await Promise.all(
          Array.from({ length: LABS }, () => play(scenario!.reference, 'reference', true)),
        );
        for (const r of refs)
          expect(r.passed, `${r.runId} ${r.score}: ${r.failing.join(' | ')}`).toBe(true);
        const nones = await Promise.all(
          Array.from({ length: LABS }, () => play([], 'none', false)),
        );
        for (const r of nones) expect(r.passed, `${r.runId} ${r.score}`).toBe(false);
        expect(await leftOf([...refs, ...nones].map((r) => r.runId))).toEqual([]);
      },
    );
  }
});

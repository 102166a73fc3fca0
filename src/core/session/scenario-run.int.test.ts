import Docker from 'dockerode';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunPhase } from '../../shared/lab-types';
import { createEngine, type Engine } from '../index';

/**
 * Stopping a scenario at awkward moments (while the lab comes up, just as the
 * workload clients are being created) leaves nothing of the run behind.
 */
const docker = new Docker();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-abort-'));
let engine: Engine;

async function leftovers(runId: string): Promise<string[]> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`dojo.run=${runId}`] },
  });
  return list.map((c) => c.Names[0] ?? c.Id);
}

function phaseReached(runId: string, phase: RunPhase): Promise<void> {
  return new Promise((resolve) => {
    const off = engine.onEvent((e) => {
      if (
        e.type === 'run' &&
        e.event.runId === runId &&
        e.event.kind === 'phase' &&
        e.event.phase === phase
      ) {
        off();
        resolve();
      }
    });
  });
}

beforeAll(async () => {
  engine = await createEngine({ dataDir });
});

afterAll(async () => {
  await engine.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('stopping a scenario early', () => {
  it('while its lab starts: no container of the run remains', { timeout: 120_000 }, async () => {
    const { runId } = await engine.startScenario({ scenarioId: 'stale-leader', seed: 1 });
    await phaseReached(runId, 'starting');
    await engine.stopLab({ runId });
    await engine.whenRunEnded(runId);
    expect(await leftovers(runId)).toEqual([]);
  });

  it(
    'just as the workload clients are created: no container of the run remains',
    { timeout: 120_000 },
    async () => {
      const { runId } = await engine.startScenario({ scenarioId: 'stale-leader', seed: 1 });
      await phaseReached(runId, 'running');
      await engine.stopLab({ runId });
      await engine.whenRunEnded(runId);
      expect(await leftovers(runId)).toEqual([]);
      expect((await engine.getRun({ runId }))?.phase).toBe('stopped');
    },
  );
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { LABEL } from '../runtime/labels';

/**
 * The terminal closing under a headless run (SIGHUP), or Ctrl-C: the runner
 * says in one line that the run was interrupted, removes the lab and exits
 * 130; nothing of the run is left on the engine.
 */
const root = path.resolve(__dirname, '../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-signals-'));
const runtime = createDockerRuntime();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('headless runner interrupted', () => {
  for (const signal of ['SIGHUP', 'SIGINT'] as const) {
    it(`by ${signal}: one line, exit 130, the lab removed`, { timeout: 180_000 }, async () => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/scenario.ts',
          'run',
          'stale-leader',
          '--response',
          'none',
          '--pace',
          'fast',
        ],
        {
          cwd: root,
          env: { ...process.env, DOJO_DATA_DIR: dataDir },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      const runId = await until('the run id', async () => /^run (\S+):/m.exec(stderr)?.[1], 60_000);
      // Interrupt once the lab's containers are up (mid-run, not before anything exists).
      await until(
        'the lab containers',
        async () => {
          const mine = await runtime.listContainers({ [LABEL.run]: runId });
          return mine.some((c) => c.state === 'running') ? true : undefined;
        },
        90_000,
      );
      child.kill(signal);
      expect(await exited).toBe(130);
      const lines = stderr.trim().split('\n');
      expect(lines.at(-1)).toBe(
        `run ${runId}: interrupted by ${signal}; the lab is being removed, no grade`,
      );
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(await runtime.listContainers({ [LABEL.run]: runId })).toEqual([]);
    });
  }
});

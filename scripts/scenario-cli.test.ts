import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/core';
import type { ContainerRuntime } from '../src/core/runtime/container-runtime';
import { EngineUnreachableError } from '../src/core/runtime/container-runtime';
import { EXIT, exitCodeFor } from './scenario-cli';

describe('the headless runner exit codes', () => {
  it('exits 2 when no Docker engine answers, 1 for any other error', () => {
    expect(
      exitCodeFor(new EngineUnreachableError('No Docker engine answers', 'unix:///x', [])),
    ).toBe(EXIT.noGrade);
    expect(EXIT.noGrade).toBe(2);
    expect(exitCodeFor(new Error('unknown scenario "nope"'))).toBe(EXIT.badInput);
    expect(exitCodeFor('a string')).toBe(EXIT.badInput);
  });

  it('a run on an engine nobody answers fails with the error that maps to 2', async () => {
    const refuse = () =>
      Promise.reject(
        new EngineUnreachableError('No Docker engine answers at unix:///x', 'unix:///x', [
          'start it',
        ]),
      );
    // Every call of the runtime fails as Docker's does when nothing listens.
    const runtime = new Proxy({} as ContainerRuntime, {
      get: (_, key) => (key === 'endpoint' ? 'unix:///x' : refuse),
    });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dojo-cli-'));
    const engine = await createEngine({ reapOnStart: false, dataDir }, runtime);
    try {
      const error: unknown = await engine
        .startScenario({ scenarioId: 'stale-leader', settings: {} })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(EngineUnreachableError);
      expect((error as Error).message).toMatch(
        /^No Docker engine answers at unix:\/\/\/x.*To start one: start it$/,
      );
      expect(exitCodeFor(error)).toBe(2);
    } finally {
      await engine.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

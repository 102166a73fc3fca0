import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createEngine, type Engine } from '../index';

/**
 * An engine on the real Docker engine for one integration test file: created
 * before its tests with a fresh data folder (`<tmp>/<prefix>-XXXX`), disposed
 * after them (its labs removed) and the folder deleted. Read `.engine` inside
 * tests and hooks, not at import time.
 */
export function engineForFile(prefix: string): {
  readonly engine: Engine;
  readonly dataDir: string;
} {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  let engine: Engine | undefined;
  beforeAll(async () => {
    engine = await createEngine({ dataDir });
  });
  afterAll(async () => {
    await engine?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    get engine(): Engine {
      if (!engine) throw new Error('the test engine is used before beforeAll created it');
      return engine;
    },
  };
}

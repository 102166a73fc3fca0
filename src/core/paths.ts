import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (): string => path.dirname(fileURLToPath(import.meta.url));

/**
 * Finds a folder of the repository by walking up from this module until
 * `<dir>/<folder>/<marker>` exists: the same code runs from src/core (tsx,
 * tests) and from a bundle under out/.
 */
export function findRepoFolder(folder: string, marker: string, from: string = here()): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, folder);
    if (fs.existsSync(path.join(candidate, marker))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${folder} folder not found above ${from}`);
    dir = parent;
  }
}

/** The repository's `lab-images` folder (Dockerfiles). */
export function findLabImagesDir(from?: string): string {
  return findRepoFolder('lab-images', path.join('base', 'bootstrap.sh'), from);
}

/**
 * The repository's `scenarios` folder (scenario YAML files, one folder per
 * system), found by the JSON Schema every shipped scenario names in its first
 * line (SCENARIO_SCHEMA_FILE): no system's folder is the marker.
 */
export function findScenariosDir(from?: string): string {
  return findRepoFolder('scenarios', 'scenario.schema.json', from);
}

/** Where the app keeps attempts and artifacts: DOJO_DATA_DIR, else ~/.failover-dojo. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOJO_DATA_DIR ?? path.join(os.homedir(), '.failover-dojo');
}

/**
 * The user's scenario library: DOJO_SCENARIOS_DIR (resolved against the
 * working folder), else `<dataDir>/scenarios`, i.e. ~/.failover-dojo/scenarios
 * unless DOJO_DATA_DIR moves the data. Laid out as the shipped folder.
 */
export function defaultLibraryDir(
  dataDir: string = defaultDataDir(),
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = env.DOJO_SCENARIOS_DIR;
  return dir ? path.resolve(dir) : path.join(dataDir, 'scenarios');
}

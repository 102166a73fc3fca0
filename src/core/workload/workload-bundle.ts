import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Where the client container runs the bundle from, and reads its config. */
export const WORKLOAD_BUNDLE_PATH = '/opt/dojo/workload.mjs';
export const WORKLOAD_CONFIG_PATH = '/etc/dojo/workload.json';

/**
 * Finds the workload sources (`src/workload`, entry `main.ts`) by walking up
 * from this module: the same code runs from src/core (tsx, tests) and from a
 * bundle under out/.
 */
export function findWorkloadDir(
  from: string = path.dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'src', 'workload');
    if (fs.existsSync(path.join(candidate, 'main.ts'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`src/workload not found above ${from}`);
    dir = parent;
  }
}

let cached: Promise<string> | undefined;

/**
 * The workload client as one ESM file for Node 18 (Debian bookworm's nodejs
 * in the client image), built with esbuild from src/workload/main.ts on
 * first use and cached in memory for the life of the process.
 */
export function bundleWorkload(workloadDir?: string): Promise<string> {
  if (workloadDir) return buildBundle(workloadDir);
  cached ??= buildBundle(findWorkloadDir()).catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function buildBundle(workloadDir: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(workloadDir, 'main.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node18',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'silent',
    banner: { js: '// Failover Dojo workload client (generated from src/workload; do not edit)' },
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output for the workload bundle');
  return out.text;
}

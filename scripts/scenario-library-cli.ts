/**
 * `export` and `import` of the headless runner (scripts/scenario.ts): a
 * scenario and its response files as one bundle file, and a bundle back into
 * the user's library (DOJO_SCENARIOS_DIR, else ~/.failover-dojo/scenarios).
 */
import { writeFile } from 'node:fs/promises';
import {
  MAX_LIBRARY_FILE_BYTES,
  checkRegularFile,
  readRegularFile,
} from '../src/core/scenarios/safe-read';
import { BUNDLE_LABEL } from '../src/core/scenarios/scenario-bundle';
import type { EngineApi } from '../src/shared/engine-contract';
import { SCENARIO_BUNDLE_MAX_CHARS } from '../src/shared/scenario-library-types';
import type { ScenarioProblem } from '../src/shared/scenario-schema';
import { EXIT } from './scenario-cli';

/** Where the commands print: results to `out` (stdout), everything else to `err` (stderr). */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Largest bundle file read, in bytes: the most 1 MiB characters of UTF-8 can take. */
const MAX_BUNDLE_FILE_BYTES = Math.max(4 * SCENARIO_BUNDLE_MAX_CHARS, MAX_LIBRARY_FILE_BYTES);

/** One problem as a line, `file:line: field: message`; the bundle's own problems name its file. */
export function problemLine(p: ScenarioProblem, bundleFile?: string): string {
  const file = p.file === BUNDLE_LABEL && bundleFile ? bundleFile : p.file;
  return `${file}:${p.line}: ${p.path || '(root)'}: ${p.message}`;
}

/**
 * `export <id> [--out FILE]`: the bundle to FILE (never over an existing
 * file), else to stdout. Exit 0, or 1 for an unknown id or a file in the way.
 */
export async function exportCommand(
  engine: Pick<EngineApi, 'exportScenario'>,
  scenarioId: string,
  outFile: string | undefined,
  io: CliOutput,
): Promise<number> {
  const { filename, content } = await engine.exportScenario({ scenarioId });
  if (outFile === undefined) {
    io.out(content.replace(/\n$/, ''));
    return EXIT.graded;
  }
  try {
    await writeFile(outFile, content, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    io.err(
      code === 'EEXIST'
        ? `${outFile} exists: choose another --out, or remove it first`
        : `cannot write ${outFile}: ${code}`,
    );
    return EXIT.badInput;
  }
  io.err(`exported ${scenarioId} to ${outFile} (offered as ${filename})`);
  return EXIT.graded;
}

/**
 * `import <FILE> [--replace]`: reads the bundle as the library reads its
 * files (a regular file, no link or FIFO, bounded) and imports it. Exit 0,
 * or 1 with every problem (`file:line: field: message`) and nothing written.
 */
export async function importCommand(
  engine: Pick<EngineApi, 'importScenario'>,
  file: string,
  replace: boolean,
  io: CliOutput,
): Promise<number> {
  const checked = await checkRegularFile(file, MAX_BUNDLE_FILE_BYTES);
  const read = checked.ok
    ? await readRegularFile(file, MAX_BUNDLE_FILE_BYTES, checked.stamp)
    : checked;
  if (!read.ok) {
    io.err(`${file}:${read.line}: ${read.message}`);
    return EXIT.badInput;
  }
  const result = await engine.importScenario({ content: read.text, replace });
  if (!result.ok) {
    for (const p of result.problems) io.err(problemLine(p, file));
    io.err(`${file}: not imported, nothing was written`);
    return EXIT.badInput;
  }
  io.out(`imported ${result.scenarioId} into the library`);
  return EXIT.graded;
}

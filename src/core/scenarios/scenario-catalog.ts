import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Scenario, ScenarioProblem, ScenarioSource } from '../../shared/scenario-schema';
import { printable } from './problem-list';
import { loadScenarios, type LoadOptions } from './scenario-loader';

/** The two folders the catalog reads: the shipped scenarios and the user's library. */
export interface CatalogDirs {
  /** The repository's `scenarios/` (read-only). */
  shippedDir: string;
  /** The user's library (DOJO_SCENARIOS_DIR or ~/.failover-dojo/scenarios); may not exist yet. */
  libraryDir: string;
}

/** One scenario of the catalog and where it was read from. */
export interface CatalogEntry {
  scenario: Scenario;
  source: ScenarioSource;
  /** The folder it was read from (`shippedDir` or `libraryDir`). */
  dir: string;
  /** Its file relative to `dir`: `<system>/<id>.yaml` (or `.yml`). */
  file: string;
  /** 1-based line of its `id` field. */
  idLine: number;
}

/** Every scenario, by id (shipped first, then the library's), and every problem found. */
export interface Catalog {
  entries: Map<string, CatalogEntry>;
  problems: ScenarioProblem[];
}

/** How a file of the library is named in problems: `library: <system>/<file>`, never its full path. */
export function libraryLabel(file: string): string {
  return printable(`library: ${file}`);
}

/** A problem of the library folder as a whole (`library: .`). */
function folderProblem(message: string): ScenarioProblem {
  return { file: libraryLabel('.'), line: 1, path: '', message };
}

/**
 * Loads the shipped scenarios and the library's (see loadScenarios: the
 * same limits, the same refusal of links, FIFOs and huge files). A missing
 * library is empty. Library problems name their file `library: ...` and
 * never the folder's absolute path. A library scenario whose id is a
 * shipped one is not loaded but reported (at its `id` line): the shipped
 * one is kept, nothing is replaced silently.
 */
export async function loadCatalog(dirs: CatalogDirs, options: LoadOptions = {}): Promise<Catalog> {
  const shipped = await loadScenarios(dirs.shippedDir, options);
  const entries = new Map<string, CatalogEntry>();
  for (const [id, scenario] of shipped.scenarios) {
    const where = shipped.files.get(id) ?? { file: `${scenario.system}/${id}.yaml`, idLine: 1 };
    entries.set(id, { scenario, source: 'shipped', dir: dirs.shippedDir, ...where });
  }
  const problems = [...shipped.problems];
  if (path.resolve(dirs.libraryDir) === path.resolve(dirs.shippedDir)) {
    problems.push(
      folderProblem(
        'the library folder is the shipped scenarios folder: set DOJO_SCENARIOS_DIR to a folder of your own',
      ),
    );
    return { entries, problems };
  }
  try {
    if (!(await stat(dirs.libraryDir)).isDirectory()) {
      problems.push(folderProblem('the library folder is not a folder'));
      return { entries, problems };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No library yet: the first save makes it.
    if (code !== 'ENOENT')
      problems.push(folderProblem(`cannot read the library folder: ${code ?? 'error'}`));
    return { entries, problems };
  }
  const library = await loadScenarios(dirs.libraryDir, options);
  const hidden = (message: string) =>
    [dirs.libraryDir, path.resolve(dirs.libraryDir)].reduce(
      (m, abs) => m.split(abs).join('the library folder'),
      message,
    );
  for (const p of library.problems)
    problems.push({ ...p, file: libraryLabel(p.file), message: hidden(p.message) });
  for (const [id, scenario] of library.scenarios) {
    const where = library.files.get(id) ?? { file: `${scenario.system}/${id}.yaml`, idLine: 1 };
    if (entries.has(id)) {
      problems.push({
        file: libraryLabel(where.file),
        line: where.idLine,
        path: 'id',
        message: `id "${id}" is a shipped scenario; rename it (the shipped one is kept)`,
      });
      continue;
    }
    entries.set(id, { scenario, source: 'library', dir: dirs.libraryDir, ...where });
  }
  return { entries, problems };
}

/**
 * The catalog of one engine: every load reads both folders (files
 * unchanged since the last load are not parsed again), and the source of
 * each id seen by the last load is kept for synchronous callers.
 */
export class ScenarioCatalog {
  private sources = new Map<string, ScenarioSource>();

  constructor(readonly dirs: CatalogDirs) {}

  /** Every scenario and problem, as loadCatalog gives them. */
  async load(): Promise<Catalog> {
    const catalog = await loadCatalog(this.dirs);
    this.sources = new Map([...catalog.entries].map(([id, e]) => [id, e.source]));
    return catalog;
  }

  /** One scenario by id, or undefined. */
  async entry(id: string): Promise<CatalogEntry | undefined> {
    return (await this.load()).entries.get(id);
  }

  /** Where the scenario of this id came from at the last load (shipped when not seen). */
  sourceOf(id: string): ScenarioSource {
    return this.sources.get(id) ?? 'shipped';
  }
}

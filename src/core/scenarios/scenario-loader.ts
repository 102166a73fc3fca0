import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  scenarioSchema,
  type Scenario,
  type ScenarioProblem,
  type ScenarioSource,
  type ScenarioSummary,
} from '../../shared/scenario-schema';
import { defaultSettings } from '../systems/scenario-systems';
import { labMembersOf } from './lab-members';
import { ParsedFileCache } from './parsed-file-cache';
import { boundedProblems } from './problem-list';
import { MAX_LIBRARY_FILE_BYTES, checkRegularFile, readRegularFile } from './safe-read';
import { scenarioCrossIssues } from './scenario-cross-checks';
import { lineOfPath, readYamlValue } from './yaml-lines';
import { flattenIssues, formatPath } from './zod-issues';

/** The scenarios that loaded, by id, and every problem found on the way. */
export interface LoadedScenarios {
  scenarios: Map<string, Scenario>;
  /** Where each loaded scenario is: its file relative to the folder, and the line of its `id`. */
  files: Map<string, { file: string; idLine: number }>;
  problems: ScenarioProblem[];
}

/** Result of parsing one scenario file's text. */
export type ParsedScenario =
  { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

const DIFFICULTY_RANK = { beginner: 0, intermediate: 1, advanced: 2 } as const;

/** A scenario file's parse, as the loader keeps it: the result and the line of its `id`. */
export interface ParsedScenarioFile {
  result: ParsedScenario;
  /** 1-based line of the `id` field, for a duplicate id. */
  idLine: number;
}

/**
 * Parses and validates one scenario file: YAML syntax and shape (see
 * readYamlValue), the zod schema, then the cross-checks the schema cannot
 * make (lab node names, fault ids, the id matching the file name, the system
 * matching the folder). Every problem carries the 1-based line of the field
 * it is about; at most MAX_PROBLEMS_PER_FILE are listed, in printable text.
 *
 * @param file path relative to the scenarios folder, `<system>/<id>.yaml` (e.g. `…/stale-leader.yaml`).
 */
export function parseScenarioText(text: string, file: string): ParsedScenario {
  return parseScenarioFile(text, file).result;
}

/** As parseScenarioText, with the line of the scenario's `id` when it parses. */
export function parseScenarioFile(text: string, file: string): ParsedScenarioFile {
  const problem = (line: number, p: string, message: string): ScenarioProblem => ({
    file,
    line,
    path: p,
    message,
  });
  const failed = (problems: ScenarioProblem[]): ParsedScenarioFile => ({
    result: { ok: false, problems: boundedProblems(problems) },
    idLine: 1,
  });
  const read = readYamlValue(text);
  if (!read.ok) return failed(read.errors.map((e) => problem(e.line, '', e.message)));
  const { yaml } = read;
  const parsed = scenarioSchema.safeParse(read.value);
  if (!parsed.success) {
    return failed(
      flattenIssues(parsed.error.issues).map((i) =>
        problem(lineOfPath(yaml, i.path), formatPath(i.path), i.message),
      ),
    );
  }
  const scenario = parsed.data;
  const issues: { path: PropertyKey[]; message: string }[] = [];
  const base = path.basename(file).replace(/\.ya?ml$/, '');
  if (scenario.id !== base) {
    issues.push({
      path: ['id'],
      message: `id "${scenario.id}" does not match the file name "${base}"`,
    });
  }
  const folder = path.basename(path.dirname(file));
  if (folder !== '.' && folder !== scenario.system) {
    issues.push({
      path: ['system'],
      message: `system "${scenario.system}" but the file is in "${folder}/"`,
    });
  }
  const members = labMembersOf(scenario.system);
  if (!members)
    issues.push({ path: ['system'], message: `no lab for system "${scenario.system}"` });
  else issues.push(...scenarioCrossIssues(scenario, members));
  if (issues.length > 0) {
    return failed(
      issues.map((i) => problem(lineOfPath(yaml, i.path), formatPath(i.path), i.message)),
    );
  }
  return { result: { ok: true, scenario }, idLine: lineOfPath(yaml, ['id']) };
}

async function listDir(dir: string): Promise<{ name: string; isDir: boolean }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .map((e) => ({ name: e.name, isDir: e.isDirectory() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A file that was not read, as a failed parse (nothing of it is cached). */
function refused(file: string, r: { line: number; message: string }): ParsedScenarioFile {
  const problems = boundedProblems([{ file, line: r.line, path: '', message: r.message }]);
  return { result: { ok: false, problems }, idLine: 1 };
}

/** One file of the library: its parse (the cached one while the file is unchanged), or why it was not read. */
async function parsedFile(
  abs: string,
  file: string,
  cache: ParsedFileCache<ParsedScenarioFile>,
  maxBytes: number,
): Promise<ParsedScenarioFile> {
  const checked = await checkRegularFile(abs, maxBytes);
  if (!checked.ok) return refused(file, checked);
  const cached = cache.get(abs, checked.stamp);
  if (cached) return cached;
  const read = await readRegularFile(abs, maxBytes, checked.stamp);
  if (!read.ok) return refused(file, read);
  const parsed = parseScenarioFile(read.text, file);
  cache.set(abs, read.stamp, parsed);
  return parsed;
}

/** Parses kept across catalog calls, for every scenarios folder loaded in this process. */
const sharedCache = new ParsedFileCache<ParsedScenarioFile>();

/** What loadScenarios may be given besides the folder. */
export interface LoadOptions {
  /** Parses kept between calls; by default one cache shared by every call in the process. */
  cache?: ParsedFileCache<ParsedScenarioFile>;
  /** Largest file read, in bytes (default MAX_LIBRARY_FILE_BYTES, 256 KiB). */
  maxFileBytes?: number;
}

/**
 * Loads every `<dir>/<system>/*.yaml` (or `.yml`). A broken file is reported
 * (file, line, field path, message) and the others still load; a second file
 * with an id already loaded is reported and skipped. Scenarios come ordered
 * by difficulty, then id.
 *
 * The files cannot be trusted: only regular files are read (a symbolic
 * link, even to a file inside the folder, a directory, FIFO, socket or
 * device named `*.yaml` is reported and never opened), at most
 * `maxFileBytes` of them, and the YAML within YAML_LIMITS; nothing
 * in a file makes the load throw, hang or report another file's content.
 * A file unchanged since an earlier call (same stamp) is not read or
 * parsed again; each call gets its own copy of the scenarios.
 */
export async function loadScenarios(
  dir: string,
  options: LoadOptions = {},
): Promise<LoadedScenarios> {
  const cache = options.cache ?? sharedCache;
  const maxBytes = options.maxFileBytes ?? MAX_LIBRARY_FILE_BYTES;
  const problems: ScenarioProblem[] = [];
  const found: { scenario: Scenario; file: string; idLine: number }[] = [];
  let systems: { name: string; isDir: boolean }[];
  try {
    systems = (await listDir(dir)).filter((e) => e.isDir);
  } catch (error) {
    return {
      scenarios: new Map(),
      files: new Map(),
      problems: [
        {
          file: '.',
          line: 1,
          path: '',
          message: `cannot read ${dir}: ${(error as Error).message}`,
        },
      ],
    };
  }
  const seen = new Set<string>();
  for (const system of systems) {
    let files: { name: string }[];
    try {
      files = (await listDir(path.join(dir, system.name))).filter((e) => /\.ya?ml$/.test(e.name));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      const message = `cannot read: ${code}`;
      problems.push(...boundedProblems([{ file: `${system.name}/`, line: 1, path: '', message }]));
      continue;
    }
    for (const f of files) {
      const file = `${system.name}/${f.name}`;
      const abs = path.join(dir, system.name, f.name);
      seen.add(abs);
      const { result, idLine } = await parsedFile(abs, file, cache, maxBytes);
      if (!result.ok) {
        problems.push(...result.problems);
        continue;
      }
      const earlier = found.find((x) => x.scenario.id === result.scenario.id);
      if (earlier) {
        const message = `duplicate id "${result.scenario.id}" (already loaded from ${earlier.file})`;
        problems.push(...boundedProblems([{ file, line: idLine, path: 'id', message }]));
        continue;
      }
      // A copy: a caller changing its scenario must not change the cached one.
      found.push({ scenario: structuredClone(result.scenario), file, idLine });
    }
  }
  cache.prune(path.join(dir, path.sep), seen);
  found.sort(
    (a, b) =>
      DIFFICULTY_RANK[a.scenario.difficulty] - DIFFICULTY_RANK[b.scenario.difficulty] ||
      a.scenario.id.localeCompare(b.scenario.id),
  );
  return {
    scenarios: new Map(found.map((x) => [x.scenario.id, x.scenario])),
    files: new Map(found.map((x) => [x.scenario.id, { file: x.file, idLine: x.idLine }])),
    problems,
  };
}

/** What the catalog shows of a scenario; trainee settings carry the value the run would use. */
export function scenarioSummary(s: Scenario, source: ScenarioSource): ScenarioSummary {
  const settings: Record<string, unknown> = { ...defaultSettings(s.system), ...s.lab.settings };
  const value = (name: string): number | boolean | undefined => {
    const v = settings[name];
    return typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
  };
  return {
    id: s.id,
    system: s.system,
    source,
    title: s.title,
    briefing: s.briefing,
    pattern: s.pattern,
    difficulty: s.difficulty,
    minutes: s.minutes,
    traineeSettings: s.lab.traineeSettings.map((name) => ({ name, value: value(name) })),
  };
}

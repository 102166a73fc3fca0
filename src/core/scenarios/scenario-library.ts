import path from 'node:path';
import type { EngineApi } from '../../shared/engine-contract';
import {
  SCENARIO_BUNDLE_MAX_CHARS,
  SCENARIO_BUNDLE_MAX_RESPONSES,
  type ScenarioBundle,
  type ScenarioSourceText,
} from '../../shared/scenario-library-types';
import type { Scenario, ScenarioProblem, ScenarioSource } from '../../shared/scenario-schema';
import { boundedProblems } from './problem-list';
import {
  LibraryWriteError,
  WriteQueue,
  kindRefusal,
  libraryFolder,
  pathKind,
  removeFile,
  writeFileAtomic,
} from './library-write';
import { MAX_LIBRARY_FILE_BYTES, readRegularFile } from './safe-read';
import { bundleContent, bundleFilename, parseBundle } from './scenario-bundle';
import {
  libraryLabel,
  type Catalog,
  type CatalogEntry,
  type ScenarioCatalog,
} from './scenario-catalog';
import { SCENARIO_TEXT_MAX_CHARS, draftFileOf } from './scenario-check';
import { parseScenarioFile } from './scenario-loader';
import { RESPONSES_DIR } from './response-library';
import { headerOf, ownerOf, responseFiles, responsesOf } from './scenario-responses';
import { lineOfPath, readYamlValue } from './yaml-lines';

/** The engine methods of the user's library (facilitator and local app only). */
export type LibraryMethods = Pick<
  EngineApi,
  'getScenarioSource' | 'saveScenario' | 'deleteScenario' | 'exportScenario' | 'importScenario'
>;

type Failed = { ok: false; problems: ScenarioProblem[] };
const failed = (problems: ScenarioProblem[]): Failed => ({
  ok: false,
  problems: boundedProblems(problems),
});

/** A scenario text that passed every check the catalog makes, with where its problems go. */
interface CheckedText {
  ok: true;
  scenario: Scenario;
  text: string;
  /** The file its problems name (the text's own `<system>/<id>.yaml`, or the bundle's). */
  file: string;
  idLine: number;
}

/**
 * Checks a scenario text as the catalog would load it from `file` (by
 * default the `<system>/<id>.yaml` its fields name): at most
 * SCENARIO_TEXT_MAX_CHARS characters and MAX_LIBRARY_FILE_BYTES bytes (what
 * the loader reads back), then syntax, schema and cross-checks.
 */
function checkedText(text: string, given?: string): CheckedText | Failed {
  const file = given ?? draftFileOf(text.length > SCENARIO_TEXT_MAX_CHARS ? '' : text);
  const whole = (message: string): Failed => failed([{ file, line: 1, path: '', message }]);
  if (text.length > SCENARIO_TEXT_MAX_CHARS)
    return whole(
      `the text is ${text.length} characters; a scenario may hold ${SCENARIO_TEXT_MAX_CHARS}`,
    );
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_LIBRARY_FILE_BYTES)
    return whole(
      `the text is ${bytes} bytes of UTF-8; a scenario file may hold ${MAX_LIBRARY_FILE_BYTES}`,
    );
  const { result, idLine } = parseScenarioFile(text, file);
  return result.ok ? { ok: true, scenario: result.scenario, text, file, idLine } : result;
}

/** A bundle's response text: YAML within the limits, and this scenario's (by its field or name). */
function responseProblems(
  response: { name: string; text: string },
  file: string,
  scenarioId: string,
): ScenarioProblem[] {
  const at = (line: number, p: string, message: string) => ({ file, line, path: p, message });
  const bytes = Buffer.byteLength(response.text, 'utf8');
  if (bytes > MAX_LIBRARY_FILE_BYTES)
    return [at(1, '', `is ${bytes} bytes; a response file may hold ${MAX_LIBRARY_FILE_BYTES}`)];
  const read = readYamlValue(response.text);
  if (!read.ok) return read.errors.map((e) => at(e.line, '', e.message));
  const header = headerOf(read.value);
  if (header !== undefined && header !== scenarioId)
    return [
      at(
        lineOfPath(read.yaml, ['scenario']),
        'scenario',
        `names scenario "${header}", not "${scenarioId}"`,
      ),
    ];
  if (header === undefined && !response.name.startsWith(`${scenarioId}-`))
    return [
      at(
        1,
        '',
        `is neither named ${scenarioId}-*.yaml nor has "scenario: ${scenarioId}": it would belong to no scenario`,
      ),
    ];
  return [];
}

/** Ids of the catalog's scenarios from one folder and system: whose responses folder it is. */
function idsOf(catalog: Catalog, source: ScenarioSource, system: string): string[] {
  return [...catalog.entries.values()]
    .filter((e) => e.source === source && e.scenario.system === system)
    .map((e) => e.scenario.id);
}

/** A failed write as a problem of the file being saved. */
function writeFailure(file: string, error: unknown): Failed {
  if (!(error instanceof LibraryWriteError)) throw error;
  return failed([{ file, line: 1, path: '', message: error.message }]);
}

/**
 * The library part of the engine: the studio's reading of a scenario's file,
 * saving, deleting, and bundles to share one with a colleague. Shipped
 * scenarios are never written; library writes run one at a time.
 */
export function libraryMethods(catalog: ScenarioCatalog): LibraryMethods {
  const queue = new WriteQueue();
  const { libraryDir } = catalog.dirs;

  /**
   * Whether the checked text may go to `<library>/<system>/<id>.yaml`: not a
   * shipped id, not a library one (nor an existing file) unless `replace`,
   * never over a link or anything but a regular file. `previous`: the library
   * scenario it replaces.
   */
  async function clash(
    cat: Catalog,
    checked: CheckedText,
    replace: boolean,
    verb: 'save' | 'import',
  ): Promise<{ problems: ScenarioProblem[]; previous?: CatalogEntry }> {
    const { id, system } = checked.scenario;
    const at = (message: string) => ({
      problems: [{ file: checked.file, line: checked.idLine, path: 'id', message }],
    });
    const entry = cat.entries.get(id);
    if (entry?.source === 'shipped')
      return at(
        `id "${id}" is a shipped scenario: shipped scenarios are read-only; copy it under a new id`,
      );
    const target = `${system}/${id}.yaml`;
    let kind;
    try {
      kind = await pathKind(path.join(libraryDir, target));
    } catch (error) {
      return at(`${libraryLabel(target)}: ${(error as Error).message}`);
    }
    const refusal = kindRefusal(kind);
    if (refusal) return at(`${libraryLabel(target)} ${refusal}; it is not replaced`);
    if (replace) return { problems: [], ...(entry ? { previous: entry } : {}) };
    if (entry)
      return at(
        `id "${id}" is already in the library (${libraryLabel(entry.file)}); ${verb} with replace to overwrite it`,
      );
    if (kind === 'file')
      return at(
        `${libraryLabel(target)} already exists but does not load (see the catalog's problems); ${verb} with replace to overwrite it`,
      );
    return { problems: [] };
  }

  /** Writes the scenario's file, then removes the one it replaces when that was elsewhere. */
  async function writeScenario(checked: CheckedText, previous?: CatalogEntry): Promise<string> {
    const { id, system } = checked.scenario;
    const file = `${system}/${id}.yaml`;
    await writeFileAtomic(await libraryFolder(libraryDir, system), `${id}.yaml`, checked.text);
    if (previous && previous.file !== file) await removeFile(path.join(libraryDir, previous.file));
    return file;
  }

  /** Problems with the bundle's responses' targets: another scenario's file, or one not to replace. */
  async function responseTargetProblems(
    cat: Catalog,
    bundle: ScenarioBundle,
    scenario: Scenario,
    replace: boolean,
  ): Promise<ScenarioProblem[]> {
    const { id, system } = scenario;
    const existing = new Map((await responseFiles(libraryDir, system)).map((f) => [f.name, f]));
    const ids = [...idsOf(cat, 'library', system), id];
    const problems: ScenarioProblem[] = [];
    for (const r of bundle.responses) {
      const rel = `${system}/${RESPONSES_DIR}/${r.name}`;
      const at = (message: string) =>
        problems.push({ file: rel, line: 1, path: '', message: `${libraryLabel(rel)} ${message}` });
      let kind;
      try {
        kind = await pathKind(path.join(libraryDir, rel));
      } catch (error) {
        at((error as Error).message);
        continue;
      }
      const refusal = kindRefusal(kind);
      if (refusal) at(`${refusal}; it is not replaced`);
      if (kind !== 'file') continue;
      const found = existing.get(r.name);
      const owner = found ? ownerOf(found.name, found.header, ids) : undefined;
      if (owner !== id)
        at(
          `belongs to ${owner ? `scenario "${owner}"` : 'no scenario of the library'}: rename this response in the bundle`,
        );
      else if (!replace) at('already exists; import with replace to overwrite it');
    }
    return problems;
  }

  const getScenarioSource = async ({
    scenarioId,
  }: {
    scenarioId: string;
  }): Promise<ScenarioSourceText | null> => {
    const cat = await catalog.load();
    const entry = cat.entries.get(scenarioId);
    if (!entry) return null;
    const read = await readRegularFile(path.join(entry.dir, entry.file), MAX_LIBRARY_FILE_BYTES);
    const label = entry.source === 'library' ? libraryLabel(entry.file) : entry.file;
    if (!read.ok) throw new Error(`${label}: ${read.message}`);
    const { system } = entry.scenario;
    return {
      scenarioId,
      source: entry.source,
      file: entry.file,
      text: read.text,
      readOnly: entry.source === 'shipped',
      responses: await responsesOf(entry.dir, system, scenarioId, idsOf(cat, entry.source, system)),
    };
  };

  return {
    getScenarioSource,

    saveScenario: ({ text, replace }) =>
      queue.run(async () => {
        const checked = checkedText(text);
        if (!checked.ok) return checked;
        const found = await clash(await catalog.load(), checked, replace === true, 'save');
        if (found.problems.length > 0) return failed(found.problems);
        try {
          const file = await writeScenario(checked, found.previous);
          return { ok: true, scenarioId: checked.scenario.id, file };
        } catch (error) {
          return writeFailure(checked.file, error);
        }
      }),

    deleteScenario: ({ scenarioId }) =>
      queue.run(async () => {
        const entry = await catalog.entry(scenarioId);
        if (!entry) throw new Error(`unknown scenario "${scenarioId}"`);
        if (entry.source === 'shipped')
          throw new Error(
            `"${scenarioId}" is a shipped scenario: shipped scenarios are read-only, only library ones can be deleted`,
          );
        const { system } = entry.scenario;
        const deleted: string[] = [];
        try {
          if (await removeFile(path.join(libraryDir, entry.file))) deleted.push(entry.file);
          for (const r of await responseFiles(libraryDir, system))
            if (r.header === scenarioId && (await removeFile(r.abs)))
              deleted.push(`${system}/${RESPONSES_DIR}/${r.name}`);
        } catch (error) {
          if (error instanceof LibraryWriteError)
            throw new Error(`${libraryLabel(entry.file)}: ${error.message}`, { cause: error });
          throw error;
        }
        return { deleted };
      }),

    async exportScenario({ scenarioId }) {
      const source = await getScenarioSource({ scenarioId });
      if (!source) throw new Error(`unknown scenario "${scenarioId}"`);
      if (source.responses.length > SCENARIO_BUNDLE_MAX_RESPONSES)
        throw new Error(
          `${scenarioId} has ${source.responses.length} response files; a bundle may hold ${SCENARIO_BUNDLE_MAX_RESPONSES}`,
        );
      const content = bundleContent({ file: source.file, text: source.text }, source.responses);
      if (content.length > SCENARIO_BUNDLE_MAX_CHARS)
        throw new Error(
          `the bundle of ${scenarioId} would be ${content.length} characters; a bundle may hold ${SCENARIO_BUNDLE_MAX_CHARS}`,
        );
      return { filename: bundleFilename(scenarioId), content };
    },

    importScenario: ({ content, replace }) =>
      queue.run(async () => {
        const parsed = parseBundle(content);
        if (!parsed.ok) return parsed;
        const { bundle } = parsed;
        const checked = checkedText(bundle.scenario.text, bundle.scenario.file);
        if (!checked.ok) return checked;
        const { id, system } = checked.scenario;
        const problems = bundle.responses.flatMap((r) =>
          responseProblems(r, `${system}/${RESPONSES_DIR}/${r.name}`, id),
        );
        if (problems.length > 0) return failed(problems);
        const cat = await catalog.load();
        const found = await clash(cat, checked, replace === true, 'import');
        problems.push(
          ...found.problems,
          ...(await responseTargetProblems(cat, bundle, checked.scenario, replace === true)),
        );
        if (problems.length > 0) return failed(problems);
        try {
          if (bundle.responses.length > 0) {
            const dir = await libraryFolder(libraryDir, system, RESPONSES_DIR);
            for (const r of bundle.responses) await writeFileAtomic(dir, r.name, r.text);
          }
          // The scenario last: until it is there, its responses are files of no scenario.
          await writeScenario(checked, found.previous);
        } catch (error) {
          return writeFailure(checked.file, error);
        }
        return { ok: true, scenarioId: id };
      }),
  };
}

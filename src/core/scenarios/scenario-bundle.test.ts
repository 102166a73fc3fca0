import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SCENARIO_BUNDLE_FORMAT,
  SCENARIO_BUNDLE_MAX_CHARS,
  type ScenarioBundle,
} from '../../shared/scenario-library-types';
import { SHIPPED_DIR, libraryText, shippedText, tempDir } from '../testing/library-fixtures';
import { parseBundle } from './scenario-bundle';
import { ScenarioCatalog } from './scenario-catalog';
import { libraryMethods, type LibraryMethods } from './scenario-library';

const STEPS = '# the slow hand\n- { after: 20s, do: { kind: end } } # comment kept\n';

describe('scenario bundles: export and import', () => {
  let root: { dir: string; remove(): Promise<void> };
  let mine: LibraryMethods;
  let theirs: LibraryMethods;
  let theirLib: string;
  beforeEach(async () => {
    root = await tempDir('dojo-bundle');
    const lib = (name: string) =>
      libraryMethods(
        new ScenarioCatalog({ shippedDir: SHIPPED_DIR, libraryDir: path.join(root.dir, name) }),
      );
    mine = lib('mine');
    theirs = lib('theirs');
    theirLib = path.join(root.dir, 'theirs');
  });
  afterEach(() => root.remove());

  const bundleOf = async (id: string): Promise<ScenarioBundle> =>
    JSON.parse((await mine.exportScenario({ scenarioId: id })).content) as ScenarioBundle;
  const withResponse = async () => {
    const text = await libraryText('my-drill');
    expect((await mine.saveScenario({ text })).ok).toBe(true);
    const responses = path.join(root.dir, 'mine/redis-sentinel/responses');
    await mkdir(responses, { recursive: true });
    await writeFile(path.join(responses, 'my-drill-slow.yaml'), STEPS);
    return text;
  };

  it('exports a scenario with its responses; imported elsewhere, the texts are the same bytes', async () => {
    const text = await withResponse();
    const exported = await mine.exportScenario({ scenarioId: 'my-drill' });
    expect(exported.filename).toBe('my-drill.dojo-scenario.json');
    expect(JSON.parse(exported.content)).toEqual({
      format: SCENARIO_BUNDLE_FORMAT,
      version: 1,
      scenario: { file: 'redis-sentinel/my-drill.yaml', text },
      responses: [{ name: 'my-drill-slow.yaml', text: STEPS }],
    });
    expect(await theirs.importScenario({ content: exported.content })).toEqual({
      ok: true,
      scenarioId: 'my-drill',
    });
    expect(await readFile(path.join(theirLib, 'redis-sentinel/my-drill.yaml'), 'utf8')).toBe(text);
    expect(
      await readFile(path.join(theirLib, 'redis-sentinel/responses/my-drill-slow.yaml'), 'utf8'),
    ).toBe(STEPS);
    expect((await theirs.getScenarioSource({ scenarioId: 'my-drill' }))?.responses).toEqual([
      { name: 'my-drill-slow.yaml', text: STEPS },
    ]);
  });

  it('exports a shipped scenario too; importing it is refused (a shipped id), however asked', async () => {
    const exported = await mine.exportScenario({ scenarioId: 'stale-leader' });
    const bundle = JSON.parse(exported.content) as ScenarioBundle;
    expect(bundle.scenario.text).toBe(await shippedText('redis-sentinel/stale-leader.yaml'));
    expect(bundle.responses.map((r) => r.name)).toEqual([
      'stale-leader-fence-new-master.yaml',
      'stale-leader-human.yaml',
      'stale-leader-wait-it-out.yaml',
    ]);
    const r = await theirs.importScenario({ content: exported.content, replace: true });
    expect(r).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({
          file: 'redis-sentinel/stale-leader.yaml',
          line: 2,
          path: 'id',
          message: expect.stringMatching(/is a shipped scenario/),
        }),
      ],
    });
    await expect(readdir(theirLib)).rejects.toThrow(/ENOENT/);
    await expect(mine.exportScenario({ scenarioId: 'nope' })).rejects.toThrow(/unknown scenario/);
  });

  it('reports an id clash with the library unless replace, and loses nothing', async () => {
    await withResponse();
    const { content } = await mine.exportScenario({ scenarioId: 'my-drill' });
    const before = await libraryText('my-drill', 'Their own');
    expect((await theirs.saveScenario({ text: before })).ok).toBe(true);
    const r = await theirs.importScenario({ content });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toEqual({
        file: 'redis-sentinel/my-drill.yaml',
        line: 3,
        path: 'id',
        message:
          'id "my-drill" is already in the library (library: redis-sentinel/my-drill.yaml); import with replace to overwrite it',
      });
    expect(await readFile(path.join(theirLib, 'redis-sentinel/my-drill.yaml'), 'utf8')).toBe(
      before,
    );
    await expect(readdir(path.join(theirLib, 'redis-sentinel/responses'))).rejects.toThrow(
      /ENOENT/,
    );
    expect(await theirs.importScenario({ content, replace: true })).toEqual({
      ok: true,
      scenarioId: 'my-drill',
    });
    expect(await readFile(path.join(theirLib, 'redis-sentinel/my-drill.yaml'), 'utf8')).not.toBe(
      before,
    );
  });

  it('refuses a response that would overwrite another scenario’s file', async () => {
    await withResponse();
    const bundle = await bundleOf('my-drill');
    bundle.responses.push({ name: 'shared.yaml', text: 'scenario: my-drill\nsteps: []\n' });
    const responses = path.join(theirLib, 'redis-sentinel/responses');
    await mkdir(responses, { recursive: true });
    await writeFile(path.join(responses, 'shared.yaml'), 'scenario: their-drill\nsteps: []\n');
    const r = await theirs.importScenario({ content: JSON.stringify(bundle), replace: true });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        expect.objectContaining({
          file: 'redis-sentinel/responses/shared.yaml',
          message:
            'library: redis-sentinel/responses/shared.yaml belongs to scenario "their-drill": rename this response in the bundle',
        }),
      ]);
    expect(await readFile(path.join(responses, 'shared.yaml'), 'utf8')).toContain('their-drill');
    expect(await readdir(path.join(theirLib, 'redis-sentinel'))).toEqual(['responses']);
  });

  it('names the bundle’s file and line for a broken scenario text', async () => {
    await withResponse();
    const bundle = await bundleOf('my-drill');
    bundle.scenario.text = bundle.scenario.text.replace(
      '- [redis-1, app-pinned]',
      '- [redis-9, app-pinned]',
    );
    const line = bundle.scenario.text.split('\n').findIndex((l) => l.includes('redis-9')) + 1;
    const r = await theirs.importScenario({ content: JSON.stringify(bundle) });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toContainEqual(
        expect.objectContaining({ file: 'redis-sentinel/my-drill.yaml', line }),
      );
    const other = await bundleOf('my-drill');
    other.scenario.file = 'redis-sentinel/other-name.yaml';
    const renamed = await theirs.importScenario({ content: JSON.stringify(other) });
    expect(renamed.ok).toBe(false);
    if (!renamed.ok)
      expect(renamed.problems[0]).toMatchObject({
        file: 'redis-sentinel/other-name.yaml',
        message: 'id "my-drill" does not match the file name "other-name"',
      });
    await expect(readdir(theirLib)).rejects.toThrow(/ENOENT/);
  });

  it('checks each response: YAML limits, and that it belongs to the scenario', async () => {
    await withResponse();
    const bundle = await bundleOf('my-drill');
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
      bomb += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    bundle.responses.push(
      { name: 'my-drill-bomb.yaml', text: bomb },
      { name: 'stray.yaml', text: STEPS },
      { name: 'my-drill-x.yaml', text: 'scenario: someone-else\nsteps: []\n' },
    );
    const r = await theirs.importScenario({ content: JSON.stringify(bundle) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.file)).toEqual([
        'redis-sentinel/responses/my-drill-bomb.yaml',
        'redis-sentinel/responses/stray.yaml',
        'redis-sentinel/responses/my-drill-x.yaml',
      ]);
      expect(r.problems[0]?.message).toMatch(/alias/);
      expect(r.problems[1]?.message).toMatch(/would belong to no scenario/);
      expect(r.problems[2]).toMatchObject({ line: 1, path: 'scenario' });
    }
    await expect(readdir(theirLib)).rejects.toThrow(/ENOENT/);
  });
});

describe('parseBundle', () => {
  const valid = (): ScenarioBundle => ({
    format: SCENARIO_BUNDLE_FORMAT,
    version: 1,
    scenario: { file: 'redis-sentinel/x.yaml', text: 'id: x\n' },
    responses: [],
  });

  it('reads a bundle', () => {
    expect(parseBundle(JSON.stringify(valid()))).toEqual({ ok: true, bundle: valid() });
  });

  it('says why a file is no bundle: size, JSON (with its line), format, version, shape', () => {
    const problem = (content: string) => {
      const r = parseBundle(content);
      if (r.ok) throw new Error('parsed');
      return r.problems[0]!;
    };
    expect(problem('x'.repeat(SCENARIO_BUNDLE_MAX_CHARS + 1)).message).toMatch(/characters/);
    expect(problem('{\n  "format": "x",\n  oops\n}')).toMatchObject({ file: 'bundle', line: 3 });
    expect(problem('{"format": "zip"}').message).toMatch(/not a scenario bundle/);
    expect(problem(JSON.stringify({ ...valid(), version: 2 })).message).toMatch(/version 2/);
    const traversal = valid();
    traversal.responses.push({ name: '../../etc/x.yaml', text: '' });
    expect(problem(JSON.stringify(traversal))).toMatchObject({ path: 'responses.0.name' });
    const escape = valid();
    escape.scenario.file = '../x.yaml';
    expect(problem(JSON.stringify(escape))).toMatchObject({ path: 'scenario.file' });
    const many = valid();
    for (let i = 0; i < 51; i++) many.responses.push({ name: `x-${i}.yaml`, text: '' });
    expect(problem(JSON.stringify(many))).toMatchObject({ path: 'responses' });
    const twice = valid();
    twice.responses.push({ name: 'x-a.yaml', text: '' }, { name: 'x-a.yaml', text: '' });
    expect(problem(JSON.stringify(twice)).message).toMatch(/twice/);
    expect(problem(JSON.stringify({ ...valid(), extra: 1 })).message).toMatch(/unknown field/);
  });
});

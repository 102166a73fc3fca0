import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioCatalog } from '../src/core/scenarios/scenario-catalog';
import { libraryMethods, type LibraryMethods } from '../src/core/scenarios/scenario-library';
import { SHIPPED_DIR, libraryText, tempDir } from '../src/core/testing/library-fixtures';
import { EXIT } from './scenario-cli';
import { exportCommand, importCommand } from './scenario-library-cli';

describe('scenario export and import on the command line', () => {
  let root: { dir: string; remove(): Promise<void> };
  let mine: LibraryMethods;
  let theirs: LibraryMethods;
  let out: string[];
  let err: string[];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  beforeEach(async () => {
    root = await tempDir('dojo-cli-lib');
    const lib = (name: string) =>
      libraryMethods(
        new ScenarioCatalog({ shippedDir: SHIPPED_DIR, libraryDir: path.join(root.dir, name) }),
      );
    mine = lib('mine');
    theirs = lib('theirs');
    out = [];
    err = [];
  });
  afterEach(() => root.remove());

  it('exports to a file (never over one), and imports it into another library', async () => {
    expect((await mine.saveScenario({ text: await libraryText('my-drill') })).ok).toBe(true);
    const file = path.join(root.dir, 'my-drill.dojo-scenario.json');
    expect(await exportCommand(mine, 'my-drill', file, io)).toBe(EXIT.graded);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      scenario: { file: 'redis-sentinel/my-drill.yaml' },
    });
    expect(await exportCommand(mine, 'my-drill', file, io)).toBe(EXIT.badInput);
    expect(err.at(-1)).toMatch(/exists: choose another --out/);
    expect(await importCommand(theirs, file, false, io)).toBe(EXIT.graded);
    expect(out).toEqual(['imported my-drill into the library']);
    // Again: the id is in their library now.
    expect(await importCommand(theirs, file, false, io)).toBe(EXIT.badInput);
    expect(
      err.some((l) => /redis-sentinel\/my-drill.yaml:3: id: .*import with replace/.test(l)),
    ).toBe(true);
    expect(await importCommand(theirs, file, true, io)).toBe(EXIT.graded);
  });

  it('prints the bundle to stdout without --out', async () => {
    expect(await exportCommand(mine, 'stale-leader', undefined, io)).toBe(EXIT.graded);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ format: 'failover-dojo.scenario-bundle' });
    await expect(exportCommand(mine, 'nope', undefined, io)).rejects.toThrow(/unknown scenario/);
  });

  it('a file that is no bundle, or a link, is bad input naming the file', async () => {
    const bad = path.join(root.dir, 'bad.json');
    await writeFile(bad, '{\n  "format": "failover-dojo.scenario-bundle",\n  nope\n}\n');
    expect(await importCommand(theirs, bad, false, io)).toBe(EXIT.badInput);
    expect(err[0]).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: `));
    const link = path.join(root.dir, 'link.json');
    await symlink(bad, link);
    err = [];
    expect(await importCommand(theirs, link, false, io)).toBe(EXIT.badInput);
    expect(err[0]).toMatch(/symbolic link/);
  });
});

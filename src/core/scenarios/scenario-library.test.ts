import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHIPPED_DIR, libraryText, shippedText, tempDir } from '../testing/library-fixtures';
import { ScenarioCatalog } from './scenario-catalog';
import { libraryMethods, type LibraryMethods } from './scenario-library';

describe('the library: reading, saving and deleting scenario files', () => {
  let root: { dir: string; remove(): Promise<void> };
  let lib: string;
  let api: LibraryMethods;
  let catalog: ScenarioCatalog;
  beforeEach(async () => {
    root = await tempDir('dojo-library');
    lib = path.join(root.dir, 'library');
    catalog = new ScenarioCatalog({ shippedDir: SHIPPED_DIR, libraryDir: lib });
    api = libraryMethods(catalog);
  });
  afterEach(() => root.remove());
  const read = (file: string) => readFile(path.join(lib, file), 'utf8');
  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(lib, file)), { recursive: true });
    await writeFile(path.join(lib, file), text);
  };

  it('gives a shipped scenario’s text, read-only, with its response files', async () => {
    const source = await api.getScenarioSource({ scenarioId: 'stale-leader' });
    expect(source).toMatchObject({
      scenarioId: 'stale-leader',
      source: 'shipped',
      file: 'redis-sentinel/stale-leader.yaml',
      readOnly: true,
    });
    expect(source?.text).toBe(await shippedText('redis-sentinel/stale-leader.yaml'));
    expect(source?.responses.map((r) => r.name)).toEqual([
      'stale-leader-fence-new-master.yaml',
      'stale-leader-human.yaml',
      'stale-leader-wait-it-out.yaml',
    ]);
    expect(source?.responses[1]?.text).toBe(
      await shippedText('redis-sentinel/responses/stale-leader-human.yaml'),
    );
    expect(await api.getScenarioSource({ scenarioId: 'nope' })).toBeNull();
  });

  it('saves a new scenario to <library>/<system>/<id>.yaml (folders made, mode 0644), verbatim', async () => {
    const text = await libraryText('my-drill');
    expect(await api.saveScenario({ text })).toEqual({
      ok: true,
      scenarioId: 'my-drill',
      file: 'redis-sentinel/my-drill.yaml',
    });
    expect(await read('redis-sentinel/my-drill.yaml')).toBe(text);
    expect((await lstat(path.join(lib, 'redis-sentinel/my-drill.yaml'))).mode & 0o777).toBe(0o644);
    // No temp file left beside it.
    expect(await readdir(path.join(lib, 'redis-sentinel'))).toEqual(['my-drill.yaml']);
    const source = await api.getScenarioSource({ scenarioId: 'my-drill' });
    expect(source).toMatchObject({ source: 'library', readOnly: false, text, responses: [] });
    expect(catalog.sourceOf('my-drill')).toBe('library');
  });

  it('refuses a shipped id (copy it under a new id) and writes nothing', async () => {
    const text = await shippedText('redis-sentinel/stale-leader.yaml');
    const r = await api.saveScenario({ text, replace: true });
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          file: 'redis-sentinel/stale-leader.yaml',
          line: 2,
          path: 'id',
          message:
            'id "stale-leader" is a shipped scenario: shipped scenarios are read-only; copy it under a new id',
        },
      ],
    });
    await expect(lstat(lib)).rejects.toThrow(/ENOENT/);
  });

  it('refuses an id already in the library unless replace, then replaces it', async () => {
    const first = await libraryText('my-drill', 'First');
    const second = await libraryText('my-drill', 'Second');
    expect((await api.saveScenario({ text: first })).ok).toBe(true);
    const refused = await api.saveScenario({ text: second });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems).toEqual([
      expect.objectContaining({
        file: 'redis-sentinel/my-drill.yaml',
        line: 3,
        path: 'id',
        message:
          'id "my-drill" is already in the library (library: redis-sentinel/my-drill.yaml); save with replace to overwrite it',
      }),
    ]);
    expect(await read('redis-sentinel/my-drill.yaml')).toBe(first);
    expect((await api.saveScenario({ text: second, replace: true })).ok).toBe(true);
    expect(await read('redis-sentinel/my-drill.yaml')).toBe(second);
  });

  it('returns the check’s problems for an invalid text, and a text too big, writing nothing', async () => {
    const text = (await libraryText('my-drill')).replace(
      '- [redis-1, app-pinned]',
      '- [redis-9, app-pinned]',
    );
    const r = await api.saveScenario({ text });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => /redis-9/.test(p.message))).toBe(true);
    // Under the character limit, over the loader's byte limit: it could not be read back.
    const wide = `${await libraryText('wide')}#${'é'.repeat(140 * 1024)}\n`;
    const big = await api.saveScenario({ text: wide });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.problems[0]?.message).toMatch(/bytes of UTF-8/);
    await expect(lstat(lib)).rejects.toThrow(/ENOENT/);
  });

  it('a file that does not load is not overwritten without replace', async () => {
    await put('redis-sentinel/my-drill.yaml', 'id: my-drill\nsystem: [\n');
    const r = await api.saveScenario({ text: await libraryText('my-drill') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toMatch(/already exists but does not load/);
    expect(await read('redis-sentinel/my-drill.yaml')).toBe('id: my-drill\nsystem: [\n');
  });

  it.skipIf(process.platform === 'win32')(
    'never writes through a link: at the target, or as the system folder',
    async () => {
      const outside = path.join(root.dir, 'outside.yaml');
      await writeFile(outside, 'precious\n');
      await mkdir(path.join(lib, 'redis-sentinel'), { recursive: true });
      await symlink(outside, path.join(lib, 'redis-sentinel/my-drill.yaml'));
      const text = await libraryText('my-drill');
      for (const replace of [false, true]) {
        const r = await api.saveScenario({ text, replace });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.problems[0]?.message).toMatch(/symbolic link.*not replaced/);
      }
      expect(await readFile(outside, 'utf8')).toBe('precious\n');
      expect((await lstat(path.join(lib, 'redis-sentinel/my-drill.yaml'))).isSymbolicLink()).toBe(
        true,
      );

      const elsewhere = path.join(root.dir, 'elsewhere');
      await mkdir(elsewhere);
      await mkdir(lib, { recursive: true });
      await symlink(elsewhere, path.join(lib, 'patroni'));
      const pg = (await shippedText('patroni/stale-primary.yaml')).replace(
        'id: stale-primary',
        'id: my-pg',
      );
      const r = await api.saveScenario({ text: pg });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems[0]?.message).toMatch(/library: patroni\/ is a symbolic link/);
      expect(await readdir(elsewhere)).toEqual([]);
    },
  );

  it('replacing with another system moves the file (one id, one file)', async () => {
    expect((await api.saveScenario({ text: await libraryText('my-drill') })).ok).toBe(true);
    const pg = (await shippedText('patroni/stale-primary.yaml')).replace(
      'id: stale-primary',
      'id: my-drill',
    );
    expect(await api.saveScenario({ text: pg, replace: true })).toMatchObject({
      ok: true,
      file: 'patroni/my-drill.yaml',
    });
    expect(await readdir(path.join(lib, 'redis-sentinel'))).toEqual([]);
    expect((await catalog.load()).problems).toEqual([]);
  });

  it('finds responses by name and by their scenario field; delete removes only those naming it', async () => {
    expect((await api.saveScenario({ text: await libraryText('my-drill') })).ok).toBe(true);
    expect((await api.saveScenario({ text: await libraryText('my-drill-2') })).ok).toBe(true);
    const steps = '- { after: 20s, do: { kind: end } }\n';
    await put('redis-sentinel/responses/my-drill-slow.yaml', `# by name\n${steps}`);
    await put('redis-sentinel/responses/my-drill-2-fast.yaml', steps); // my-drill-2's
    await put(
      'redis-sentinel/responses/wrong-fence.yaml',
      `scenario: my-drill\nmistake: fences the new master\nmustFail: true\nsteps:\n  ${steps}`,
    );
    await put('redis-sentinel/responses/my-drill-other.yaml', `scenario: my-drill-2\nsteps: []\n`);
    const source = await api.getScenarioSource({ scenarioId: 'my-drill' });
    expect(source?.responses.map((r) => r.name)).toEqual([
      'my-drill-slow.yaml',
      'wrong-fence.yaml',
    ]);
    expect(source?.responses[0]?.text).toBe(`# by name\n${steps}`);
    const other = await api.getScenarioSource({ scenarioId: 'my-drill-2' });
    expect(other?.responses.map((r) => r.name)).toEqual([
      'my-drill-2-fast.yaml',
      'my-drill-other.yaml',
    ]);

    expect(await api.deleteScenario({ scenarioId: 'my-drill' })).toEqual({
      deleted: ['redis-sentinel/my-drill.yaml', 'redis-sentinel/responses/wrong-fence.yaml'],
    });
    expect((await readdir(path.join(lib, 'redis-sentinel/responses'))).sort()).toEqual([
      'my-drill-2-fast.yaml',
      'my-drill-other.yaml',
      'my-drill-slow.yaml',
    ]);
    expect(await api.getScenarioSource({ scenarioId: 'my-drill' })).toBeNull();
  });

  it.skipIf(process.platform === 'win32')(
    'a FIFO, a link or a huge file among the responses is left out, never opened',
    async () => {
      expect((await api.saveScenario({ text: await libraryText('my-drill') })).ok).toBe(true);
      const responses = path.join(lib, 'redis-sentinel/responses');
      await put(
        'redis-sentinel/responses/my-drill-ok.yaml',
        '- { after: 5s, do: { kind: end } }\n',
      );
      execFileSync('mkfifo', [path.join(responses, 'my-drill-fifo.yaml')]);
      await writeFile(path.join(root.dir, 'secret.yaml'), 'scenario: my-drill\n');
      await symlink(path.join(root.dir, 'secret.yaml'), path.join(responses, 'my-drill-link.yaml'));
      await put('redis-sentinel/responses/my-drill-huge.yaml', `# ${'x'.repeat(300 * 1024)}\n`);
      try {
        const source = await api.getScenarioSource({ scenarioId: 'my-drill' });
        expect(source?.responses.map((r) => r.name)).toEqual(['my-drill-ok.yaml']);
        const bundle = await api.exportScenario({ scenarioId: 'my-drill' });
        expect(bundle.content).not.toContain('secret');
      } finally {
        try {
          closeSync(
            openSync(
              path.join(responses, 'my-drill-fifo.yaml'),
              constants.O_WRONLY | constants.O_NONBLOCK,
            ),
          );
        } catch {
          // ENXIO: nobody was reading it, as it should be.
        }
      }
    },
  );

  it('refuses to delete a shipped scenario or one it does not know', async () => {
    await expect(api.deleteScenario({ scenarioId: 'stale-leader' })).rejects.toThrow(
      '"stale-leader" is a shipped scenario: shipped scenarios are read-only, only library ones can be deleted',
    );
    expect(await shippedText('redis-sentinel/stale-leader.yaml')).toContain('id: stale-leader');
    await expect(api.deleteScenario({ scenarioId: 'nope' })).rejects.toThrow(
      'unknown scenario "nope"',
    );
  });

  it('saves one at a time: two saves of one new id, one wins and one is told', async () => {
    const [a, b] = await Promise.all([
      api.saveScenario({ text: await libraryText('race', 'A') }),
      api.saveScenario({ text: await libraryText('race', 'B') }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(await read('redis-sentinel/race.yaml')).toContain('title: A');
  });
});

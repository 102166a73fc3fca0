import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHIPPED_DIR, libraryText, shippedText, tempDir } from '../testing/library-fixtures';
import { ScenarioCatalog, loadCatalog } from './scenario-catalog';

describe('the catalog: shipped scenarios and the library', () => {
  let root: { dir: string; remove(): Promise<void> };
  let lib: string;
  beforeEach(async () => {
    root = await tempDir('dojo-catalog');
    lib = path.join(root.dir, 'library');
  });
  afterEach(async () => {
    // Lets go of a reader stuck opening the FIFO, if a regression opened it.
    try {
      closeSync(
        openSync(
          path.join(lib, 'redis-sentinel', 'x.yaml'),
          constants.O_WRONLY | constants.O_NONBLOCK,
        ),
      );
    } catch {
      // ENXIO (no reader waiting) or no FIFO: as it should be.
    }
    await root.remove();
  });
  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(lib, file)), { recursive: true });
    await writeFile(path.join(lib, file), text);
  };

  it('a missing library is empty, without a problem', async () => {
    const { entries, problems } = await loadCatalog({ shippedDir: SHIPPED_DIR, libraryDir: lib });
    expect(problems).toEqual([]);
    expect([...entries.values()].every((e) => e.source === 'shipped')).toBe(true);
    expect(entries.get('stale-leader')).toMatchObject({
      file: 'redis-sentinel/stale-leader.yaml',
      idLine: 2,
    });
  });

  it('shows library scenarios beside the shipped ones, shipped first', async () => {
    await put('redis-sentinel/my-drill.yaml', await libraryText('my-drill'));
    const { entries, problems } = await loadCatalog({ shippedDir: SHIPPED_DIR, libraryDir: lib });
    expect(problems).toEqual([]);
    expect(entries.get('my-drill')).toMatchObject({
      source: 'library',
      dir: lib,
      file: 'redis-sentinel/my-drill.yaml',
      idLine: 3,
    });
    const sources = [...entries.values()].map((e) => e.source);
    expect(sources.at(-1)).toBe('library');
    expect(sources.indexOf('library')).toBe(sources.length - 1);
  });

  it('reports a library scenario with a shipped id at its id line, and keeps the shipped one', async () => {
    const copy = `# my copy\n${await shippedText('redis-sentinel/stale-leader.yaml')}`.replace(
      'title: The master nobody told',
      'title: Mine now',
    );
    await put('redis-sentinel/stale-leader.yaml', copy);
    const { entries, problems } = await loadCatalog({ shippedDir: SHIPPED_DIR, libraryDir: lib });
    expect(entries.get('stale-leader')).toMatchObject({ source: 'shipped' });
    expect(entries.get('stale-leader')?.scenario.title).toBe('The master nobody told');
    expect(problems).toEqual([
      {
        file: 'library: redis-sentinel/stale-leader.yaml',
        line: 3,
        path: 'id',
        message: 'id "stale-leader" is a shipped scenario; rename it (the shipped one is kept)',
      },
    ]);
  });

  it('names library problems "library: ..." and never the folder’s absolute path', async () => {
    await put('redis-sentinel/broken.yaml', 'id: broken\nsystem: [\n');
    const { problems } = await loadCatalog({ shippedDir: SHIPPED_DIR, libraryDir: lib });
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.file).toBe('library: redis-sentinel/broken.yaml');
      expect(`${p.file} ${p.message}`).not.toContain(root.dir);
    }
  });

  it('a library that is a file, or the shipped folder itself, is one problem', async () => {
    await writeFile(lib, 'not a folder');
    const asFile = await loadCatalog({ shippedDir: SHIPPED_DIR, libraryDir: lib });
    expect(asFile.problems).toEqual([
      expect.objectContaining({
        file: 'library: .',
        message: 'the library folder is not a folder',
      }),
    ]);
    const same = await loadCatalog({ shippedDir: SHIPPED_DIR, libraryDir: SHIPPED_DIR });
    expect(same.problems).toHaveLength(1);
    expect(same.problems[0]?.message).toMatch(/DOJO_SCENARIOS_DIR/);
    expect([...same.entries.values()].every((e) => e.source === 'shipped')).toBe(true);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'an unreadable library is one problem that does not show its path',
    async () => {
      await mkdir(lib, { mode: 0o000 });
      try {
        const { entries, problems } = await loadCatalog({
          shippedDir: SHIPPED_DIR,
          libraryDir: lib,
        });
        expect(entries.get('stale-leader')?.source).toBe('shipped');
        expect(problems).toHaveLength(1);
        expect(problems[0]?.file).toBe('library: .');
        expect(problems[0]?.message).toMatch(/cannot read the library folder/);
        expect(problems[0]?.message).not.toContain(root.dir);
      } finally {
        await chmod(lib, 0o755);
      }
    },
  );

  it.skipIf(process.platform === 'win32')(
    'hostile library files (FIFO, links, alias bomb) hide no other library scenario',
    async () => {
      const sys = path.join(lib, 'redis-sentinel');
      await put('redis-sentinel/aaa-first.yaml', await libraryText('aaa-first'));
      await put('redis-sentinel/zzz-last.yaml', await libraryText('zzz-last'));
      execFileSync('mkfifo', [path.join(sys, 'x.yaml')]);
      await writeFile(path.join(root.dir, 'secret'), 'id: secret\n');
      await symlink(path.join(root.dir, 'secret'), path.join(sys, 'link.yaml'));
      let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
      for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
        bomb += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      await put('redis-sentinel/bomb.yaml', bomb);
      await put('redis-sentinel/huge.yaml', `# ${'x'.repeat(300 * 1024)}\n`);
      const started = Date.now();
      const { entries, problems } = await loadCatalog({ shippedDir: SHIPPED_DIR, libraryDir: lib });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(entries.get('aaa-first')?.source).toBe('library');
      expect(entries.get('zzz-last')?.source).toBe('library');
      expect(entries.get('stale-leader')?.source).toBe('shipped');
      const files = new Set(problems.map((p) => p.file));
      for (const f of ['x.yaml', 'link.yaml', 'bomb.yaml', 'huge.yaml'])
        expect(files).toContain(`library: redis-sentinel/${f}`);
      expect(problems.map((p) => p.message).join('\n')).not.toContain('secret');
    },
  );

  it('remembers where each id came from at its last load', async () => {
    await put('redis-sentinel/my-drill.yaml', await libraryText('my-drill'));
    const catalog = new ScenarioCatalog({ shippedDir: SHIPPED_DIR, libraryDir: lib });
    expect((await catalog.entry('my-drill'))?.source).toBe('library');
    expect(catalog.sourceOf('my-drill')).toBe('library');
    expect(catalog.sourceOf('stale-leader')).toBe('shipped');
  });
});

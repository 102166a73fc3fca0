import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioProblem } from '../../shared/scenario-schema';
import { ParsedFileCache } from './parsed-file-cache';
import { loadResponseFile, parseResponseText } from './response-file';
import { readRegularFile } from './safe-read';
import { loadScenarios, type ParsedScenarioFile } from './scenario-loader';

const REAL = fileURLToPath(
  new URL('../../../scenarios/redis-sentinel/stale-leader.yaml', import.meta.url),
);
const SECRET = 'root:$6$SECRETHASHnotforyou:19000:0:99999:7:::';
/** A FIFO that nobody writes to: opening it for reading blocks until a writer comes. */
const FIFO = 'x.yaml';

/**
 * Lets go of a reader stuck opening the FIFO (if a regression opened it):
 * opening the write end without blocking succeeds only when a reader waits.
 */
function releaseFifo(file: string): void {
  try {
    closeSync(openSync(file, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: no reader waiting, as it should be.
  }
}

/** Problems as one text, to look for content that must never show. */
const allText = (problems: readonly ScenarioProblem[]): string =>
  problems.map((p) => `${p.file}\n${p.line}\n${p.path}\n${p.message}`).join('\n');

describe.skipIf(process.platform === 'win32')('a scenario library with hostile files', () => {
  let root: string;
  let lib: string;
  let sys: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'dojo-hostile-'));
    lib = path.join(root, 'scenarios');
    sys = path.join(lib, 'redis-sentinel');
    await mkdir(sys, { recursive: true });
  });
  afterEach(async () => {
    releaseFifo(path.join(sys, FIFO));
    await rm(root, { recursive: true, force: true });
  });
  const put = (name: string, content: string | Buffer) => writeFile(path.join(sys, name), content);

  /** The library of the issue: one good scenario beside every kind of bad file. */
  async function buildLibrary(): Promise<string[]> {
    const good = await readFile(REAL, 'utf8');
    await copyFile(REAL, path.join(sys, 'stale-leader.yaml'));
    // Billion laughs: 9 aliases per level, 9 levels.
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
      bomb += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    await put('alias-bomb.yaml', bomb);
    execFileSync('mkfifo', [path.join(sys, FIFO)]);
    await writeFile(path.join(root, 'shadow'), `${SECRET}\ndaemon:*:19000:0:99999:7:::\n`);
    await symlink(path.join(root, 'shadow'), path.join(sys, 'shadow.yaml'));
    // A link inside the library is refused too: links are not followed at all.
    await symlink(path.join(sys, 'stale-leader.yaml'), path.join(sys, 'inner-link.yaml'));
    const step = `  - since: cut-master\n    after: 9s\n    do: { kind: end }\n    why: Stop.\n`;
    await put(
      'huge.yaml',
      good
        .replace('id: stale-leader', 'id: huge')
        .replace('reference:\n', `reference:\n${step.repeat(30_000)}`),
    );
    await put('deep.yaml', `${'['.repeat(10_000)}\n`);
    // Not valid UTF-8 on line 3.
    await put(
      'bad-utf8.yaml',
      Buffer.concat([
        Buffer.from('id: bad-utf8\ntitle: ok\nx: '),
        Buffer.from([0xff, 0xc3, 0x28, 0x0a]),
      ]),
    );
    await mkdir(path.join(sys, 'y.yaml'));
    // Same id as stale-leader.yaml: the file name matches, only the extension differs.
    await copyFile(REAL, path.join(sys, 'stale-leader.yml'));
    // 800 bytes of nested complex keys: yaml's toJS took over a minute on them.
    await put('keys.yaml', '? '.repeat(400) + 'x\n');
    await put('cycle.yaml', 'id: cycle\nlab: &l { settings: *l }\n');
    // A terminal escape in the file name and in a key.
    await put('esc\u001b[2J.yaml', 'id: esc\n"\u001b[31mred": 1\n');
    return [
      'alias-bomb.yaml',
      FIFO,
      'shadow.yaml',
      'inner-link.yaml',
      'huge.yaml',
      'deep.yaml',
      'bad-utf8.yaml',
      'y.yaml',
      'stale-leader.yml',
      'keys.yaml',
      'cycle.yaml',
    ];
  }

  it('loads the good scenario and reports every hostile file by name and line, quickly', async () => {
    const hostile = await buildLibrary();
    const { scenarios, problems } = await loadScenarios(lib, { cache: new ParsedFileCache() });
    expect([...scenarios.keys()]).toEqual(['stale-leader']);
    for (const name of hostile) {
      const mine = problems.filter((p) => p.file === `redis-sentinel/${name}`);
      expect(mine.length, name).toBeGreaterThan(0);
      expect(mine.length, name).toBeLessThanOrEqual(21);
      for (const p of mine) expect(p.line, name).toBeGreaterThanOrEqual(1);
    }
    const about = (name: string) => problems.find((p) => p.file === `redis-sentinel/${name}`)!;
    expect(about('alias-bomb.yaml')).toMatchObject({
      line: 2,
      message: 'aliases expand to over 100 nodes',
    });
    expect(about(FIFO).message).toBe('is a FIFO (named pipe), not a regular file');
    expect(about('shadow.yaml').message).toMatch(/^is a symbolic link/);
    expect(about('inner-link.yaml').message).toMatch(/^is a symbolic link/);
    expect(about('huge.yaml').message).toMatch(
      /^is \d+ bytes; files over 262144 bytes are not read$/,
    );
    expect(about('deep.yaml')).toMatchObject({
      line: 1,
      message: 'flow collections ([ or {) nested over 16 deep',
    });
    expect(about('keys.yaml')).toMatchObject({
      line: 1,
      message: 'nested or indented past column 64',
    });
    expect(about('bad-utf8.yaml')).toMatchObject({ line: 3, message: 'is not valid UTF-8 text' });
    expect(about('y.yaml').message).toBe('is a directory, not a regular file');
    expect(about('stale-leader.yml')).toMatchObject({ path: 'id', line: 2 });
    expect(about('stale-leader.yml').message).toMatch(/^duplicate id "stale-leader"/);
    expect(about('cycle.yaml')).toMatchObject({
      line: 2,
      message: 'alias *l refers to a node holding it',
    });
    // Nothing of a file outside the library, and nothing a terminal would act on.
    const text = allText(problems);
    expect(text).not.toContain('SECRETHASH');
    expect(text).not.toContain('daemon');
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(problems.some((p) => p.file === 'redis-sentinel/esc\\u001b[2J.yaml')).toBe(true);
  }, 5_000);

  it('reads nothing again while the library is unchanged, and each call gets its own scenarios', async () => {
    await buildLibrary();
    const cache = new ParsedFileCache<ParsedScenarioFile>();
    const first = await loadScenarios(lib, { cache });
    const parses = cache.parses;
    first.scenarios.get('stale-leader')!.title = 'changed by a caller';
    const second = await loadScenarios(lib, { cache });
    expect(cache.parses).toBe(parses);
    expect(second.problems).toEqual(first.problems);
    expect(second.scenarios.get('stale-leader')!.title).toBe('The master nobody told');
    // A rewrite (same size even) is seen.
    const good = await readFile(REAL, 'utf8');
    await put(
      'stale-leader.yaml',
      good.replace('The master nobody told', 'The master nobody tolD'),
    );
    const third = await loadScenarios(lib, { cache });
    expect(cache.parses).toBe(parses + 1);
    expect(third.scenarios.get('stale-leader')!.title).toBe('The master nobody tolD');
  }, 5_000);

  it('does not block on a FIFO even when it is opened without the check', async () => {
    execFileSync('mkfifo', [path.join(sys, FIFO)]);
    expect(await readRegularFile(path.join(sys, FIFO))).toEqual({
      ok: false,
      line: 1,
      message: 'is a FIFO (named pipe), not a regular file',
    });
  }, 5_000);

  it('treats a response file the same way', async () => {
    const { scenarios } = await loadScenarios(path.dirname(path.dirname(REAL)));
    const scenario = scenarios.get('stale-leader')!;
    execFileSync('mkfifo', [path.join(sys, FIFO)]);
    await writeFile(path.join(root, 'shadow'), `${SECRET}\n`);
    await symlink(path.join(root, 'shadow'), path.join(sys, 'shadow.yaml'));
    const fifo = await loadResponseFile(path.join(sys, FIFO), scenario);
    expect(fifo.ok || fifo.problems[0]!.message).toBe('is a FIFO (named pipe), not a regular file');
    const link = await loadResponseFile(path.join(sys, 'shadow.yaml'), scenario);
    expect(link.ok).toBe(false);
    expect(JSON.stringify(link)).not.toContain('SECRETHASH');
    const bomb = parseResponseText(
      '- &a [x, x, x, x, x, x, x, x, x, x]\n- &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n- [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
      'r.yaml',
      scenario,
    );
    expect(bomb).toEqual({
      ok: false,
      problems: [
        { file: 'r.yaml', line: 2, path: '', message: 'aliases expand to over 100 nodes' },
      ],
    });
  }, 5_000);
});

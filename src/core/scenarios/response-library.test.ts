import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headerScenarioOf, listResponseFiles } from './response-library';
import { loadScenarios } from './scenario-loader';

const DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));
const { scenarios } = await loadScenarios(DIR);
const staleLeader = scenarios.get('stale-leader')!;

const header = (scenario: string) =>
  [
    `scenario: ${scenario}`,
    'mistake: Waits.',
    'mustFail: [final-health]',
    'steps:',
    '  - { after: 30s, do: { kind: end } }',
    '',
  ].join('\n');
const BARE = '- { after: 30s, do: { kind: end } }\n';

describe.skipIf(process.platform === 'win32')("a scenario's response files", () => {
  let lib: string;
  let dir: string;
  beforeEach(async () => {
    lib = await mkdtemp(path.join(os.tmpdir(), 'dojo-responses-'));
    dir = path.join(lib, 'redis-sentinel', 'responses');
    await mkdir(dir, { recursive: true });
  });
  afterEach(() => rm(lib, { recursive: true, force: true }));

  it('lists the files whose header names the scenario, and bare lists by their name', async () => {
    await writeFile(path.join(dir, 'any-name.yaml'), header('stale-leader'));
    await writeFile(path.join(dir, 'stale-leader-human.yaml'), BARE);
    await writeFile(path.join(dir, 'stale-leader-other.yaml'), header('one-way-partition'));
    await writeFile(path.join(dir, 'one-way-partition-x.yaml'), BARE);
    await writeFile(path.join(dir, 'stale-leader-notes.txt'), BARE);
    const files = await listResponseFiles(lib, staleLeader);
    expect(files.map((f) => [f.name, f.file, f.parsed.ok])).toEqual([
      ['any-name.yaml', 'redis-sentinel/responses/any-name.yaml', true],
      ['stale-leader-human.yaml', 'redis-sentinel/responses/stale-leader-human.yaml', true],
    ]);
    expect(files[0]!.path).toBe(path.join(dir, 'any-name.yaml'));
    expect(files[0]!.parsed).toMatchObject({ mustFail: ['final-health'], mistake: 'Waits.' });
  });

  it('lists a broken file named after the scenario with its problems, never throwing', async () => {
    await writeFile(path.join(dir, 'stale-leader-broken.yaml'), 'steps: [\n');
    await writeFile(
      path.join(dir, 'stale-leader-bad-check.yaml'),
      header('stale-leader').replace('[final-health]', '[config-fixed]'),
    );
    const files = await listResponseFiles(lib, staleLeader);
    expect(files.map((f) => [f.name, f.parsed.ok ? [] : f.parsed.problems])).toEqual([
      ['stale-leader-bad-check.yaml', [expect.objectContaining({ line: 3, path: 'mustFail.0' })]],
      [
        'stale-leader-broken.yaml',
        [expect.objectContaining({ file: 'redis-sentinel/responses/stale-leader-broken.yaml' })],
      ],
    ]);
  });

  it('does not let a link, a FIFO or a huge file hide the others', async () => {
    await writeFile(path.join(lib, 'outside'), header('stale-leader'));
    await symlink(path.join(lib, 'outside'), path.join(dir, 'stale-leader-link.yaml'));
    await symlink(path.join(lib, 'outside'), path.join(dir, 'zz-link.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'stale-leader-fifo.yaml')]);
    await writeFile(path.join(dir, 'stale-leader-huge.yaml'), `# ${'x'.repeat(300 * 1024)}\n`);
    await writeFile(path.join(dir, 'stale-leader-good.yaml'), header('stale-leader'));
    const files = await listResponseFiles(lib, staleLeader);
    expect(files.map((f) => [f.name, f.parsed.ok ? 'ok' : f.parsed.problems[0]!.message])).toEqual([
      ['stale-leader-fifo.yaml', 'is a FIFO (named pipe), not a regular file'],
      ['stale-leader-good.yaml', 'ok'],
      ['stale-leader-huge.yaml', expect.stringMatching(/^is \d+ bytes; files over 262144/)],
      [
        'stale-leader-link.yaml',
        'is a symbolic link: links are not followed, put the file itself here',
      ],
    ]);
  }, 5_000);

  it('finds nothing where there is no responses folder, or a link in its place', async () => {
    expect(await listResponseFiles(path.join(lib, 'nowhere'), staleLeader)).toEqual([]);
    await rm(dir, { recursive: true });
    await mkdir(path.join(lib, 'elsewhere'));
    await writeFile(path.join(lib, 'elsewhere', 'stale-leader-x.yaml'), BARE);
    await symlink(path.join(lib, 'elsewhere'), dir);
    expect(await listResponseFiles(lib, staleLeader)).toEqual([]);
  });
});

describe('headerScenarioOf', () => {
  it("reads a mapping's scenario, and nothing from a list or a broken text", () => {
    expect(headerScenarioOf(header('zombie-leader'))).toBe('zombie-leader');
    expect(headerScenarioOf(BARE)).toBeUndefined();
    expect(headerScenarioOf('scenario: [a]\n')).toBeUndefined();
    expect(headerScenarioOf('scenario: "x\n')).toBeUndefined();
  });
});

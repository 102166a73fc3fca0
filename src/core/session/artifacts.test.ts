import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArtifact } from './artifacts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-artifacts-'));
const dir = path.join(root, 'r1');
fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, 'redis-1-keys.txt'), 'dojo:w:app-pinned:000001\n');
fs.writeFileSync(path.join(root, 'secret.txt'), 'not yours');
fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dir, 'link.txt'));
fs.mkdirSync(path.join(dir, 'sub'));

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('readArtifact', () => {
  it("serves a file of the run's own folder by its name", async () => {
    expect(await readArtifact(dir, 'r1', 'redis-1-keys.txt')).toEqual({
      filename: 'redis-1-keys.txt',
      content: 'dojo:w:app-pinned:000001\n',
      mediaType: 'text/plain',
    });
  });

  it.each(['../secret.txt', '..', 'link.txt', 'sub', 'missing.txt', '.hidden', '/etc/passwd'])(
    'refuses %s with a one-line reason',
    async (name) => {
      await expect(readArtifact(dir, 'r1', name)).rejects.toThrow(/^(run r1 saved no file|").*/);
    },
  );

  it('says so when the run saved nothing at all', async () => {
    await expect(readArtifact(path.join(root, 'none'), 'r2', 'a.txt')).rejects.toThrow(
      'run r2 saved no file "a.txt"',
    );
  });
});

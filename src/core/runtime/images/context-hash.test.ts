import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextHash } from './context-hash';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-ctx-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'ARG BASE\nFROM ${BASE}\n');
  fs.mkdirSync(path.join(dir, 'conf'));
  fs.writeFileSync(path.join(dir, 'conf', 'a.conf'), 'port 6379\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const base = { baseImageId: 'sha256:aaa', buildArgs: { BASE: 'failover-dojo/base:bookworm' } };

describe('contextHash', () => {
  it('is 12 hex chars and stable (mtime does not count)', async () => {
    const a = await contextHash(dir, base);
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    fs.utimesSync(path.join(dir, 'Dockerfile'), new Date(0), new Date(0));
    expect(await contextHash(dir, base)).toBe(a);
  });

  it('changes with contents, names, modes, new files, base id and build args', async () => {
    const seen = new Set([await contextHash(dir, base)]);
    const expectNew = async (inputs = base): Promise<void> => {
      const h = await contextHash(dir, inputs);
      expect(seen.has(h)).toBe(false);
      seen.add(h);
    };
    fs.writeFileSync(path.join(dir, 'conf', 'a.conf'), 'port 6380\n');
    await expectNew();
    fs.chmodSync(path.join(dir, 'conf', 'a.conf'), 0o755);
    await expectNew();
    fs.renameSync(path.join(dir, 'conf', 'a.conf'), path.join(dir, 'conf', 'b.conf'));
    await expectNew();
    fs.writeFileSync(path.join(dir, 'extra'), '');
    await expectNew();
    await expectNew({ ...base, baseImageId: 'sha256:bbb' });
    await expectNew({ ...base, buildArgs: { BASE: 'debian:bookworm-slim' } });
  });

  it('does not depend on where the directory is', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-ctx-copy-'));
    try {
      fs.cpSync(dir, copy, { recursive: true });
      fs.chmodSync(copy, fs.statSync(dir).mode & 0o7777);
      expect(await contextHash(copy, base)).toBe(await contextHash(dir, base));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

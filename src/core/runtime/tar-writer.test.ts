import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTar } from './tar-writer';

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-tar-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('buildTar', () => {
  const longDir = `deep/${'d'.repeat(90)}/${'e'.repeat(40)}`;
  const files = [
    {
      path: '/etc/dojo/redis.conf',
      content: 'port 6379\nappendonly no\n',
      mode: 0o640,
      uid: 999,
      gid: 999,
      mtimeSeconds: 1_700_000_000,
    },
    { path: 'empty.txt', content: '' },
    { path: '/exactly-512.bin', content: new Uint8Array(512).fill(65) },
    { path: `${longDir}/file-name-ü.txt`, content: 'ümlaut ✓\n', mode: 0o755 },
  ];

  it('is a whole number of 512-byte blocks ending in two zero blocks', () => {
    const tar = buildTar(files);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true);
  });

  it('round-trips through the system tar (names, modes, owners, contents)', () => {
    withTempDir((dir) => {
      const archive = path.join(dir, 'a.tar');
      fs.writeFileSync(archive, buildTar(files));
      const listing = execFileSync('tar', ['-tvf', archive, '--numeric-owner'], {
        encoding: 'utf8',
      });
      const lines = listing.trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(
        /^-rw-r----- 999\/999\s+24 2023-11-1\d \d\d:\d\d etc\/dojo\/redis\.conf$/,
      );
      expect(lines[1]).toMatch(/^-rw-r--r-- 0\/0\s+0 .* empty\.txt$/);
      expect(lines[2]).toMatch(/^-rw-r--r-- 0\/0\s+512 .* exactly-512\.bin$/);
      expect(lines[3]).toContain(`-rwxr-xr-x 0/0`);
      expect(lines[3]).toContain(`${longDir}/file-name-ü.txt`);

      const out = path.join(dir, 'out');
      fs.mkdirSync(out);
      execFileSync('tar', ['-xf', archive, '-C', out]);
      expect(fs.readFileSync(path.join(out, 'etc/dojo/redis.conf'), 'utf8')).toBe(
        'port 6379\nappendonly no\n',
      );
      expect(fs.readFileSync(path.join(out, 'exactly-512.bin')).toString()).toBe('A'.repeat(512));
      expect(fs.readFileSync(path.join(out, longDir, 'file-name-ü.txt'), 'utf8')).toBe(
        'ümlaut ✓\n',
      );
      expect(fs.statSync(path.join(out, longDir, 'file-name-ü.txt')).mode & 0o777).toBe(0o755);
    });
  });

  it('rejects paths that escape or are not files', () => {
    expect(() => buildTar([{ path: '/etc/../root/x', content: '' }])).toThrow(/\.\./);
    expect(() => buildTar([{ path: '/etc/dojo/', content: '' }])).toThrow(/not a file/);
    expect(() => buildTar([{ path: 'x'.repeat(300), content: '' }])).toThrow(/too long/);
  });
});

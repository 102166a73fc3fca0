import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_REPLAY_ENTRIES,
  exportFileName,
  readLatestExport,
  tryJsonArray,
  writeExport,
} from './saved-export';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-saved-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('saved exports', () => {
  it('reads back the latest export of the node, values with newlines included', async () => {
    const older = exportFileName('redis-1', 'keys', new Date('2026-12-01T10:00:00Z'));
    const newer = exportFileName('redis-1', 'keys', new Date('2026-12-01T10:00:05Z'));
    await writeExport(dir, older, [['dojo:w:a:000001', 'old']]);
    await writeExport(dir, newer, [['dojo:w:a:000001', 'two\nlines']]);
    await writeExport(dir, exportFileName('redis-1', 'rows'), [['dojo:w:a:000009', 'row']]);
    const r = await readLatestExport(dir, 'redis-1', 'keys');
    expect(path.basename(r.file)).toBe(newer);
    expect(r.entries).toEqual([['dojo:w:a:000001', 'two\nlines']]);
    await expect(readLatestExport(dir, 'redis-2', 'keys')).rejects.toThrow(
      /no export of redis-2 was saved/,
    );
  });

  it('refuses an export larger than a replay sends, and names a broken line', async () => {
    const big = exportFileName('pg-1', 'rows');
    fs.writeFileSync(
      path.join(dir, big),
      '["dojo:w:a:000001","x"]\n'.repeat(MAX_REPLAY_ENTRIES + 1),
    );
    await expect(readLatestExport(dir, 'pg-1', 'rows')).rejects.toThrow(
      `${big} holds ${MAX_REPLAY_ENTRIES + 1} writes, more than the ${MAX_REPLAY_ENTRIES} a replay sends`,
    );
    fs.writeFileSync(path.join(dir, big), '["dojo:w:a:000001","x"]\n["only-a-key"]\n');
    await expect(readLatestExport(dir, 'pg-1', 'rows')).rejects.toThrow(
      `${big} line 2 is not a saved ["key", "value"] pair`,
    );
  });

  it('reads cjson arrays, the empty one as {}, and nothing else', () => {
    expect(tryJsonArray('[["k","v"]]')).toEqual([['k', 'v']]);
    expect(tryJsonArray('{}')).toEqual([]);
    expect(tryJsonArray('ERR unknown command')).toBeUndefined();
    expect(tryJsonArray('{"a":1}')).toBeUndefined();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { performNodeAction } from '../../../../core/actions/node-actions';
import type { NodeAction } from '../../../../core/actions/node-action-types';
import { createMiniLab, type MiniLab } from '../../../../core/testing/mini-lab.fixture';
import { addMiniSentinel } from '../testing/mini-sentinel.fixture';

/**
 * export-keys and replay-export on a real mini Sentinel: redis-1 the master
 * the sentinel names, redis-3 a second master holding divergent writes (the
 * stale side), every conflict rule replayed onto redis-1.
 */
let lab: MiniLab;
let artifactsDir = '';
const act = (action: NodeAction) => performNodeAction(lab.ctx, action, { artifactsDir });
const key = (client: string, seq: number): string =>
  `dojo:w:${client}:${String(seq).padStart(6, '0')}`;

/** SETs on a node through redis-cli's stdin (values may hold spaces and newlines). */
async function seed(node: string, pairs: [string, string][]): Promise<void> {
  const script = pairs.map(([k, v]) => `SET ${JSON.stringify(k)} ${JSON.stringify(v)}`).join('\n');
  const r = await lab.sh(node, `redis-cli <<'EOF'\n${script}\nEOF`);
  expect(r.exitCode).toBe(0);
}

/** Every workload key of a node with its value. */
async function dataOf(node: string): Promise<Record<string, string>> {
  const r = await lab.sh(
    node,
    `redis-cli EVAL "local o={} for _,k in ipairs(redis.call('KEYS','dojo:w:*')) do o[#o+1]={k,redis.call('GET',k)} end return cjson.encode(o)" 0`,
  );
  const pairs = JSON.parse(r.out.trim() === '{}' ? '[]' : r.out) as [string, string][];
  return Object.fromEntries(pairs);
}

beforeAll(async () => {
  lab = await createMiniLab('replay-int');
  artifactsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-replay-'));
  await addMiniSentinel(lab);
  await lab.add({
    name: 'redis-3',
    kind: 'redis',
    host: 13,
    cmd: ['redis-server', '--protected-mode', 'no', '--save', ''],
  });
  // The stale side: ten writes, one whose value holds a newline.
  await seed(
    'redis-3',
    Array.from({ length: 10 }, (_, i): [string, string] => [
      key('app', i + 1),
      i === 9 ? 'app:10:two\nlines' : `app:${i + 1}:${1000 + i + 1}`,
    ]),
  );
});

beforeEach(async () => {
  // The authoritative side: one key newer than the export's, one older, one of its own.
  await lab.sh('redis-1', 'redis-cli FLUSHALL');
  await seed('redis-1', [
    [key('app', 5), 'app:5:999999'],
    [key('app', 6), 'app:6:1'],
    [key('other', 1), 'other:1:5'],
  ]);
});

afterAll(async () => {
  await lab?.dispose();
  fs.rmSync(artifactsDir, { recursive: true, force: true });
});

describe('export-keys', () => {
  it('saves every workload key with its value, one JSON pair per line, sorted', async () => {
    const r = await act({ kind: 'export-keys', node: 'redis-3' });
    expect(r).toMatchObject({ ok: true, count: 10 });
    expect(r.file).toMatch(/redis-3-keys-.*\.jsonl$/);
    const lines = fs
      .readFileSync(r.file ?? '', 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(10);
    expect(JSON.parse(lines[0] ?? '')).toEqual([key('app', 1), 'app:1:1001']);
    expect(JSON.parse(lines[9] ?? '')).toEqual([key('app', 10), 'app:10:two\nlines']);
  });
});

describe('replay-export', () => {
  it('keep-authoritative adds only the keys the master lacks and keeps its values', async () => {
    const r = await act({ kind: 'replay-export', node: 'redis-3', rule: 'keep-authoritative' });
    expect(r.ok).toBe(true);
    expect(r.replay).toMatchObject({ target: 'redis-1', overwritten: 0, kept: 2, removed: 0 });
    expect(r.replay?.added).toHaveLength(8);
    const data = await dataOf('redis-1');
    expect(Object.keys(data)).toHaveLength(11);
    expect(data[key('app', 5)]).toBe('app:5:999999');
    expect(data[key('app', 6)]).toBe('app:6:1');
    expect(data[key('app', 10)]).toBe('app:10:two\nlines');
    expect(data[key('other', 1)]).toBe('other:1:5');
  });

  it('keep-newer overwrites only where the export’s value is stamped later', async () => {
    const r = await act({ kind: 'replay-export', node: 'redis-3', rule: 'keep-newer' });
    expect(r.replay).toMatchObject({ overwritten: 1, kept: 1, removed: 0 });
    const data = await dataOf('redis-1');
    expect(data[key('app', 5)]).toBe('app:5:999999');
    expect(data[key('app', 6)]).toBe('app:6:1006');
  });

  it('replace-all makes the export the data and deletes the master’s own keys', async () => {
    const r = await act({ kind: 'replay-export', node: 'redis-3', rule: 'replace-all' });
    expect(r.replay).toMatchObject({ overwritten: 2, kept: 0, removed: 1 });
    expect(r.detail).toContain("1 of redis-1's keys deleted");
    const data = await dataOf('redis-1');
    expect(Object.keys(data).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => key('app', i + 1)),
    );
    expect(data[key('app', 5)]).toBe('app:5:1005');
  });

  it('refuses the agreed master itself, a node with no export, and a run with no folder', async () => {
    expect((await act({ kind: 'export-keys', node: 'redis-1' })).ok).toBe(true);
    const self = await act({ kind: 'replay-export', node: 'redis-1' });
    expect(self).toMatchObject({ ok: false });
    expect(self.detail).toMatch(/redis-1 is the master the sentinels agree on/);
    const none = await act({ kind: 'replay-export', node: 'redis-2' });
    expect(none.detail).toMatch(/no export of redis-2 was saved/);
    const noDir = await performNodeAction(lab.ctx, { kind: 'replay-export', node: 'redis-3' });
    expect(noDir.ok).toBe(false);
    expect(Object.keys(await dataOf('redis-1'))).toHaveLength(3);
  });

  it('names the file and line of an export that is not a saved pair, and writes nothing', async () => {
    const bad = path.join(artifactsDir, 'redis-3-keys-9999-12-31T23-59-59-999Z.jsonl');
    fs.writeFileSync(bad, '["dojo:w:app:000001","v"]\nnot json\n');
    try {
      const r = await act({ kind: 'replay-export', node: 'redis-3' });
      expect(r.ok).toBe(false);
      expect(r.detail).toContain('redis-3-keys-9999-12-31T23-59-59-999Z.jsonl line 2');
      expect(Object.keys(await dataOf('redis-1'))).toHaveLength(3);
    } finally {
      fs.rmSync(bad);
    }
  });
});

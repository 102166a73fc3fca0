import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_TRAITS } from '../src/shared/system-traits';
import { systemFootprints } from './system-footprint-core';

const root = path.resolve(__dirname, '..');

/**
 * The only files outside src/systems/<system>/ that may name a system: one
 * registry per side of a system's folder (issue 15). Shared: its traits,
 * kinds, types and part of the scenario format (system-traits.ts). Engine:
 * scenario-systems.ts. Its pure grading side: the grading checks
 * (system-gradings.ts) and, apart because grading must not import the
 * debrief (the ESLint layer rule), the debrief's wording
 * (system-debriefs.ts). UI: system-views.tsx. Measured before: 31, 66, 85 files (Redis Sentinel,
 * Patroni, keepalived) before the registries; 20, 33, 40 and 15 for etcd
 * (Raft) before the systems' schema parts, shared types, event streams,
 * node cards, studio templates and trainee settings moved into their folders.
 */
const REGISTRIES = [
  'src/shared/system-traits.ts',
  'src/core/systems/scenario-systems.ts',
  'src/core/grading/system-gradings.ts',
  'src/core/debrief/system-debriefs.ts',
  'src/renderer/src/components/system-views.tsx',
];

describe('system footprint', () => {
  const prints = systemFootprints(root, Object.values(SYSTEM_TRAITS));

  it('no code outside src/systems/ branches on a system name: the registries say it', () => {
    for (const f of prints) expect(f.branches, f.system).toEqual([]);
  });

  it('only the registries name a system outside its own folder', () => {
    for (const f of prints)
      expect(
        f.files.filter((file) => !REGISTRIES.includes(file)),
        f.system,
      ).toEqual([]);
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'footprint-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('finds a branch and a mention outside the folders, and none inside them', () => {
    const write = (f: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
      fs.writeFileSync(path.join(tmp, f), text);
    };
    write('src/core/a.ts', "if (s === 'patroni') x();\n");
    write('src/core/b.tsx', '// the Patroni words\n');
    write('src/core/c.ts', "const k = 'patronictl';\n");
    write('src/core/a.test.ts', "if (s === 'patroni') x();\n");
    write('src/core/testing/fixtures.ts', "const system = 'patroni';\n");
    write('src/systems/patroni/engine/d.ts', "if (s === 'patroni') x();\n");
    // Another system's lab that runs the same image names the image, not the system.
    write('src/systems/other/engine/e.ts', "images: ['etcd', 'patroni'],\n  image: 'patroni',\n");
    write('src/systems/other/engine/f.ts', "const image = 'patroni';\n");
    const [p] = systemFootprints(tmp, [{ id: 'patroni', name: 'Patroni' }]);
    expect(p).toEqual({
      system: 'patroni',
      files: ['src/core/a.ts', 'src/core/b.tsx', 'src/systems/other/engine/f.ts'],
      branches: ['src/core/a.ts:1'],
    });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_TRAITS } from '../src/shared/system-traits';
import { systemFootprints } from './system-footprint-core';

const root = path.resolve(__dirname, '..');

/**
 * The most files outside a system's own folders that may name it. Lowered as
 * each system moves into src/systems/<system>/ (issue 15's goal: the
 * registries only). Measured: 31, 66, 85 before the registries; 26, 57, 78
 * with them; 22, 44, 65 once each system's lab, probes, faults, moves and
 * tells moved into its folder; 24, 41, 52 with grading's and the debrief's
 * registries (each names every system) and each system's checks, tells,
 * final health and debrief wording in src/systems/<system>/grading/; 24, 38,
 * 49 with each fault kind defined once (FAULT_KINDS, SystemEngine.faults);
 * 23, 38, 48 with each move defined once (MOVE_KINDS, SystemEngine.moves);
 * 22, 37, 45 with each system's test fixtures in its own testing/ folders;
 * 22, 36, 44 with each system's palette in its ui/ (SystemViews.palette);
 * 22, 35, 43 with the renderer's fixtures for a system in its ui/testing/;
 * 20, 34, 41 with each system's workload clients in its engine/workload/ and
 * its final-health rows in its ui/ (SystemViews.finalHealthRows); 19, 33, 40 with
 * the debrief timeline's event lanes read from SystemTraits.eventLane; 20 for Redis Sentinel
 * once it has a fault kind of its own (clock-skew), which the fault registry imports as it
 * does Patroni's and keepalived's. etcd (Raft), the fourth system and the first added
 * on this layout, reaches 15 (the five registries, the schema and types it adds a part
 * to, its workload client config, its trainee setting, its studio template, its node card
 * and event list in the renderer)
 */
const MOST_FILES: Record<string, number> = {
  'redis-sentinel': 20,
  patroni: 33,
  keepalived: 40,
  'etcd-raft': 15,
};

describe('system footprint', () => {
  const prints = systemFootprints(root, Object.values(SYSTEM_TRAITS));

  it('no code outside src/systems/ branches on a system name: the registries say it', () => {
    for (const f of prints) expect(f.branches, f.system).toEqual([]);
  });

  it('no system reaches into more files than it did', () => {
    for (const f of prints)
      expect(f.files.length, `${f.system}: ${f.files.join(', ')}`).toBeLessThanOrEqual(
        MOST_FILES[f.system] ?? 0,
      );
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
    write('src/systems/patroni/engine/d.ts', "if (s === 'patroni') x();\n");
    const [p] = systemFootprints(tmp, [{ id: 'patroni', name: 'Patroni' }]);
    expect(p).toEqual({
      system: 'patroni',
      files: ['src/core/a.ts', 'src/core/b.tsx'],
      branches: ['src/core/a.ts:1'],
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { FinalHealth } from '../../../shared/scenario-types';
import { scenarioSystemSchema } from '../../../shared/scenario-schema';
import { SYSTEM_VIEWS } from './system-views';

/** A final health reading with only the facts every system shares. */
const shared: FinalHealth = {
  masters: ['n-1'],
  replicasCaughtUp: ['n-2'],
  replicasExpected: 1,
  coordinatorViews: {},
  coordinationOk: true,
  activeFaults: [],
  activeFences: ['n-3'],
  settingsReadBack: {},
};

const rows = (system: keyof typeof SYSTEM_VIEWS, h: FinalHealth) =>
  SYSTEM_VIEWS[system].finalHealthRows(h);

describe("each system's final-health rows", () => {
  it('every system has its rows, and each names the fences the run left', () => {
    for (const system of scenarioSystemSchema.options) {
      const fences = rows(system, shared).find(([, , , id]) => id === 'fences');
      expect(fences?.[1]).toBe('n-3');
      expect(fences?.[2]).toBe(false);
    }
  });

  it("a reading without its system's part says so (unknown), never in Redis Sentinel's words", () => {
    for (const system of ['patroni', 'keepalived', 'etcd-raft'] as const) {
      const r = rows(system, shared);
      expect(r.find(([, , , id]) => id === `${system}-missing`)?.[2]).toBe('unknown');
      expect(r.map(([label]) => label)).not.toContain('CKQUORUM');
    }
    expect(rows('redis-sentinel', shared).map(([label]) => label)).toContain('CKQUORUM');
  });
});

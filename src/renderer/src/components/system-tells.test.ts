import { describe, expect, it } from 'vitest';
import { scenarioSystem } from './system-tells';

describe('the system of a run', () => {
  it("is the scenario's when declared, else the lab's, else the one whose node kinds the probes saw", () => {
    expect(scenarioSystem('keepalived', 'redis-sentinel', '')).toBe('keepalived');
    expect(scenarioSystem(undefined, 'patroni', '')).toBe('patroni');
    expect(scenarioSystem(undefined, 'custom', 'r1:router,client:vip-client')).toBe('keepalived');
    expect(scenarioSystem(undefined, 'custom', 'e1:etcd')).toBe('patroni');
    expect(scenarioSystem(undefined, 'etcd-raft', '')).toBe('etcd-raft');
    expect(scenarioSystem(undefined, 'custom', 'raft-1:raft,raft-2:raft')).toBe('etcd-raft');
  });

  it('is not known before the run names its lab (a scenario run before its first snapshot)', () => {
    expect(scenarioSystem(undefined, '', '')).toBeUndefined();
  });

  it('is never guessed: a lab no system claims is an error naming it', () => {
    expect(() => scenarioSystem(undefined, 'custom', '')).toThrow(/no system runs lab "custom"/);
    expect(() => scenarioSystem(undefined, 'custom', 'w1:worker')).toThrow(/node kinds worker/);
  });
});

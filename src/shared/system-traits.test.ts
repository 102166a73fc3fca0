import { describe, expect, it } from 'vitest';
import { scenarioSystemSchema } from './scenario-schema';
import {
  findSystemTraits,
  kindOfNodeName,
  SYSTEM_TRAITS,
  SYSTEMS,
  systemOfLab,
  systemTraits,
} from './system-traits';

describe('system traits registry', () => {
  it('has one entry per system of the scenario schema, each under its own id', () => {
    expect([...SYSTEMS].sort()).toEqual([...scenarioSystemSchema.options].sort());
    for (const [id, t] of Object.entries(SYSTEM_TRAITS)) expect(t.id).toBe(id);
  });

  it('refuses a system this build does not have, loudly, and finds none for it', () => {
    expect(() => systemTraits('zookeeper')).toThrow(/unknown system "zookeeper"/);
    expect(findSystemTraits('zookeeper')).toBeUndefined();
    expect(findSystemTraits('toString')).toBeUndefined();
    expect(systemTraits('patroni').leaderWord).toBe('primary');
  });

  it('names a lab run by its lab id, else by a node kind only one system has', () => {
    expect(systemOfLab('patroni')).toBe('patroni');
    expect(systemOfLab('keepalived')).toBe('keepalived');
    expect(systemOfLab('redis-sentinel')).toBe('redis-sentinel');
    expect(systemOfLab('mini', ['etcd'])).toBe('patroni');
    expect(systemOfLab('mini', ['vip-client'])).toBe('keepalived');
    expect(systemOfLab('mini', ['sentinel', 'redis'])).toBe('redis-sentinel');
    // Nothing names it: no silent Redis.
    expect(systemOfLab('mini')).toBeUndefined();
    expect(systemOfLab('mini', ['unknown-kind'])).toBeUndefined();
  });

  it('no two systems claim the same lab or node kind', () => {
    const labs = Object.values(SYSTEM_TRAITS).flatMap((t) => t.labIds);
    const kinds = Object.values(SYSTEM_TRAITS).flatMap((t) => t.ownKinds);
    expect(new Set(labs).size).toBe(labs.length);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it("guesses a node's kind from its name by the systems' rules, and none for a stranger", () => {
    expect(
      ['sentinel-1', 'redis-2', 'etcd-1', 'pg-1', 'postgres-3', 'router-2', 'client'].map(
        kindOfNodeName,
      ),
    ).toEqual(['sentinel', 'redis', 'etcd', 'postgres', 'postgres', 'router', 'vip-client']);
    expect(kindOfNodeName('worker-1')).toBeUndefined();
    expect(kindOfNodeName('clients')).toBeUndefined();
  });

  it('every system fills the words the debrief and the run view use', () => {
    for (const t of Object.values(SYSTEM_TRAITS)) {
      expect(t.name, t.id).not.toBe('');
      // The headline tell, where nodes claim the leader role; the lock service's holders are workers.
      if (!t.leadersAreClients) expect(t.defaultTells, t.id).toContain('masters-claimed');
      else expect(t.defaultTells.length, t.id).toBeGreaterThan(0);
      expect(t.clientModes.length, t.id).toBeGreaterThan(0);
      expect(t.noSplit, t.id).toMatch(/no split/);
      expect(t.runTextFallback.newMaster, t.id).toMatch(/^the /);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { kindByName, labNodes } from './scenario-nodes';
import { initialSettingValues, parseSettings } from './trainee-settings';

describe('trainee settings', () => {
  it('parses numbers and toggles; an untouched toggle with no scenario value sends nothing', () => {
    const values = initialSettingValues([
      { name: 'minReplicasToWrite', value: 1 },
      { name: 'synchronousMode', value: true },
      { name: 'failsafeMode', value: undefined },
    ]);
    expect(values).toEqual({ minReplicasToWrite: '1', synchronousMode: 'true', failsafeMode: '' });
    expect(parseSettings(values, Object.keys(values))).toEqual({
      settings: { minReplicasToWrite: 1, synchronousMode: true },
      errors: {},
    });
    expect(
      parseSettings({ failsafeMode: 'false', quorum: '9' }, ['failsafeMode', 'quorum']),
    ).toEqual({
      settings: { failsafeMode: false },
      errors: { quorum: 'a whole number from 1 to 3' },
    });
  });

  it("takes etcd (Raft)'s pre-vote toggle and election timeout in ms", () => {
    expect(
      parseSettings({ preVote: 'true', electionMs: '2500' }, ['preVote', 'electionMs']),
    ).toEqual({ settings: { preVote: true, electionMs: 2500 }, errors: {} });
    expect(parseSettings({ electionMs: '100' }, ['electionMs']).errors).toEqual({
      electionMs: 'a whole number from 500 to 10000',
    });
  });
});

describe('lab nodes', () => {
  it('guesses kinds by name before the probes have seen a node', () => {
    expect(
      ['sentinel-1', 'etcd-2', 'pg-1', 'postgres-3', 'redis-1', 'raft-3'].map(kindByName),
    ).toEqual(['sentinel', 'etcd', 'postgres', 'postgres', 'redis', 'raft']);
    expect(labNodes(['raft-1'], 'raft-1:raft')).toEqual([{ name: 'raft-1', kind: 'raft' }]);
    // A name no system uses does not pass for Redis.
    expect(() => kindByName('worker-1')).toThrow(/no system names a node "worker-1"/);
    expect(labNodes(['etcd-1', 'pg-1'], 'pg-1:postgres')).toEqual([
      { name: 'etcd-1', kind: 'etcd' },
      { name: 'pg-1', kind: 'postgres' },
    ]);
  });
});

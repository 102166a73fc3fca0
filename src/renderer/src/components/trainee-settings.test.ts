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
});

describe('lab nodes', () => {
  it('guesses kinds by name before the probes have seen a node', () => {
    expect(['sentinel-1', 'etcd-2', 'pg-1', 'postgres-3', 'redis-1'].map(kindByName)).toEqual([
      'sentinel',
      'etcd',
      'postgres',
      'postgres',
      'redis',
    ]);
    // A name no system uses does not pass for Redis.
    expect(() => kindByName('worker-1')).toThrow(/no system names a node "worker-1"/);
    expect(labNodes(['etcd-1', 'pg-1'], 'pg-1:postgres')).toEqual([
      { name: 'etcd-1', kind: 'etcd' },
      { name: 'pg-1', kind: 'postgres' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { SYSTEM_SETTING_NAMES, scenarioSystemSchema } from '../../shared/scenario-schema';
import { loadScenarios } from '../scenarios/scenario-loader';
import { defaultSettings, systemEngine, systemFor } from './scenario-systems';
import path from 'node:path';

const scenariosDir = path.resolve(__dirname, '../../../scenarios');

describe("the engine's system registry", () => {
  it('has every system of the schema, with a default for each setting a scenario may set', () => {
    for (const system of scenarioSystemSchema.options)
      expect(Object.keys(defaultSettings(system)), system).toEqual(
        expect.arrayContaining([...SYSTEM_SETTING_NAMES[system]]),
      );
  });

  it('refuses a system this build does not have, naming it', () => {
    expect(() => systemEngine('zookeeper')).toThrow(/unknown system "zookeeper"/);
  });

  it("builds each shipped scenario's lab with the scenario's settings over the defaults, and refuses a setting the trainee may not choose", async () => {
    const { scenarios } = await loadScenarios(scenariosDir);
    const sync = scenarios.get('sync-drill')!;
    expect(systemFor(sync).recorded).toMatchObject({ synchronousMode: false, ttl: 20 });
    expect(systemFor(sync, { synchronousMode: true }).recorded).toMatchObject({
      synchronousMode: true,
    });
    expect(() => systemFor(sync, { ttl: 5 })).toThrow(/"ttl" is not the trainee's to choose/);
    for (const s of scenarios.values()) expect(systemFor(s).lab.summary.id, s.id).toBe(s.system);
  });
});

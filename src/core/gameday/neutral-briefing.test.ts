import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/scenario-loader';
import { systemFor } from '../systems/scenario-systems';
import { leaksSecret, secretsOf } from './blind-view';
import { neutralBriefing } from './neutral-briefing';

const { scenarios } = await loadScenarios(
  fileURLToPath(new URL('../../../scenarios', import.meta.url)),
);

describe('the neutral briefing of a blind drill', () => {
  it.each([...scenarios.keys()])(
    '%s: says the system, the apps and healthy, and nothing that names the drill',
    (id) => {
      const scenario = scenarios.get(id)!;
      const briefing = neutralBriefing(scenario, systemFor(scenario).lab.summary);
      expect(leaksSecret(JSON.stringify(briefing), secretsOf(scenario))).toBeUndefined();
      expect(JSON.stringify(briefing)).not.toContain(scenario.briefing.slice(0, 40));
      expect(briefing.apps).toHaveLength(scenario.workload.clients.length);
      for (const c of scenario.workload.clients) expect(briefing.apps.join(' ')).toContain(c.name);
      expect(briefing.healthy).toMatch(/exactly one/i);
      expect(briefing.minutes).toBe(scenario.minutes);
    },
  );
});

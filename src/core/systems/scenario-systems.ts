import type { LabSettingsInput, Scenario } from '../../shared/scenario-schema';
import { keepalivedSystem } from './keepalived.system';
import { patroniSystem } from './patroni.system';
import { redisSentinelSystem } from './redis-sentinel.system';
import type { ScenarioSystemAdapter } from './scenario-system';

/** The adapter of the system a scenario runs on, with the run's settings. */
export function systemFor(scenario: Scenario, trainee?: LabSettingsInput): ScenarioSystemAdapter {
  switch (scenario.system) {
    case 'redis-sentinel':
      return redisSentinelSystem(scenario, trainee);
    case 'patroni':
      return patroniSystem(scenario, trainee);
    case 'keepalived':
      return keepalivedSystem(scenario, trainee);
  }
}

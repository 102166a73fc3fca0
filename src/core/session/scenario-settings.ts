import type { RedisSentinelSettingsInput, Scenario } from '../../shared/scenario-schema';
import {
  DEFAULT_REDIS_SENTINEL_SETTINGS,
  type RedisSentinelSettings,
} from '../labs/redis-sentinel/redis-config';

/**
 * The lab settings a scenario runs with: the lab defaults, then the
 * scenario's settings, then the trainee's values for the settings the
 * scenario lets them choose. A value for any other setting is refused.
 */
export function scenarioSettings(
  scenario: Scenario,
  trainee: RedisSentinelSettingsInput = {},
): RedisSentinelSettings {
  const allowed = new Set<string>(scenario.lab.traineeSettings);
  for (const key of Object.keys(trainee)) {
    if (!allowed.has(key)) {
      throw new Error(
        `setting "${key}" is not the trainee's to choose in ${scenario.id}` +
          (allowed.size ? ` (allowed: ${[...allowed].join(', ')})` : ' (none are)'),
      );
    }
  }
  return { ...DEFAULT_REDIS_SENTINEL_SETTINGS, ...scenario.lab.settings, ...trainee };
}

/** The numeric settings, for the run history. */
export function numericSettings(settings: RedisSentinelSettings): Record<string, number> {
  return Object.fromEntries(
    Object.entries(settings).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

import {
  SYSTEM_SETTING_NAMES,
  type KeepalivedSettingsInput,
  type LabSettingsInput,
  type Scenario,
} from '../../shared/scenario-schema';
import {
  DEFAULT_KEEPALIVED_SETTINGS,
  type KeepalivedSettings,
} from '../labs/keepalived/keepalived-config';
import { DEFAULT_PATRONI_SETTINGS, type PatroniSettings } from '../labs/patroni/patroni-config';
import {
  DEFAULT_REDIS_SENTINEL_SETTINGS,
  type RedisSentinelSettings,
} from '../labs/redis-sentinel/redis-config';

/** The full settings of a scenario's lab, tagged with its system. */
export type SystemSettings =
  | { system: 'redis-sentinel'; settings: RedisSentinelSettings }
  | { system: 'patroni'; settings: PatroniSettings }
  | { system: 'keepalived'; settings: KeepalivedSettings };

/**
 * The lab settings a scenario runs with: the lab defaults, then the
 * scenario's settings, then the trainee's values for the settings the
 * scenario lets them choose. A value for any other setting is refused.
 */
export function scenarioSettings(
  scenario: Scenario,
  trainee: LabSettingsInput = {},
): SystemSettings {
  const allowed = new Set<string>(scenario.lab.traineeSettings);
  for (const key of Object.keys(trainee)) {
    if (!allowed.has(key)) {
      throw new Error(
        `setting "${key}" is not the trainee's to choose in ${scenario.id}` +
          (allowed.size ? ` (allowed: ${[...allowed].join(', ')})` : ' (none are)'),
      );
    }
  }
  const merged = pick({ ...scenario.lab.settings, ...trainee }, scenario.system);
  switch (scenario.system) {
    case 'patroni':
      return { system: 'patroni', settings: { ...DEFAULT_PATRONI_SETTINGS, ...merged } };
    case 'keepalived':
      return { system: 'keepalived', settings: keepalivedSettings(merged) };
    case 'redis-sentinel':
      return {
        system: 'redis-sentinel',
        settings: { ...DEFAULT_REDIS_SENTINEL_SETTINGS, ...merged },
      };
  }
}

/**
 * The keepalived lab's settings from a scenario's flat ones: `routerPriorities`
 * goes into each router's VRRP settings; the rest is lab-wide.
 */
function keepalivedSettings(flat: KeepalivedSettingsInput): KeepalivedSettings {
  const d = DEFAULT_KEEPALIVED_SETTINGS;
  const [p1, p2] = flat.routerPriorities ?? [d.routers[0].priority, d.routers[1].priority];
  return {
    transport: flat.transport ?? d.transport,
    advertIntSeconds: flat.advertIntSeconds ?? d.advertIntSeconds,
    nopreempt: flat.nopreempt ?? d.nopreempt,
    routers: [
      { ...d.routers[0], priority: p1 },
      { ...d.routers[1], priority: p2 },
    ],
  };
}

/** Only the fields of `system` (the loader already refuses the others in a file). */
function pick(input: LabSettingsInput, system: Scenario['system']): Record<string, unknown> {
  const names = new Set(SYSTEM_SETTING_NAMES[system]);
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => names.has(k) && v !== undefined),
  );
}

/** The default value of every setting of a system (for the catalog's trainee settings). */
export function defaultSettings(system: Scenario['system']): Record<string, unknown> {
  switch (system) {
    case 'patroni':
      return { ...DEFAULT_PATRONI_SETTINGS };
    case 'keepalived': {
      const { routers, ...rest } = DEFAULT_KEEPALIVED_SETTINGS;
      return { ...rest, routerPriorities: routers.map((r) => r.priority) };
    }
    case 'redis-sentinel':
      return { ...DEFAULT_REDIS_SENTINEL_SETTINGS };
  }
}

/** The numeric and boolean settings, for the run history (names such as masterName are left out). */
export function recordedSettings(settings: object): Record<string, number | boolean> {
  return Object.fromEntries(
    Object.entries(settings).filter(
      (e): e is [string, number | boolean] => typeof e[1] === 'number' || typeof e[1] === 'boolean',
    ),
  );
}

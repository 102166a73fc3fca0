import {
  SYSTEM_SETTING_NAMES,
  type LabSettingsInput,
  type Scenario,
} from '../../shared/scenario-schema';

/**
 * The lab settings a scenario sets for its run, before the lab's defaults:
 * the scenario's settings, then the trainee's values for the settings the
 * scenario lets them choose; only the fields of the scenario's system. A
 * value for any other setting is refused. Each system fills in its own
 * defaults (see `src/core/systems/*.system.ts`).
 */
export function chosenSettings(
  scenario: Scenario,
  trainee: LabSettingsInput = {},
): Record<string, unknown> {
  const allowed = new Set<string>(scenario.lab.traineeSettings);
  for (const key of Object.keys(trainee)) {
    if (!allowed.has(key)) {
      throw new Error(
        `setting "${key}" is not the trainee's to choose in ${scenario.id}` +
          (allowed.size ? ` (allowed: ${[...allowed].join(', ')})` : ' (none are)'),
      );
    }
  }
  return pick({ ...scenario.lab.settings, ...trainee }, scenario.system);
}

/** Only the fields of `system` (the loader already refuses the others in a file). */
function pick(input: LabSettingsInput, system: Scenario['system']): Record<string, unknown> {
  const names = new Set(SYSTEM_SETTING_NAMES[system]);
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => names.has(k) && v !== undefined),
  );
}

/** The numeric and boolean settings, for the run history (names such as masterName are left out). */
export function recordedSettings(settings: object): Record<string, number | boolean> {
  return Object.fromEntries(
    Object.entries(settings).filter(
      (e): e is [string, number | boolean] => typeof e[1] === 'number' || typeof e[1] === 'boolean',
    ),
  );
}

import type { LabSettingsInput } from '../../../shared/scenario-schema';
import type { TraineeSettingForm } from '../../../shared/schema-parts';
import { SYSTEM_TRAINEE_SETTINGS, type TraineeSettingName } from '../../../shared/system-traits';

/** The lab settings a trainee may set before a start (what the card sends to startScenario). */
export type TraineeSettingsInput = Pick<LabSettingsInput, TraineeSettingName>;

/** A trainee setting as the card shows it: its form (from the system's schema part) and its name. */
export type TraineeSettingSpec = TraineeSettingForm & { key: TraineeSettingName };

/**
 * The settings a trainee may change before a start, with the bounds of the
 * lab settings schemas and the card's labels, from each system's schema part
 * (the engine validates again).
 */
export const TRAINEE_SETTINGS: Readonly<Record<string, TraineeSettingSpec>> = Object.fromEntries(
  (Object.entries(SYSTEM_TRAINEE_SETTINGS) as [TraineeSettingName, TraineeSettingForm][]).map(
    ([key, form]) => [key, { ...form, key }],
  ),
);

/** The card's starting values: the scenario's own, as text (`true`/`false` for a toggle). */
export function initialSettingValues(
  traineeSettings: { name: string; value: number | boolean | undefined }[],
): Record<string, string> {
  return Object.fromEntries(
    traineeSettings.map((t) => [t.name, t.value === undefined ? '' : String(t.value)]),
  );
}

/** Parses the card's inputs: the settings to send, and a message per invalid field. */
export function parseSettings(
  values: Record<string, string>,
  names: string[],
): { settings: TraineeSettingsInput; errors: Record<string, string> } {
  const settings: TraineeSettingsInput = {};
  const errors: Record<string, string> = {};
  for (const name of names) {
    const spec = TRAINEE_SETTINGS[name];
    const raw = (values[name] ?? '').trim();
    if (!spec || raw === '') continue;
    if (spec.type === 'boolean') {
      if (raw === 'true' || raw === 'false')
        (settings as Record<string, number | boolean>)[spec.key] = raw === 'true';
      else errors[name] = 'on or off';
      continue;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
      errors[name] = `a whole number from ${spec.min} to ${spec.max}`;
      continue;
    }
    // In range and whole: a value of the setting's schema (etcdNodes' 1 | 2 | 3 among them).
    (settings as Record<string, number | boolean>)[spec.key] = n;
  }
  return { settings, errors };
}

/** The trainee's settings of a scenario card: a number field or a toggle per setting. */
export function TraineeSettingsFields({
  scenarioId,
  traineeSettings,
  values,
  errors,
  onChange,
}: {
  scenarioId: string;
  traineeSettings: { name: string; value: number | boolean | undefined }[];
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (name: string, value: string) => void;
}) {
  return (
    <fieldset className="settings">
      <legend>Your settings before the start</legend>
      {traineeSettings.map((t) => {
        const spec = TRAINEE_SETTINGS[t.name];
        const id = `${scenarioId}-${t.name}`;
        if (spec?.type === 'boolean' || (!spec && typeof t.value === 'boolean'))
          return (
            <div key={t.name} className="setting-row">
              <label htmlFor={id} className="mono" title={spec?.title}>
                {spec?.label ?? t.name}
              </label>
              <input
                id={id}
                type="checkbox"
                role="switch"
                data-testid={`setting-${t.name}`}
                checked={values[t.name] === 'true'}
                aria-checked={values[t.name] === 'true'}
                onChange={(e) => onChange(t.name, e.currentTarget.checked ? 'true' : 'false')}
              />
              <span className="muted small">{values[t.name] === 'true' ? 'on' : 'off'}</span>
              {errors[t.name] && <span className="field-error small">{errors[t.name]}</span>}
            </div>
          );
        return (
          <div key={t.name} className="setting-row">
            <label htmlFor={id} className="mono">
              {spec?.label ?? t.name}
            </label>
            <input
              id={id}
              type="number"
              className="num-input mono"
              data-testid={`setting-${t.name}`}
              min={spec?.min}
              max={spec?.max}
              step={1}
              placeholder={t.value === undefined ? 'default' : String(t.value)}
              value={values[t.name] ?? ''}
              aria-invalid={errors[t.name] ? true : undefined}
              onChange={(e) => onChange(t.name, e.currentTarget.value)}
            />
            {spec?.unit && <span className="muted small">{spec.unit}</span>}
            {errors[t.name] && <span className="field-error small">{errors[t.name]}</span>}
          </div>
        );
      })}
    </fieldset>
  );
}

import type { CheckResult } from '../../shared/scenario-types';
import { SYSTEM_SETTING_ORDER, systemTraits } from '../../shared/system-traits';
import { verdict, type GradingContext } from './grading-context';

type Value = number | boolean;

/**
 * How a final value must compare with the expected one: a setting whose
 * system says higher (`at-least`) or lower (`at-most`) is stricter may be
 * so; every other must be equal (e.g. a higher quorum is not safer, it
 * stops failovers).
 */
const ACCEPT: Record<'at-least' | 'at-most', (actual: number, expected: number) => boolean> = {
  'at-least': (a, e) => a >= e,
  'at-most': (a, e) => a <= e,
};

/**
 * config-fixed: the settings in `params.settings` hold when the scenario
 * ended. A setting the lab reads back from its nodes (the final health's
 * `settingsReadBack`) is judged on every node that should hold it; the
 * others are taken from the run's start settings (the trainee's choices). Unknown without the final health or without expected settings.
 */
export function configFixed(ctx: GradingContext): CheckResult {
  const expected = ctx.params.settings;
  if (!expected || Object.keys(expected).length === 0) {
    return verdict(ctx, 'unknown', 'The scenario names no expected settings.');
  }
  const h = ctx.finalHealth;
  if (!h) return verdict(ctx, 'unknown', 'The final configuration was not read back.');
  const wrong: string[] = [];
  const right: string[] = [];
  for (const [name, want] of Object.entries(expected) as [string, Value][]) {
    const readBack = h.settingsReadBack?.[name];
    const readings: [string, Value | undefined][] = readBack
      ? Object.entries(readBack).map(([node, v]) => [node, v ?? undefined])
      : [['run settings', ctx.settings[name]]];
    if (readings.length === 0) wrong.push(`${name}: nothing read back`);
    const order = SYSTEM_SETTING_ORDER[name];
    const accept = order ? ACCEPT[order] : undefined;
    const ok = (v: Value): boolean =>
      accept && typeof v === 'number' && typeof want === 'number' ? accept(v, want) : v === want;
    const bad = readings.filter(([, v]) => v === undefined || !ok(v));
    const relation = order === 'at-least' ? 'at least ' : order === 'at-most' ? 'at most ' : '';
    if (bad.length > 0) {
      wrong.push(
        `${name} should be ${relation}${want} but ${bad.map(([who, v]) => `${who} has ${v ?? 'no reading'}`).join(', ')}`,
      );
    } else if (readings.length > 0) {
      right.push(`${name} ${relation}${want} on ${readings.map(([who]) => who).join(', ')}`);
    }
  }
  const commands = systemTraits(ctx.scenario.system).configCommands;
  const typed = commands ? ctx.consoleLines.filter((c) => commands.test(c.line)).length : 0;
  const figures = { wrong: wrong.length, configCommands: typed };
  if (wrong.length === 0) return verdict(ctx, 'pass', `Fixed: ${right.join('; ')}.`, figures);
  return verdict(ctx, 'fail', `Not fixed: ${wrong.join('; ')}.`, figures);
}

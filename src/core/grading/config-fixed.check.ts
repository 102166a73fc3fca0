import type { LabSettingsInput } from '../../shared/scenario-schema';
import type { CheckResult } from '../../shared/scenario-types';
import { verdict, type GradingContext } from './grading-context';

type SettingName = keyof LabSettingsInput;
type Value = number | boolean;

/**
 * How a final value must compare with the expected one: min-replicas-to-write
 * may be higher (stricter), min-replicas-max-lag lower (stricter); the rest
 * must be equal (a higher quorum is not safer, it stops failovers).
 */
const ACCEPT: Partial<Record<SettingName, (actual: number, expected: number) => boolean>> = {
  quorum: (a, e) => a === e,
  minReplicasToWrite: (a, e) => a >= e,
  minReplicasMaxLagSeconds: (a, e) => a <= e,
  downAfterMs: (a, e) => a === e,
  failoverTimeoutMs: (a, e) => a === e,
};

const RELATION: Partial<Record<SettingName, string>> = {
  quorum: '',
  minReplicasToWrite: 'at least ',
  minReplicasMaxLagSeconds: 'at most ',
  downAfterMs: '',
  failoverTimeoutMs: '',
};

/**
 * config-fixed: the settings in `params.settings` hold when the scenario
 * ended. Sentinel quorum is read back from every sentinel and
 * min-replicas-to-write from every data node (final health); settings that
 * are not read back are taken from the run's start settings (the trainee's
 * choices). Unknown without the final health or without expected settings.
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
  for (const [name, want] of Object.entries(expected) as [SettingName, Value][]) {
    const readings: [string, Value | undefined][] =
      name === 'quorum'
        ? Object.keys(h.sentinelViews).map((s) => [s, h.sentinelQuorum[s]])
        : name === 'minReplicasToWrite'
          ? [
              ...new Set([
                ...h.masters,
                ...h.replicasCaughtUp,
                ...Object.keys(h.minReplicasToWrite),
              ]),
            ].map((n) => [n, h.minReplicasToWrite[n]])
          : [['run settings', ctx.settings[name]]];
    if (readings.length === 0) wrong.push(`${name}: nothing read back`);
    const accept = ACCEPT[name];
    const ok = (v: Value): boolean =>
      accept && typeof v === 'number' && typeof want === 'number' ? accept(v, want) : v === want;
    const bad = readings.filter(([, v]) => v === undefined || !ok(v));
    const relation = RELATION[name] ?? '';
    if (bad.length > 0) {
      wrong.push(
        `${name} should be ${relation}${want} but ${bad.map(([who, v]) => `${who} has ${v ?? 'no reading'}`).join(', ')}`,
      );
    } else if (readings.length > 0) {
      right.push(`${name} ${relation}${want} on ${readings.map(([who]) => who).join(', ')}`);
    }
  }
  const typed = ctx.consoleLines.filter((c) => /sentinel\s+set|config\s+set/i.test(c.line)).length;
  const figures = { wrong: wrong.length, configCommands: typed };
  if (wrong.length === 0) return verdict(ctx, 'pass', `Fixed: ${right.join('; ')}.`, figures);
  return verdict(ctx, 'fail', `Not fixed: ${wrong.join('; ')}.`, figures);
}

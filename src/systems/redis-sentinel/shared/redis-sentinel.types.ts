import type { FinalHealth } from '../../../shared/scenario-types';

/** A message of Sentinel's pub/sub (`+sdown`, `+switch-master`, `+tilt`...) on a sentinel: a run event. */
export interface SentinelEventBody {
  kind: 'sentinel-event';
  sentinel: string;
  channel: string;
  message: string;
}

/** The numbers a final health read back for `setting`, by node (nodes without a reading left out). */
export function readBackNumbers(h: FinalHealth, setting: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(h.settingsReadBack?.[setting] ?? {}).filter(
      (e): e is [string, number] => typeof e[1] === 'number',
    ),
  );
}

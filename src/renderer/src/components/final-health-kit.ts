import type { FinalHealth } from '../../../shared/scenario-types';

/**
 * The final-health panel's kit: its row and the wording every system's rows
 * share. Each system words its own facts (its `ui/*-final-health.ts`, named
 * by SYSTEM_VIEWS' `finalHealthRows`).
 */

/**
 * One row of the final-health panel: what, the value, whether it is healthy (`unknown`:
 * what it needs could not be read, so it is neither healthy nor not).
 */
export type HealthRow = [label: string, value: string, ok: boolean | 'unknown', testId: string];

/** Who names whom, e.g. `sentinel-1→redis-2 · sentinel-2→redis-2`, or a dash. */
export function views(v: Record<string, string>): string {
  return (
    Object.entries(v)
      .map(([who, names]) => `${who}→${names}`)
      .join(' · ') || '—'
  );
}

/** Whether every voice names the same one, and none was unreadable (`?`). */
export function agree(v: Record<string, string>): boolean {
  const named = Object.values(v);
  return new Set(named).size === 1 && !named.includes('?');
}

/** `key=value` pairs joined, or a dash. */
export function pairs(v: Record<string, string | number>): string {
  return (
    Object.entries(v)
      .map(([k, x]) => `${k}=${x}`)
      .join(' · ') || '—'
  );
}

/** `N of M (names)`: the replicas caught up against those expected. */
export function caughtUp(h: FinalHealth): string {
  return `${h.replicasCaughtUp.length} of ${h.replicasExpected}${
    h.replicasCaughtUp.length ? ` (${h.replicasCaughtUp.join(', ')})` : ''
  }`;
}

/** The rows every system shares: faults and fences the run left in place. */
export function leftovers(h: FinalHealth): HealthRow[] {
  return [
    ['faults left', h.activeFaults.join(', ') || 'none', h.activeFaults.length === 0, 'faults'],
    ['fences left', h.activeFences.join(', ') || 'none', h.activeFences.length === 0, 'fences'],
  ];
}

/** Whether a list names exactly `one` and nothing else. */
export function only(list: string[], one: string | undefined): boolean {
  return one !== undefined && list.length === 1 && list[0] === one;
}

/**
 * The rows of a reading that lacks its system's own part (a history recorded
 * before it existed, or a broken one): the masters in the system's words,
 * one unknown row saying the part was not recorded (test id
 * `<system>-missing`), and the leftovers. Never another system's wording.
 */
export function unrecordedRows(
  h: FinalHealth,
  words: { masters: string; system: string; systemName: string },
): HealthRow[] {
  return [
    [words.masters, h.masters.join(', ') || 'none', h.masters.length === 1, 'masters'],
    [
      `${words.systemName}'s facts`,
      'not recorded in this run',
      'unknown',
      `${words.system}-missing`,
    ],
    ...leftovers(h),
  ];
}

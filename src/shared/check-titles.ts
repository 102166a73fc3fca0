import type { CheckId } from './scenario-schema';
import { findSystemTraits } from './system-traits';

/**
 * What each graded check is called where a trainee reads it (the debrief in
 * the app and its Markdown and HTML exports), in Sentinel's words. The check
 * id stays the stable key; this is only its title.
 */
export const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  'stale-leader-stopped-writes': 'The stale leader stopped taking writes',
  'fenced-before-rejoin': 'The stale leader was fenced before it rejoined',
  'did-not-fence-new-master': 'The new master was left alone',
  'acked-writes-lost': 'Acknowledged writes lost',
  'divergent-writes-saved': "The stale leader's divergent writes were saved",
  'divergent-writes-recovered': "The stale leader's divergent writes were put back",
  'final-health': 'The cluster was left healthy',
  'config-fixed': 'The misconfiguration was fixed',
  'dual-master-ended': 'The dual master ended',
  'right-router-kept': 'The right router was kept as MASTER',
  'client-traffic-settled': 'Client traffic settled on one router',
  'requests-failed': 'Requests that failed or timed out',
  'slow-leader-replaced': 'The slow leader was replaced',
  'failed-over': 'Another node took over from the lost master',
  'clocks-fixed': 'The clocks were fixed',
  'stale-token-refused': 'No stale token got into storage',
  'newest-update-kept': 'The newest acknowledged update of each key survived',
};

/**
 * A check's title in the words of the scenario's system (SystemTraits.checkTitles);
 * the check id itself for a check this build does
 * not know (a debrief stored by a newer version).
 */
export function checkTitle(check: CheckId, system: string): string {
  const own = findSystemTraits(system)?.checkTitles;
  return own?.[check] ?? CHECK_TITLES[check] ?? check;
}

/**
 * Why an attempt with the score to pass is still not passed: the required
 * checks it failed, by title (one sentence), or undefined when none failed.
 */
export function requiredFailedText(
  grade: { requiredFailed?: readonly CheckId[] },
  system: string,
): string | undefined {
  const failed = grade.requiredFailed ?? [];
  if (failed.length === 0) return undefined;
  const titles = failed.map((c) => `“${checkTitle(c, system)}”`).join(' and ');
  return `Not passed: ${failed.length === 1 ? 'a required check' : 'required checks'} failed (${titles}), whatever the score; ${failed.length === 1 ? 'it carries' : 'they carry'} the lesson of this scenario.`;
}

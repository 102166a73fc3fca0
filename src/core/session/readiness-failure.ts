import type { ReadinessStatus } from '../../shared/lab-types';

/** How many characters of the last reading the failure message keeps. */
const DETAIL_CHARS = 60;

/** `text` on one line, cut to `max` characters with an ellipsis. */
function brief(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The one-line error of a lab that did not get ready in time: the first
 * condition that did not hold, its last reading in a few words, and how
 * many other conditions failed, e.g. `not ready after 90 s: BACKUP hears
 * the MASTER (router-2: 0 adverts received) and 1 more`. The full
 * readings stay in the run history's readiness events. Pure.
 */
export function readinessFailure(status: ReadinessStatus | undefined, timeoutMs: number): string {
  const head = `not ready after ${Math.round(timeoutMs / 1000)} s`;
  const failing = status?.conditions.filter((c) => !c.ok) ?? [];
  const [first] = failing;
  if (!first) return `${head}: no readiness reading`;
  const more = failing.length > 1 ? ` and ${failing.length - 1} more` : '';
  const detail = first.detail ? ` (${brief(first.detail, DETAIL_CHARS)})` : '';
  return `${head}: ${first.name}${detail}${more}`;
}

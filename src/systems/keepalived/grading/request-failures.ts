import type { WriteRecord } from '../../../shared/scenario-types';

/**
 * Failed and timed-out requests grouped by kind of failure: `timeout`, the
 * socket error code (`ECONNRESET` when a keep-alive session was reset by an
 * ARP flip, `ECONNREFUSED`, `EHOSTUNREACH`...), `HTTP <status>`, or the
 * error's own words (at most 40 characters). Pure.
 */

/** The kind of failure of a request that was not acknowledged, or undefined for an acknowledged one. */
export function failureKind(w: WriteRecord): string | undefined {
  if (w.outcome === 'ack') return undefined;
  if (w.outcome === 'timeout') return 'timeout';
  const error = w.error ?? '';
  const code = /\bE[A-Z]{3,}\b/.exec(error)?.[0];
  if (code) return code;
  const http = /\bHTTP[ /]?(\d{3})\b/i.exec(error)?.[1];
  if (http) return `HTTP ${http}`;
  return error.trim().slice(0, 40) || 'error';
}

/** Failures per kind, most frequent first. */
export function failuresByKind(records: readonly WriteRecord[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const w of records) {
    const kind = failureKind(w);
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** `4 ECONNRESET, 3 timeout`, or `none`. */
export function failureKindsText(byKind: readonly [string, number][]): string {
  return byKind.map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
}

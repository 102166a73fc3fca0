import type { FenceReading } from '../../shared/lock-service.types';

/**
 * One query for storage's whole state: its fence row, the writes it accepted
 * per worker, how many of them were stale (token below one accepted before),
 * and the last accepted write.
 */
export const FENCE_SQL = `SELECT f.check_on, f.highest,
  (SELECT coalesce(json_object_agg(worker, n), '{}'::json) FROM
     (SELECT worker, count(*) AS n FROM dojo_lock_writes GROUP BY worker) c) AS accepted,
  (SELECT count(*) FROM dojo_lock_writes WHERE stale) AS stale,
  (SELECT json_build_object('worker', worker, 'token', token) FROM dojo_lock_writes ORDER BY n DESC LIMIT 1) AS last
FROM dojo_fence f WHERE f.id = 1`;

/** A row of FENCE_SQL as node-postgres returns it (bigint as text). */
export interface FenceRow {
  check_on: boolean;
  highest: string | number;
  accepted: Record<string, string | number> | null;
  stale: string | number;
  last: { worker: string; token: string | number } | null;
}

/** Storage's reading from FENCE_SQL's row. Throws without one. */
export function parseFenceRow(row: FenceRow | undefined): FenceReading {
  if (!row) throw new Error('storage has no fence row');
  const accepted: Record<string, number> = {};
  for (const [w, n] of Object.entries(row.accepted ?? {})) accepted[w] = Number(n);
  return {
    checkOn: row.check_on === true,
    highest: Number(row.highest),
    accepted,
    staleAccepted: Number(row.stale),
    ...(row.last ? { lastWriter: row.last.worker, lastToken: Number(row.last.token) } : {}),
  };
}

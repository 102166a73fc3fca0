import type { NodeObservation } from '../../../../shared/lab-types';
import {
  PG_STATE_QUERY,
  parsePatroniStatus,
  parsePgState,
  type PatroniStatus,
  type PgState,
  type PgStateRow,
} from '../lab/patroni-status';
import type { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';
import type { PgProbeConnection } from '../../../../core/probes/pg-probe-connection';

/**
 * Reads one Patroni node both ways, in parallel and each within `timeoutMs`:
 * what PostgreSQL says of itself (`pg_is_in_recovery()`, timeline, LSN,
 * upstream, downstreams) over the published 5432, and what Patroni says
 * (GET /patroni) over the published 8008. `role` is postgres's view; Patroni's
 * goes to `patroniRole`. A silent side reads `unknown`, never a guess.
 *
 * @param nameOf maps an IP on the lab network to a node name (for `following`).
 */
export async function readPatroniNode(
  node: string,
  pg: PgProbeConnection | undefined,
  rest: HttpProbeConnection | undefined,
  timeoutMs: number,
  nameOf: (ip: string) => string,
): Promise<NodeObservation> {
  const started = Date.now();
  const [pgResult, restResult] = await Promise.all([
    pg
      ? pg.query<PgStateRow>(timeoutMs, PG_STATE_QUERY).then(
          (rows) => ({
            ok: true as const,
            state: parsePgState(rows[0]),
            rttMs: Date.now() - started,
          }),
          (e: unknown) => ({ ok: false as const, error: (e as Error).message }),
        )
      : Promise.resolve({ ok: false as const, error: 'no published port 5432' }),
    rest
      ? rest.get(timeoutMs, '/patroni').then(
          (r) => ({ ok: true as const, status: parsePatroniStatus(r.body) }),
          (e: unknown) => ({ ok: false as const, error: (e as Error).message }),
        )
      : Promise.resolve({ ok: false as const, error: 'no published port 8008' }),
  ]);
  return patroniObservation(
    node,
    pgResult.ok ? pgResult.state : undefined,
    restResult.ok ? restResult.status : undefined,
    nameOf,
    {
      pgError: pgResult.ok ? undefined : pgResult.error,
      restError: restResult.ok ? undefined : restResult.error,
      rttMs: pgResult.ok ? pgResult.rttMs : undefined,
    },
  );
}

/** Combines postgres's and Patroni's views of one node into an observation. Pure. */
export function patroniObservation(
  node: string,
  pg: PgState | undefined,
  patroni: PatroniStatus | undefined,
  nameOf: (ip: string) => string,
  extra: { pgError?: string; restError?: string; rttMs?: number } = {},
): NodeObservation {
  const obs: NodeObservation = {
    node,
    kind: 'postgres',
    role: pg ? (pg.inRecovery ? 'replica' : 'master') : 'unknown',
    state: pg || patroni ? 'running' : 'unreachable',
    patroniRole: patroni ? patroni.role : 'unknown',
  };
  if (patroni) {
    obs.patroniState = patroni.state;
    obs.maintenance = patroni.paused;
  }
  if (pg) {
    if (pg.timeline !== undefined) obs.timeline = pg.timeline;
    if (pg.lsn !== undefined) obs.lsn = pg.lsn;
    if (pg.inRecovery) {
      if (pg.senderHost) obs.following = nameOf(pg.senderHost);
      obs.linkUp = pg.streaming;
    } else {
      obs.onlineReplicas = pg.streamingReplicas;
      if (pg.syncStandbys[0] !== undefined) obs.syncStandby = pg.syncStandbys[0];
    }
    if (extra.rttMs !== undefined) obs.rttMs = extra.rttMs;
  }
  const errors = [
    extra.pgError ? `postgres: ${extra.pgError}` : undefined,
    extra.restError ? `patroni REST: ${extra.restError}` : undefined,
  ].filter((e): e is string => e !== undefined);
  if (errors.length > 0) obs.error = errors.join('; ');
  return obs;
}

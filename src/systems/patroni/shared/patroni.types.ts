import type { SystemEventLogLine } from '../../../shared/system-traits';

/** What the Patroni lab looked like at the end of a scenario (see FinalHealth.patroni). */
export interface PatroniFinalHealth {
  /** Holder of the leader key in etcd, when any member answered with one. */
  leaderKeyHolder?: string;
  /** The master's timeline (postgres's view). */
  leaderTimeline?: number;
  /** Timeline per PostgreSQL node that answered. */
  timelines: Record<string, number>;
  /** Role per node as Patroni's REST API reports it (`unknown` = silent). */
  patroniRoles: Record<string, string>;
  /** Whether any node reports maintenance mode (`patronictl pause`) still on. */
  maintenanceMode: boolean;
  /** synchronous_mode as configured for the run. */
  synchronousMode: boolean;
  /** The synchronous standby the master reports, if any. */
  syncStandby?: string;
}

/**
 * What a Patroni log line says happened: `promoted` (this node took the
 * leader key), `demoting` (it gives up the primary role), `dcs-unreachable`
 * (it cannot reach etcd), `rewind` (pg_rewind of its data), `following` (it
 * runs as a replica of a leader), `no-action-paused` (maintenance mode:
 * Patroni does nothing), `lock-lost` (another node holds the lock while this
 * one ran as primary).
 */
export type PatroniLogEvent =
  | 'promoted'
  | 'demoting'
  | 'dcs-unreachable'
  | 'rewind'
  | 'following'
  | 'no-action-paused'
  | 'lock-lost';

/** A line of a Patroni node's log that marks a role change (see PatroniLogEvent): a run event. */
export interface PatroniEventBody {
  kind: 'patroni-event';
  node: string;
  event: PatroniLogEvent;
  line: string;
}

/** Patroni's part of a scenario's FinalHealth. */
export interface PatroniFinalHealthPart {
  /**
   * Patroni lab only (absent for Redis). The common fields of FinalHealth
   * mean here: `masters` = nodes where `pg_is_in_recovery()` is false (postgres's
   * own view); `replicasCaughtUp` = replicas streaming from that master, on
   * its timeline, with replay lag 0; `coordinatorViews` = the leader key holder
   * each etcd member reports (`?` = no key or no answer), so "every
   * coordinator names the master" reads the same; `coordinationOk` = every etcd
   * member answered and the leader key is held; `settingsReadBack` is
   * empty.
   */
  patroni?: PatroniFinalHealth;
}

/** How a Patroni event reads in the run log: a warning when the node lost etcd or its lock. */
export function patroniEventLogLine(e: PatroniEventBody): SystemEventLogLine {
  return {
    level: e.event === 'dcs-unreachable' || e.event === 'lock-lost' ? 'warn' : 'info',
    text: `${e.node} patroni: ${e.event} — ${e.line}`,
  };
}

/** The reading fields of the Patroni lab's nodes (a postgres node and its Patroni, an etcd member): part of NodeObservation. */
export interface PatroniObservation {
  /**
   * Patroni lab: the role Patroni's REST API reports (GET /patroni `role`:
   * `master`, `replica`, `standby_leader`...), or `unknown` when the REST API
   * is silent (Patroni dead, paused, cut off). It lags postgres by up to a
   * loop and may disagree with `role` in exactly the interesting moments.
   */
  patroniRole?: string;
  /** Patroni lab: Patroni's `state` for its postgres (`running`, `starting`, `stopped`...). */
  patroniState?: string;
  /** Patroni lab: Patroni's maintenance mode (`patronictl pause`) as this node reports it. */
  maintenance?: boolean;
  /** PostgreSQL timeline as postgres reports it (a promotion starts a new one). */
  timeline?: number;
  /**
   * PostgreSQL WAL position in bytes: `pg_current_wal_lsn()` on a primary,
   * `pg_last_wal_replay_lsn()` on a replica.
   */
  lsn?: number;
  /** For a PostgreSQL primary: the standby it replicates to synchronously (`sync_state = sync`). */
  syncStandby?: string;
  /**
   * For an etcd member that answered: the Patroni leader key
   * (`/service/<scope>/leader`) holder and its remaining lease, seconds.
   * Absent when the key does not exist (no leader) or the member did not answer.
   */
  leaderKey?: { holder: string; ttlSeconds: number };
}

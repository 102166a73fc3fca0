import type { SystemEventLogLine } from '../../../shared/system-traits';

/**
 * The lock service (fencing tokens): etcd-1 keeps the lock under a lease,
 * worker-1 and worker-2 take it and write to `storage` with its fencing
 * token, storage may refuse a token lower than the highest it has seen.
 */

/** What a worker said about the lock, from its own status line: a run event. */
export interface LockEventBody {
  kind: 'lock-event';
  /** The worker (worker-1, worker-2). */
  node: string;
  /** Whether it believes it holds the lock now (it may be wrong: a zombie). */
  holding: boolean;
  /** Its fencing token while it believes it holds the lock (etcd's revision of its put). */
  token?: number;
  /** Why it changed state, in its words (`acquired, token 7`, `lease expired: lost the lock (token 7)`). */
  detail: string;
  /** When the worker says it changed state, ms since epoch (its own clock; absent in older histories). */
  at?: number;
}

/** How a lock event reads in the run log. */
export function lockEventLogLine(e: LockEventBody): SystemEventLogLine {
  return {
    level: e.holding ? 'info' : 'warn',
    text: `${e.node} lock: ${e.detail}`,
  };
}

/** The lock as etcd-1 holds it (see NodeObservation.lock). */
export interface LockReading {
  /** The worker whose put holds the lock key now; absent when nobody holds it. */
  holder?: string;
  /** The holder's fencing token: the revision etcd gave the put that took the lock. */
  token?: number;
  /** Seconds left on the holder's lease, as etcd counts them. */
  leaseTtlSeconds?: number;
  /**
   * The holder before this one, as the probe saw it (the lock changed hands:
   * its lease ran out, since no worker ever lets go), and its token.
   */
  previousHolder?: string;
  previousToken?: number;
  /**
   * What each worker last said about itself on etcd's status board (holding
   * the lock, with which token): a frozen worker's last word stays, so a
   * worker that lost its lease while asleep still reads `holding` here.
   */
  beliefs?: Record<string, { holding: boolean; token?: number }>;
}

/** What storage has taken, as it answers itself (see NodeObservation.fence). */
export interface FenceReading {
  /** Whether storage refuses a token lower than the highest it has seen (its fencing check). */
  checkOn: boolean;
  /** The highest fencing token storage has seen on an accepted write. */
  highest: number;
  /** Writes storage accepted, by worker. */
  accepted: Record<string, number>;
  /** Accepted writes whose token was lower than one accepted before them: the zombie's writes that got in. */
  staleAccepted: number;
  /** The last accepted write: its worker and token. */
  lastWriter?: string;
  lastToken?: number;
}

/** The lock service's fields of a node's reading: part of NodeObservation. */
export interface LockObservation {
  /** Lock service, etcd-1: the lock key, its holder and token. */
  lock?: LockReading;
  /** Lock service, storage: its fencing check and what it accepted. */
  fence?: FenceReading;
}

/** What the lock service looked like at the end of a scenario (see FinalHealth.lock). */
export interface LockFinalHealth {
  /** etcd-1's reading of the lock, if it answered. */
  lock?: LockReading;
  /** storage's reading, if it answered. */
  fence?: FenceReading;
  /** Nodes that did not answer (node -> why). */
  unreadable?: Record<string, string>;
}

/** The lock service's part of a scenario's FinalHealth. */
export interface LockFinalHealthPart {
  /**
   * Lock service only. The common fields mean here: `masters` = the lock's
   * holder in etcd (none or one); `replicasCaughtUp` = 0; `coordinatorViews`
   * = etcd-1's holder (`?` when none or no answer); `coordinationOk` = etcd-1
   * answered; `settingsReadBack.fencingCheck` = storage's check (true / false,
   * null without an answer).
   */
  lock?: LockFinalHealth;
}

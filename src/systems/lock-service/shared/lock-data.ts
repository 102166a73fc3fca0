import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import type { WriteRecord } from '../../../shared/scenario-types';
import type { FenceReading, LockEventBody, LockReading } from './lock-service.types';

/**
 * What the lock service's views read from a probe sample (etcd-1's lock,
 * storage's fence) and from the workers' lock events (what each believes).
 * Pure.
 */

/** The error storage raises for a token below the highest it has accepted (its fencing check). */
export const STALE_TOKEN_ERROR = /stale fencing token/i;

/** What became of a write to storage: accepted, refused by the fencing check, or failed otherwise (no answer, an error). */
export type WriteVerdict = 'accepted' | 'refused' | 'failed';

/** A write's verdict from its outcome and storage's error. */
export function writeVerdict(r: Pick<WriteRecord, 'outcome' | 'error'>): WriteVerdict {
  if (r.outcome === 'ack') return 'accepted';
  if (r.outcome === 'fail' && r.error !== undefined && STALE_TOKEN_ERROR.test(r.error))
    return 'refused';
  return 'failed';
}

/** A node's reading of one kind as the views use it: `reading` only when the node answered. */
export interface NodeReading<R> {
  node: string;
  /** Whether the probe got an answer (a node whose probe says unknown did not). */
  answered: boolean;
  /** Why it did not answer, when it did not. */
  error?: string;
  reading?: R;
}

/** The first node of `kind` in the sample with its reading (`field`), if the sample has such a node. */
function readingOf<K extends 'lock' | 'fence'>(
  sample: ProbeSample | undefined,
  kind: NodeObservation['kind'],
  field: K,
): NodeReading<NonNullable<NodeObservation[K]>> | undefined {
  const obs = sample?.nodes.find((n) => n.kind === kind);
  if (!obs) return undefined;
  // A reading left on a node whose probe now says unknown is not used.
  const reading = obs.role === 'unknown' ? undefined : obs[field];
  return reading === undefined
    ? { node: obs.node, answered: false, error: obs.error ?? 'no answer' }
    : { node: obs.node, answered: true, reading };
}

/** etcd-1's lock in a sample (holder, token, lease left, previous holder). */
export function lockOf(sample: ProbeSample | undefined): NodeReading<LockReading> | undefined {
  return readingOf(sample, 'lock', 'lock');
}

/** storage's fence in a sample (check, highest token, accepted writes, stale writes accepted). */
export function fenceOf(sample: ProbeSample | undefined): NodeReading<FenceReading> | undefined {
  return readingOf(sample, 'storage', 'fence');
}

/** `worker-2 · token 12`, `free` or `unknown`: the lock as etcd holds it, for the chip. */
export function lockChipText(view: NodeReading<LockReading> | undefined): string {
  if (!view?.reading) return 'unknown';
  const { holder, token } = view.reading;
  if (!holder) return 'free';
  return token !== undefined ? `${holder} · token ${token}` : holder;
}

/** `worker-1 (token 7)`, or the worker alone when its token is not known. */
export function withToken(worker: string, token: number | undefined): string {
  return token !== undefined ? `${worker} (token ${token})` : worker;
}

/**
 * What a lock event changed: the worker took the lock (`acquired`), stopped
 * believing it holds it (`lost`), or only said something (`note`: an etcd
 * error while it held or sought the lock).
 */
export type LockChange = 'acquired' | 'lost' | 'note';

/** A lock event with what it changed and the token concerned. */
export interface ClassifiedLockEvent<E extends LockEventBody> {
  event: E;
  change: LockChange;
  /** The token taken (`acquired`), given up (`lost`) or held (`note`, while holding). */
  token?: number;
}

/** The token named in a worker's words (`lease expired: lost the lock (token 7)`). */
function tokenInDetail(detail: string): number | undefined {
  const m = /token (\d+)/.exec(detail);
  return m ? Number(m[1]) : undefined;
}

/**
 * Each lock event with what it changed, per worker in order: holding with
 * a token it did not hold before is an acquisition; not holding after
 * holding is the loss of the token it held; anything else is a note.
 */
export function classifyLockEvents<E extends LockEventBody>(
  events: readonly E[],
): ClassifiedLockEvent<E>[] {
  const held = new Map<string, number | undefined>();
  return events.map((event) => {
    const had = held.has(event.node);
    const before = held.get(event.node);
    if (event.holding) {
      held.set(event.node, event.token);
      if (!had || before !== event.token)
        return { event, change: 'acquired', ...tokenField(event.token) };
      return { event, change: 'note', ...tokenField(event.token) };
    }
    held.delete(event.node);
    if (had) return { event, change: 'lost', ...tokenField(before ?? tokenInDetail(event.detail)) };
    return { event, change: 'note' };
  });
}

function tokenField(token: number | undefined): { token?: number } {
  return token !== undefined ? { token } : {};
}

/** What a worker believes of the lock after its latest event. */
export interface LockBelief {
  worker: string;
  holding: boolean;
  /** The token it believes it holds (absent when it believes it holds none). */
  token?: number;
  /** When it said so, ms since the epoch. */
  since: number;
}

/** Each worker's belief after its latest event, in the order the workers first spoke. */
export function lockBeliefs(events: readonly (LockEventBody & { t: number })[]): LockBelief[] {
  const beliefs = new Map<string, LockBelief>();
  for (const e of events) {
    const prev = beliefs.get(e.node);
    // A note while holding keeps the time the worker took the lock.
    const same = prev && prev.holding === e.holding && prev.token === e.token;
    beliefs.set(e.node, {
      worker: e.node,
      holding: e.holding,
      ...tokenField(e.holding ? e.token : undefined),
      since: same ? prev.since : e.t,
    });
  }
  return [...beliefs.values()];
}

/**
 * Workers that believe they hold the lock while etcd, read at `at` (ms
 * since the epoch), names another holder or none: zombies, if they write.
 * A belief newer than the reading, or a token above the one etcd names, is
 * not one (the reading predates the acquisition). None without etcd's answer.
 */
export function zombiesOf(
  beliefs: readonly LockBelief[],
  lock: LockReading | undefined,
  at: number,
): LockBelief[] {
  if (!lock) return [];
  return beliefs.filter(
    (b) =>
      b.holding &&
      b.worker !== lock.holder &&
      b.since <= at &&
      (b.token === undefined || lock.token === undefined || b.token < lock.token),
  );
}

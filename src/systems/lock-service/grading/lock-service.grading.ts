import { isUnreadable, type ProbeSample } from '../../../shared/lab-types';
import type { FinalHealth, LockFinalHealth, LockReading } from '../../../shared/scenario-types';
import type { SystemGrading } from '../../../core/grading/system-grading';
import { majorityOf, type Tell } from '../../../core/grading/tell';
import { staleTokenRefused } from './stale-token-refused.check';

/** The lock as the lab's lock node(s) read it in a sample (etcd-1's reading), if one answered. */
export function lockIn(s: ProbeSample): LockReading | undefined {
  return s.nodes.find((n) => n.kind === 'lock' && !isUnreadable(n) && n.lock)?.lock;
}

/**
 * The lock's holder in etcd in a sample: the worker a strict majority of the
 * lock nodes that hold the key name (one node, etcd-1, in the lab);
 * undefined when nobody holds it or the node could not be read.
 */
export function lockHolderChoice(s: ProbeSample): string | undefined {
  const nodes = s.nodes.filter((n) => n.kind === 'lock');
  return majorityOf(nodes.map((n) => (isUnreadable(n) ? undefined : n.lock?.holder)));
}

/** `sentinels-moved` for the lock service: etcd gives the lock to another worker than the stale one. */
function lockMoved(s: ProbeSample, staleLeader: string): Tell | undefined {
  const holder = lockHolderChoice(s);
  if (holder === undefined || holder === staleLeader) return undefined;
  const token = lockIn(s)?.token;
  return {
    at: s.t,
    kind: 'sentinels-moved',
    detail: `etcd gives the lock to ${holder}${token !== undefined ? ` (token ${token})` : ''}, no longer to ${staleLeader}`,
  };
}

/** The lock service's part of a final health; an empty one when the history lacks it. */
const partOf = (h: FinalHealth): LockFinalHealth => h.lock ?? {};

/** `worker-2 (token 12, 4 s left on its lease)`. */
function holderText(l: LockReading): string {
  const facts = [
    ...(l.token !== undefined ? [`token ${l.token}`] : []),
    ...(l.leaseTtlSeconds !== undefined ? [`${l.leaseTtlSeconds} s left on its lease`] : []),
  ];
  return `${l.holder ?? 'nobody'}${facts.length ? ` (${facts.join(', ')})` : ''}`;
}

/**
 * What is wrong at the end among what was read (see SystemHealth.problems):
 * nobody holding the lock in etcd, storage's fencing check off.
 */
export function lockHealthProblems(h: FinalHealth): string[] {
  const { lock, fence } = partOf(h);
  const problems: string[] = [];
  if (lock && lock.holder === undefined) problems.push('nobody holds the lock in etcd');
  if (fence && !fence.checkOn)
    problems.push(
      "storage's fencing check is off: it takes a write whatever its token, a zombie holder's too",
    );
  return problems;
}

/** What could not be read at the end (see SystemHealth.unread): a node that did not answer, or a part missing. */
export function lockHealthUnread(h: FinalHealth): string[] {
  const { lock, fence, unreadable = {} } = partOf(h);
  const out = Object.entries(unreadable).map(([node, why]) => `${node} could not be read (${why})`);
  const named = Object.keys(unreadable).length > 0;
  if (!lock && !named) out.push('the lock in etcd was not read');
  if (!fence && !named) out.push("storage's fencing state was not read");
  return out;
}

/**
 * The lock service's part of grading: its own check (stale-token-refused),
 * the lock's holder in etcd as the coordinators' choice, its tell (etcd
 * gives the lock to another worker than the stale one: the stale worker's
 * lease ran out), and final health (etcd and storage answered, a worker holds
 * the lock, storage's fencing check is on). Storage is the only data node,
 * so no two nodes ever claim master: `masters-claimed` never fires. Pure.
 */
export const lockServiceGrading: SystemGrading = {
  checks: { 'stale-token-refused': staleTokenRefused },
  coordinatorKinds: ['lock'],
  coordinatorChoice: lockHolderChoice,
  tellIn(s, staleLeader, { kinds }) {
    if (!staleLeader || !kinds.includes('sentinels-moved')) return undefined;
    return lockMoved(s, staleLeader);
  },
  health: {
    problems: lockHealthProblems,
    unread: lockHealthUnread,
    healthy(h) {
      const { lock, fence } = partOf(h);
      const stale = fence?.staleAccepted ?? 0;
      const history =
        stale > 0
          ? `; over the run it took ${stale} write${stale === 1 ? '' : 's'} with a stale token (see stale-token-refused)`
          : '';
      return `Healthy at the end: ${lock ? holderText(lock) : 'a worker'} holds the lock in etcd, storage answers with its fencing check on (highest token accepted ${fence?.highest ?? '?'})${history}, nothing left fenced.`;
    },
    unknown(h) {
      const { lock, fence } = partOf(h);
      const read = [
        ...(lock ? [`${holderText(lock)} holds the lock in etcd`] : []),
        ...(fence ? ["storage's fencing check is on"] : []),
      ];
      return `Not all of the lock service could be read at the end: ${lockHealthUnread(h).join('; ')}${read.length ? `; among what was read, ${read.join(' and ')}` : ''}.`;
    },
    figures(h): Record<string, number> {
      const fence = partOf(h).fence;
      return fence ? { staleAccepted: fence.staleAccepted, highestToken: fence.highest } : {};
    },
  },
};

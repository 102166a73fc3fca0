import type { WriteVerdict } from './lock-data';
import type { WorkerState } from './lock-explain-steps';

/**
 * The words of explain mode's steps (see explainSteps): plain sentences for
 * an SRE, with the workers' names, their tokens and storage's highest.
 */

/** A run of writes of one worker with one token and one verdict. */
export interface WriteRun {
  key: string;
  kind: 'writes' | 'zombie-accepted' | 'zombie-refused';
  worker: string;
  token: number;
  verdict: WriteVerdict;
  count: number;
  t: number;
  highestBefore: number;
  error?: string;
  woke: boolean;
}

/** How many times, as a step says it: `once`, `14 times`. */
function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

/** An acquisition, and the workers that still believe they hold an older token. */
export function acquireText(worker: string, token: number | undefined, all: WorkerState[]): string {
  const took = `${worker} took the lock in etcd${token !== undefined ? `: fencing token ${token} (the revision etcd gave its put)` : ''}.`;
  const stale = all.filter((w) => w.worker !== worker && w.holding);
  return stale.length === 0
    ? took
    : `${took} ${stale.map((w) => `${w.worker}${w.frozen ? ', frozen,' : ''} still believes it holds ${w.token !== undefined ? `token ${w.token}` : 'the lock'}`).join('; ')}: its lease ran out.`;
}

/** A node frozen: a worker that holds the lock keeps believing it, and cannot renew its lease. */
export function freezeText(
  node: string,
  via: string,
  state: WorkerState | undefined,
  ttl: number,
): string {
  if (!state) return `${node} frozen (${via}).`;
  if (!state.holding) return `${node} frozen (${via}): it holds no lock.`;
  return `${node} frozen (${via}): its process stops mid-work. It still believes it holds the lock${state.token !== undefined ? ` with token ${state.token}` : ''}, but cannot renew its ${ttl} s lease: etcd lets the lease lapse and gives the lock to the next worker that asks.`;
}

/** A node resumed: a worker carries on with its old belief, whoever etcd gave the lock to meanwhile. */
export function wakeText(
  node: string,
  via: string,
  state: WorkerState | undefined,
  lock: { holder?: string; token?: number },
): string {
  if (!state?.holding) return `${node} resumed (${via}).`;
  const belief = `${node} resumed (${via}): it carries on where it stopped, still believing it holds the lock${state.token !== undefined ? ` with token ${state.token}` : ''}`;
  if (lock.holder !== undefined && lock.holder !== node)
    return `${belief}, but etcd gave the lock to ${lock.holder}${lock.token !== undefined ? ` with token ${lock.token}` : ''} while it was frozen.`;
  return `${belief}.`;
}

/** A run of writes in words. */
export function writeRunText(
  run: WriteRun,
  storage: { highest: number; checkOn: boolean },
): string {
  const { worker, token, count, highestBefore } = run;
  const woke = run.woke ? 'woke and ' : '';
  if (run.kind === 'zombie-accepted') {
    const got = count === 1 ? 'the stale write got in' : `${count} stale writes got in`;
    return `${worker} ${woke}wrote ${count === 1 ? '' : `${count} times `}with token ${token} while storage had seen ${highestBefore}: ACCEPTED — ${got}${storage.checkOn ? '' : " (storage's fencing check is off)"}.`;
  }
  if (run.kind === 'zombie-refused') {
    const refused = count === 1 ? 'REFUSED' : `all ${count} REFUSED`;
    return `${worker} ${woke}wrote ${count === 1 ? '' : `${count} times `}with token ${token} while storage had seen ${highestBefore}: ${refused} by the fencing check.`;
  }
  if (run.verdict === 'failed') {
    const what = count === 1 ? `A write by ${worker}` : `${count} writes by ${worker}`;
    return `${what} with token ${token} failed: ${run.error ?? 'no answer in time'}.`;
  }
  const raised = token > highestBefore ? `; storage's highest accepted token is now ${token}` : '';
  return `${worker} wrote ${times(count)} with token ${token}: ${count === 1 ? 'accepted' : 'all accepted'}${raised}.`;
}

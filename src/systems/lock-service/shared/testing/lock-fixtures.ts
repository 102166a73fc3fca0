import {
  isDataNodeKind,
  type NodeObservation,
  type ProbeSample,
} from '../../../../shared/lab-types';
import type { FinalHealth, WriteRecord } from '../../../../shared/scenario-types';
import type { RunEvent } from '../../../../shared/run-events';
import type { FenceReading, LockEventBody, LockReading } from '../lock-service.types';

/** etcd-1 as its probe reads it: the lock as given (no holder: the lock is free). */
export function lockNode(lock: LockReading = {}): NodeObservation {
  return { node: 'etcd-1', kind: 'lock', role: 'dcs', state: 'running', lock };
}

/** storage as its probe reads it: check off, nothing accepted unless `fence` says otherwise. */
export function storageNode(fence: Partial<FenceReading> = {}): NodeObservation {
  return {
    node: 'storage',
    kind: 'storage',
    role: 'master',
    state: 'running',
    fence: { checkOn: false, highest: 0, accepted: {}, staleAccepted: 0, ...fence },
  };
}

/** A lab node that did not answer its probe (paused, stopped, unreachable). */
export function silentNode(node: 'etcd-1' | 'storage', error = 'timeout'): NodeObservation {
  return {
    node,
    kind: node === 'etcd-1' ? 'lock' : 'storage',
    role: 'unknown',
    state: 'unreachable',
    error,
  };
}

/** A sample of the lock-service lab at `t`: etcd-1's lock and storage's fence. */
export function lockSample(
  t: number,
  lock: LockReading = {},
  fence: Partial<FenceReading> = {},
): ProbeSample {
  const nodes = [lockNode(lock), storageNode(fence)];
  const data = nodes.filter((n) => isDataNodeKind(n.kind));
  return {
    t,
    nodes,
    mastersClaimed: data.filter((n) => n.role === 'master').length,
    unknownNodes: data.filter((n) => n.role === 'unknown').length,
  };
}

let seq = 0;

/** A worker's lock event as the scenario view keeps it (see systemEventsOf). */
export function lockEvent(
  t: number,
  node: string,
  holding: boolean,
  detail: string,
  token?: number,
): LockEventBody & { seq: number; t: number } {
  return {
    kind: 'lock-event',
    seq: ++seq,
    t,
    node,
    holding,
    detail,
    ...(token !== undefined ? { token } : {}),
  };
}

/** A worker's write to storage with its token: `ack` accepted, `refused` by the fencing check. */
export function tokenWrite(
  doneAt: number,
  client: string,
  token: number,
  outcome: 'ack' | 'refused' | 'fail' | 'timeout' = 'ack',
  highest = token,
): WriteRecord {
  const n = ++seq;
  return {
    client,
    seq: n,
    key: `dojo:lock:${client}:${n}`,
    node: 'storage',
    sentAt: doneAt - 3,
    doneAt,
    outcome: outcome === 'ack' ? 'ack' : outcome === 'timeout' ? 'timeout' : 'fail',
    token,
    ...(outcome === 'refused'
      ? { error: `stale fencing token ${token} (highest seen ${highest})` }
      : outcome === 'fail'
        ? { error: 'ECONNREFUSED' }
        : {}),
  };
}

/** The final health of a lock-service lab: worker-2 holds token 12, storage's check on, nothing stale. */
export function lockFinalHealth(over: Partial<FinalHealth> = {}): FinalHealth {
  return {
    masters: ['worker-2'],
    replicasCaughtUp: [],
    replicasExpected: 0,
    coordinatorViews: { 'etcd-1': 'worker-2' },
    coordinationOk: true,
    activeFaults: [],
    activeFences: [],
    settingsReadBack: { fencingCheck: { storage: true } },
    lock: {
      lock: {
        holder: 'worker-2',
        token: 12,
        leaseTtlSeconds: 4,
        previousHolder: 'worker-1',
        previousToken: 7,
      },
      fence: {
        checkOn: true,
        highest: 12,
        accepted: { 'worker-1': 40, 'worker-2': 55 },
        staleAccepted: 0,
        lastWriter: 'worker-2',
        lastToken: 12,
      },
    },
    ...over,
  };
}

/** Builds a run's history, one event at a time, with its sequence numbers (times in ms since the epoch). */
export class HistoryBuilder {
  readonly events: RunEvent[] = [];
  constructor(readonly t0 = 1_000_000) {}

  private push(at: number, body: Record<string, unknown>): this {
    this.events.push({
      runId: 'r-test',
      seq: this.events.length + 1,
      t: this.t0 + at,
      ...body,
    } as unknown as RunEvent);
    return this;
  }

  /** The `scenario` event at 0, with the lab's settings. */
  start(settings: Record<string, number | boolean> = {}): this {
    return this.push(0, { kind: 'scenario', scenarioId: 'zombie-lock-holder', seed: 1, settings });
  }

  /** A worker's lock event, `at` ms after the start. */
  lock(at: number, node: string, holding: boolean, detail: string, token?: number): this {
    return this.push(at, {
      kind: 'lock-event',
      node,
      holding,
      detail,
      ...(token !== undefined ? { token } : {}),
    });
  }

  /** `count` writes of `client` with `token`, every `everyMs` from `at`. */
  writes(
    at: number,
    client: string,
    token: number,
    count: number,
    outcome: 'ack' | 'refused' | 'fail' = 'ack',
    highest = token,
    everyMs = 100,
  ): this {
    const records = Array.from({ length: count }, (_, i) =>
      tokenWrite(this.t0 + at + i * everyMs, client, token, outcome, highest),
    );
    return this.push(at + count * everyMs, { kind: 'writes', records });
  }

  /** The pause fault on `node` injected (`phase` inject) or reverted. */
  pause(at: number, node: string, phase: 'inject' | 'revert', faultId = 'freeze'): this {
    return this.push(at, {
      kind: 'fault',
      faultId,
      phase,
      spec: { id: faultId, kind: 'pause', node, at: { after: '5s' } },
    });
  }

  /** The fencing-check move on storage. */
  check(at: number, on: boolean, ok = true, source = 'palette'): this {
    return this.push(at, {
      kind: 'action',
      action: { kind: 'fencing-check', node: 'storage', on },
      source,
      ok,
    });
  }

  /** A command line typed in a node's console. */
  console(at: number, node: string, line: string): this {
    return this.push(at, { kind: 'console-line', node, line, source: 'console' });
  }
}

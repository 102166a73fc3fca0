import type { Action } from '../../shared/scenario-schema';
import type { FinalHealth, ScenarioEventBody, WriteRecord } from '../../shared/scenario-types';
import { activeFences } from '../actions/node-actions';
import type { ActiveFault, FaultContext } from '../faults/fault-types';
import type { ScenarioSystemAdapter } from '../systems/scenario-system';
import { answeredCounts, classifyLedger } from '../workload/ledger';
import type { RunController } from './run-controller';

/** Budget of one final-health read, ms. */
const HEALTH_TIMEOUT_MS = 1500;

/** The lab's observer, as the final health needs it. */
type LabObserver = NonNullable<RunController['labObserver']>;

/**
 * Final health as the nodes report it, with the faults (`activeFaults`, ids)
 * and fences still in place; retried briefly to let replicas catch up.
 */
export async function readFinalHealth(
  observer: LabObserver,
  ctx: FaultContext,
  activeFaults: string[],
): Promise<FinalHealth> {
  const fences = await activeFences(ctx);
  let lab = await observer.finalHealth(HEALTH_TIMEOUT_MS);
  for (let i = 0; i < 4 && lab.replicasCaughtUp.length < lab.replicasExpected; i++) {
    await new Promise((r) => setTimeout(r, 400));
    lab = await observer.finalHealth(HEALTH_TIMEOUT_MS);
  }
  return { ...lab, activeFaults, activeFences: fences };
}

/**
 * The ledger: each write's fate once the surviving data is read back from
 * the final leader, with when each lost acknowledged write was acknowledged;
 * for a system with nothing to read back, the outcomes and who answered.
 */
export async function readLedger(
  system: ScenarioSystemAdapter,
  ctx: FaultContext,
  writes: readonly WriteRecord[],
  health: FinalHealth,
): Promise<Extract<ScenarioEventBody, { kind: 'ledger' }>> {
  if (!system.readKeys) return { kind: 'ledger', counts: answeredCounts(writes), lostKeys: [] };
  const readFrom = system.finalLeader(health);
  const member = readFrom ? ctx.members.get(readFrom) : undefined;
  const present = member
    ? await system.readKeys(ctx.runtime, member.containerId)
    : new Set<string>();
  const { counts, lostKeys } = classifyLedger(writes, present);
  const ackedAt = new Map<string, number>();
  for (const w of writes) if (w.outcome === 'ack') ackedAt.set(w.key, w.doneAt);
  const lostAckedAt = lostKeys
    .map((k) => ackedAt.get(k))
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  return {
    kind: 'ledger',
    counts: { ...counts, ...(readFrom ? { readFrom } : {}) },
    lostKeys: lostKeys.slice(0, 200),
    lostAckedAt,
  };
}

/**
 * The active faults a successful palette move undid by other means, so the
 * run closes them too and does not report them as still active:
 * maintenance-off ends a manual promotion's maintenance mode; starting or
 * restarting a node whose Patroni was killed brings Patroni back (the
 * wrapper starts it); starting keepalived again (start/restart-keepalived,
 * or start/restart of the router) ends a kill-keepalived; starting or
 * restarting a node stopped by a stop-node fault ends that one. The fault's
 * own revert runs as well and finds nothing left to do (or, for a router
 * whose container was only "started" while running, starts keepalived
 * itself). Pure.
 */
export function faultsSettledBy(action: Action, active: readonly ActiveFault[]): ActiveFault[] {
  const node = 'node' in action ? action.node : undefined;
  const starts = action.kind === 'start' || action.kind === 'restart';
  const startsKeepalived =
    starts || action.kind === 'start-keepalived' || action.kind === 'restart-keepalived';
  return active.filter(
    (f) =>
      (action.kind === 'maintenance-off' && f.spec.kind === 'manual-promote') ||
      (starts && f.spec.kind === 'kill-patroni' && f.spec.node === node) ||
      (startsKeepalived && f.spec.kind === 'kill-keepalived' && f.spec.node === node) ||
      (starts && f.spec.kind === 'stop-node' && f.spec.node === node),
  );
}

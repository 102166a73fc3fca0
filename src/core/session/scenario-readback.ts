import type { Action } from '../../shared/scenario-schema';
import { faultSettledBy } from '../../shared/fault-registry';
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
 * the final leader, with when each lost acknowledged write was acknowledged
 * and by which node, and how many present writes a replay put back
 * (`replayedKeys`: the keys replay-export added); for a system with nothing
 * to read back, the outcomes and who answered.
 */
export async function readLedger(
  system: ScenarioSystemAdapter,
  ctx: FaultContext,
  writes: readonly WriteRecord[],
  health: FinalHealth,
  replayedKeys: ReadonlySet<string> = new Set(),
): Promise<Extract<ScenarioEventBody, { kind: 'ledger' }>> {
  if (!system.readKeys) return { kind: 'ledger', counts: answeredCounts(writes), lostKeys: [] };
  const readFrom = system.finalLeader(health);
  const member = readFrom ? ctx.members.get(readFrom) : undefined;
  const present = member
    ? await system.readKeys(ctx.runtime, member.containerId)
    : new Set<string>();
  const shared =
    member && system.readShared && writes.some((w) => w.shared !== undefined)
      ? await system.readShared(ctx.runtime, member.containerId)
      : undefined;
  const { counts, lostKeys } = classifyLedger(writes, present, undefined, replayedKeys);
  const acked = new Map<string, WriteRecord>();
  for (const w of writes) if (w.outcome === 'ack') acked.set(w.key, w);
  const lost = lostKeys.map((k) => acked.get(k)).filter((w): w is WriteRecord => w !== undefined);
  const lostByNode: Record<string, number> = {};
  for (const w of lost) lostByNode[w.node] = (lostByNode[w.node] ?? 0) + 1;
  return {
    kind: 'ledger',
    counts: { ...counts, ...(readFrom ? { readFrom } : {}) },
    lostKeys: lostKeys.slice(0, 200),
    lostAckedAt: lost.map((w) => w.doneAt).sort((a, b) => a - b),
    lostByNode,
    ...(shared ? { shared } : {}),
  };
}

/**
 * The active faults a successful palette move undid by other means
 * (FaultKind.settledBy: for example starting a stopped node again, or
 * ending maintenance mode after a manual promotion), so the run closes them
 * too and does not report them as still active. The fault's own revert runs
 * as well and finds nothing left to do. Pure.
 */
export function faultsSettledBy(action: Action, active: readonly ActiveFault[]): ActiveFault[] {
  return active.filter((f) => faultSettledBy(action, f.spec));
}

import type { ProbeSample } from '../../shared/lab-types';
import type { RunEvent } from '../../shared/run-events';
import type { Action, Scenario } from '../../shared/scenario-schema';
import type { FinalHealth, LedgerCounts, WriteRecord } from '../../shared/scenario-types';
import { findTell, type Tell } from './tell';

/** An action from the run history, with its time (ms since epoch). */
export interface TimedAction {
  t: number;
  action: Action;
  source: string;
  ok: boolean;
  detail?: string;
}

/** Actions that take a node away from its clients for good: a fence. Pause is not one (it makes a zombie). */
export const FENCE_KINDS: readonly Action['kind'][] = ['isolate-clients', 'stop'];

/**
 * What grading needs from a run, derived once from the scenario and the
 * history. Times are ms since epoch; `t0` is the scenario's start.
 */
export interface RunFacts {
  scenario: Scenario;
  runId: string;
  /** The scenario's start (the `scenario` event), else the first `running` phase, else the first event. */
  t0: number;
  /** Last event's time. */
  endedAt: number;
  /** Lab settings in force (from the `scenario` event). */
  settings: Record<string, number>;
  /** Probe samples from t0 on, in order. */
  samples: ProbeSample[];
  /** When the first fault was injected. */
  firstFaultAt?: number;
  /** The node that must be fenced: the scenario's `staleLeader`, else the master just before the first fault. */
  staleLeader?: string;
  staleLeaderFrom: 'scenario' | 'observed' | 'unknown';
  /** The first moment the split showed (see `findTell`). */
  tell?: Tell;
  /** The master the sentinels elected after the tell. */
  newMaster?: string;
  /** When the stale leader rejoined: first replica reading after the tell, or an earlier demote of it. */
  rejoinedAt?: number;
  rejoinedBy?: 'replica-reading' | 'demote';
  /** Every action from t0 on (failed ones too). */
  actions: TimedAction[];
  /** Fences that succeeded (isolate-clients, stop), in order. */
  fences: TimedAction[];
  /** Key exports of a node (the action or the artifact event), in order. */
  exports: { t: number; node: string; keys?: number }[];
  /** Lines typed into (or scripted for) node consoles. */
  consoleLines: { t: number; node: string; line: string }[];
  /** Every write attempt, once each (the latest record of a client's sequence number wins). */
  writes: WriteRecord[];
  finalHealth?: FinalHealth;
  ledger?: { counts: LedgerCounts; lostKeys: string[] };
}

function startOf(events: readonly RunEvent[]): number {
  const scenario = events.find((e) => e.kind === 'scenario');
  if (scenario) return scenario.t;
  const running = events.find((e) => e.kind === 'phase' && e.phase === 'running');
  return running?.t ?? events[0]?.t ?? 0;
}

/** The only data node reading master in the last sample before `before`. */
function observedMaster(samples: readonly ProbeSample[], before: number): string | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    if (s.t >= before) continue;
    const masters = s.nodes.filter((n) => n.kind === 'redis' && n.role === 'master');
    return masters.length === 1 ? masters[0]!.node : undefined;
  }
  return undefined;
}

/** The node a strict majority of the sample's sentinels name, if any. */
export function sentinelMajority(sample: ProbeSample): string | undefined {
  const sentinels = sample.nodes.filter((n) => n.kind === 'sentinel');
  const counts = new Map<string, number>();
  for (const s of sentinels) {
    if (s.role === 'sentinel' && s.following)
      counts.set(s.following, (counts.get(s.following) ?? 0) + 1);
  }
  for (const [node, n] of counts) if (n > sentinels.length / 2) return node;
  return undefined;
}

function findNewMaster(
  samples: readonly ProbeSample[],
  from: number,
  stale: string | undefined,
): string | undefined {
  for (const s of samples) {
    if (s.t < from) continue;
    const agreed = sentinelMajority(s);
    if (agreed && agreed !== stale) return agreed;
    const other = s.nodes.find(
      (n) => n.kind === 'redis' && n.role === 'master' && n.node !== stale,
    );
    if (other) return other.node;
  }
  return undefined;
}

/** Derives the run facts grading works from. Pure. */
export function deriveRunFacts(scenario: Scenario, events: readonly RunEvent[]): RunFacts {
  const t0 = startOf(events);
  const samples: ProbeSample[] = [];
  const allSamples: ProbeSample[] = [];
  const actions: TimedAction[] = [];
  const exports: RunFacts['exports'] = [];
  const consoleLines: RunFacts['consoleLines'] = [];
  const writes = new Map<string, WriteRecord>();
  let settings: Record<string, number> = {};
  let firstFaultAt: number | undefined;
  let finalHealth: FinalHealth | undefined;
  let ledger: RunFacts['ledger'];
  for (const e of events) {
    switch (e.kind) {
      case 'scenario':
        settings = e.settings;
        break;
      case 'sample':
        allSamples.push(e.sample);
        if (e.sample.t >= t0) samples.push(e.sample);
        break;
      case 'fault':
        if (e.phase === 'inject' && firstFaultAt === undefined) firstFaultAt = e.t;
        break;
      case 'action':
        if (e.t >= t0) {
          actions.push({
            t: e.t,
            action: e.action,
            source: e.source,
            ok: e.ok,
            ...(e.detail ? { detail: e.detail } : {}),
          });
          if (e.action.kind === 'export-keys' && e.ok)
            exports.push({ t: e.t, node: e.action.node });
        }
        break;
      case 'exported-keys':
        exports.push({ t: e.t, node: e.node, keys: e.keys });
        break;
      case 'console-line':
        consoleLines.push({ t: e.t, node: e.node, line: e.line });
        break;
      case 'writes':
        for (const r of e.records) writes.set(`${r.client}\u0000${r.seq}`, r);
        break;
      case 'final-health':
        finalHealth = e.health;
        break;
      case 'ledger':
        ledger = { counts: e.counts, lostKeys: e.lostKeys };
        break;
      default:
        break;
    }
  }
  exports.sort((a, b) => a.t - b.t);

  let staleLeader = scenario.staleLeader;
  let staleLeaderFrom: RunFacts['staleLeaderFrom'] = staleLeader ? 'scenario' : 'unknown';
  if (!staleLeader && firstFaultAt !== undefined) {
    staleLeader = observedMaster(allSamples, firstFaultAt);
    if (staleLeader) staleLeaderFrom = 'observed';
  }

  const tell =
    firstFaultAt === undefined ? undefined : findTell(samples, firstFaultAt, staleLeader);
  const newMaster = tell ? findNewMaster(samples, tell.at, staleLeader) : undefined;

  let rejoinedAt: number | undefined;
  let rejoinedBy: RunFacts['rejoinedBy'];
  if (tell && staleLeader) {
    const reading = samples.find(
      (s) => s.t > tell.at && s.nodes.some((n) => n.node === staleLeader && n.role === 'replica'),
    );
    const demote = actions.find(
      (a) => a.ok && a.t >= tell.at && a.action.kind === 'demote' && a.action.node === staleLeader,
    );
    if (reading) [rejoinedAt, rejoinedBy] = [reading.t, 'replica-reading'];
    if (demote && (rejoinedAt === undefined || demote.t <= rejoinedAt))
      [rejoinedAt, rejoinedBy] = [demote.t, 'demote'];
  }

  return {
    scenario,
    runId: events[0]?.runId ?? '',
    t0,
    endedAt: events.at(-1)?.t ?? t0,
    settings,
    samples,
    ...(firstFaultAt !== undefined ? { firstFaultAt } : {}),
    ...(staleLeader ? { staleLeader } : {}),
    staleLeaderFrom,
    ...(tell ? { tell } : {}),
    ...(newMaster ? { newMaster } : {}),
    ...(rejoinedAt !== undefined ? { rejoinedAt, rejoinedBy } : {}),
    actions,
    fences: actions.filter((a) => a.ok && FENCE_KINDS.includes(a.action.kind)),
    exports,
    consoleLines,
    writes: [...writes.values()],
    ...(finalHealth ? { finalHealth } : {}),
    ...(ledger ? { ledger } : {}),
  };
}

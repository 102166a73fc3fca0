import type { Debrief } from '../../shared/debrief-types';
import type { RunEvent } from '../../shared/run-events';
import type { Scenario } from '../../shared/scenario-schema';
import type { LedgerCounts, WriteRecord } from '../../shared/scenario-types';
import { gradeRun } from '../grading/grade-run';
import { buildTimeline, faultWindows, scenarioStart } from './timeline';

/** How many lost keys the debrief lists. */
export const DEBRIEF_LOST_KEYS = 50;

/** Live ledger counts from the write records, when no read-back happened. */
function liveCounts(events: readonly RunEvent[]): LedgerCounts {
  const writes = new Map<string, WriteRecord>();
  for (const e of events)
    if (e.kind === 'writes') for (const r of e.records) writes.set(`${r.client}\u0000${r.seq}`, r);
  const all = [...writes.values()];
  return {
    attempts: all.length,
    acked: all.filter((w) => w.outcome === 'ack').length,
    failed: all.filter((w) => w.outcome === 'fail').length,
    indeterminate: all.filter((w) => w.outcome === 'timeout').length,
  };
}

/**
 * The debrief of a scenario run, from the scenario and the run's history
 * alone: the grade (the history's `grade` event, or graded now), the ledger,
 * the final health, the timeline with fault windows, and the reference
 * response. Pure.
 */
export function buildDebrief(scenario: Scenario, events: readonly RunEvent[]): Debrief {
  const start = events.find((e) => e.kind === 'scenario');
  const graded = [...events].reverse().find((e) => e.kind === 'grade');
  const ledger = [...events].reverse().find((e) => e.kind === 'ledger');
  const health = [...events].reverse().find((e) => e.kind === 'final-health');
  return {
    runId: events[0]?.runId ?? '',
    scenario,
    startedAt: scenarioStart(events),
    endedAt: events.at(-1)?.t ?? 0,
    seed: start?.kind === 'scenario' ? start.seed : 0,
    settings: start?.kind === 'scenario' ? start.settings : {},
    ...(start?.kind === 'scenario' && start.responseName
      ? { responseName: start.responseName }
      : {}),
    grade: graded?.kind === 'grade' ? graded.result : gradeRun(scenario, events),
    ledger: ledger?.kind === 'ledger' ? ledger.counts : liveCounts(events),
    lostKeys: ledger?.kind === 'ledger' ? ledger.lostKeys.slice(0, DEBRIEF_LOST_KEYS) : [],
    ...(health?.kind === 'final-health' ? { finalHealth: health.health } : {}),
    timeline: buildTimeline(events),
    faultWindows: faultWindows(events),
    reference: scenario.reference,
  };
}

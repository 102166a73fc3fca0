import type { Debrief, RunTiming } from '../../shared/debrief-types';
import { moveTiming } from '../grading/move-timing';
import type { RunEvent } from '../../shared/run-events';
import type { Scenario } from '../../shared/scenario-schema';
import type { LedgerCounts } from '../../shared/scenario-types';
import { gradeFacts } from '../grading/grade-run';
import { deriveRunFacts } from '../grading/run-facts';
import { answeredCounts, liveCounts } from '../workload/ledger';
import { scenarioForRun } from '../../shared/run-text';
import { systemDebrief } from './system-debriefs';
import { buildTimeline, faultWindows, scenarioStart } from './timeline';
import { systemTraits } from '../../shared/system-traits';

/** How many lost keys the debrief lists. */
export const DEBRIEF_LOST_KEYS = 50;

/**
 * Ledger counts from the write records, when the history has no ledger
 * event: outcomes only, plus (a ledger of answers) the answered requests per router.
 */
function countsOf(scenario: Scenario, events: readonly RunEvent[]): LedgerCounts {
  const records = events.flatMap((e) => (e.kind === 'writes' ? e.records : []));
  return systemTraits(scenario.system).ledger === 'answers'
    ? answeredCounts(records)
    : liveCounts(records);
}

/**
 * The debrief of a scenario run, from the scenario and the run's history
 * alone: the grade (the history's `grade` event, or graded now), the ledger,
 * the final health, the timeline with fault windows, the hints shown, the
 * files export-keys saved, the reference response, and what the run shows
 * against the card's misdiagnoses (SystemDebrief.observations). Pure.
 */
export function buildDebrief(scenario: Scenario, events: readonly RunEvent[]): Debrief {
  const start = events.find((e) => e.kind === 'scenario');
  const graded = [...events].reverse().find((e) => e.kind === 'grade');
  const ledger = [...events].reverse().find((e) => e.kind === 'ledger');
  const health = [...events].reverse().find((e) => e.kind === 'final-health');
  const facts = deriveRunFacts(scenario, events);
  const observations = systemDebrief(scenario.system).observations(facts);
  const explain = systemDebrief(scenario.system).explain?.(events) ?? [];
  // The card and the reference's reasons name this run's nodes (e.g. the master the sentinels chose).
  const played = scenarioForRun(scenario, {
    ...(facts.newMaster ? { newMaster: facts.newMaster } : {}),
    ...(facts.staleLeader ? { staleLeader: facts.staleLeader } : {}),
  });
  const t0 = scenarioStart(events);
  const hints = events.flatMap((e) =>
    e.kind === 'hint' && e.from !== 'facilitator'
      ? [{ index: e.index, at: e.t - t0, requested: e.requested === true }]
      : [],
  );
  const notes = events.flatMap((e) => {
    if (e.kind === 'note')
      return [
        { at: e.t - t0, author: e.author, ...(e.name ? { name: e.name } : {}), text: e.text },
      ];
    if (e.kind === 'hint' && e.from === 'facilitator')
      return [{ at: e.t - t0, author: 'facilitator' as const, text: `hint: ${e.text}` }];
    return [];
  });
  const exports = events.flatMap((e) =>
    e.kind === 'exported-keys'
      ? [{ at: e.t - t0, node: e.node, keys: e.keys, ...(e.name ? { name: e.name } : {}) }]
      : [],
  );
  const fence = facts.fences.find((f) => f.issuedAt >= (facts.firstFaultAt ?? -Infinity));
  const rel = (t: number): number => t - t0;
  const timing: RunTiming = {
    ...(facts.firstFaultAt !== undefined ? { faultAt: rel(facts.firstFaultAt) } : {}),
    ...(facts.tell ? { tellAt: rel(facts.tell.at) } : {}),
    ...(facts.tellShownAt !== undefined ? { tellShownAt: rel(facts.tellShownAt) } : {}),
    ...(facts.staleLeader ? { staleLeader: facts.staleLeader } : {}),
    ...(fence
      ? {
          firstFence: {
            ...moveTiming(facts, fence),
            ...('node' in fence.action ? { node: fence.action.node } : {}),
          },
        }
      : {}),
  };
  return {
    runId: events[0]?.runId ?? '',
    scenario: played,
    startedAt: scenarioStart(events),
    endedAt: events.at(-1)?.t ?? 0,
    seed: start?.kind === 'scenario' ? start.seed : 0,
    settings: start?.kind === 'scenario' ? start.settings : {},
    ...(start?.kind === 'scenario' && start.responseName
      ? { responseName: start.responseName }
      : {}),
    // Histories from before paces were all played at today's fast timings.
    pace: start?.kind === 'scenario' ? (start.pace ?? 'fast') : 'human',
    ...(start?.kind === 'scenario' && start.player ? { player: start.player } : {}),
    hints,
    ...(notes.length > 0 ? { notes } : {}),
    exports,
    ...(explain.length > 0 ? { explain } : {}),
    timing,
    grade: graded?.kind === 'grade' ? graded.result : gradeFacts(facts),
    ledger: ledger?.kind === 'ledger' ? ledger.counts : countsOf(scenario, events),
    lostKeys: ledger?.kind === 'ledger' ? ledger.lostKeys.slice(0, DEBRIEF_LOST_KEYS) : [],
    ...(health?.kind === 'final-health' ? { finalHealth: health.health } : {}),
    timeline: buildTimeline(events, scenario.system),
    faultWindows: faultWindows(events),
    reference: played.reference,
    ...(observations.length > 0 ? { observations } : {}),
  };
}

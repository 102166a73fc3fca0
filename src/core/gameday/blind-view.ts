import type { RunEvent } from '../../shared/run-events';
import type { NeutralBriefing } from '../../shared/game-day-types';
import type { Scenario } from '../../shared/scenario-schema';

/**
 * What a trainee in a blind drill may see of their own run's history. The
 * filtering happens here, in the engine's process, before anything reaches
 * the trainee's socket: the UI never receives what it must not show.
 *
 * While the drill is blind:
 * - the `scenario` event carries no scenario id or response name;
 * - a fault's events (inject, revert) and the instructor's trigger of it are
 *   held back until the fault is over (its revert), then released together;
 * - the scenario's own hints are held back (they name the mechanism); the
 *   facilitator's hints pass;
 * - every text that is left (errors, phase details, action details) has the
 *   scenario's secret words (title, pattern id and name, scenario id, fault
 *   ids) replaced by `…`.
 * Once the run has ended (a `grade` event, or the phase `stopped`/`failed`),
 * everything held back is released and nothing more is filtered: the drill
 * is over and the debrief reveals the pattern.
 */

/** The words of a scenario that give its pattern away. */
export interface BlindSecrets {
  /** Longest first, so a longer secret is replaced before a word inside it. */
  words: string[];
  faultIds: ReadonlySet<string>;
}

/** The scenario's secret words: title, pattern id and name, scenario id, fault ids. */
export function secretsOf(scenario: Scenario): BlindSecrets {
  const faultIds = new Set(scenario.faults.map((f) => f.id));
  const words = [
    scenario.title,
    scenario.pattern.id,
    scenario.pattern.name,
    scenario.id,
    ...faultIds,
  ].filter((w) => w.trim().length >= 3);
  return { words: [...new Set(words)].sort((a, b) => b.length - a.length), faultIds };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with every secret word (case-insensitive) replaced by `…`. */
export function scrubText(text: string, secrets: BlindSecrets): string {
  let out = text;
  for (const w of secrets.words) out = out.replace(new RegExp(escapeRe(w), 'gi'), '…');
  return out;
}

/** Whether `text` contains any secret word (case-insensitive). */
export function leaksSecret(text: string, secrets: BlindSecrets): string | undefined {
  const lower = text.toLowerCase();
  return secrets.words.find((w) => lower.includes(w.toLowerCase()));
}

/** The fault id an event is about, when it is a fault event or a fault's trigger/heal. */
function faultOf(event: RunEvent): string | undefined {
  if (event.kind === 'fault') return event.faultId;
  if (event.kind === 'action' && event.action.kind === 'trigger-fault') return event.action.fault;
  return undefined;
}

/** Whether a history shows its run over (graded, stopped or failed): a blind drill is then revealed. */
export function runOver(events: readonly RunEvent[]): boolean {
  return events.some(endsRun);
}

function endsRun(event: RunEvent): boolean {
  return (
    event.kind === 'grade' ||
    (event.kind === 'phase' && (event.phase === 'stopped' || event.phase === 'failed'))
  );
}

/** Kinds that carry no free text a secret could hide in (and are the bulk: not worth a scan). */
const NO_TEXT_KINDS = new Set<RunEvent['kind']>(['sample', 'writes', 'build', 'readiness']);

/**
 * An event with every string in it scrubbed of the secret words (a new
 * object; the history is not touched): errors, phase details, move details,
 * the reachability probe's reason ("after injecting ..."), the final
 * health's active faults, log lines... Only events whose text holds a secret
 * are rebuilt.
 */
function scrubbed(event: RunEvent, secrets: BlindSecrets): RunEvent {
  let e: RunEvent = event;
  if (e.kind === 'scenario') {
    const { responseName: _r, ...rest } = e;
    e = { ...rest, scenarioId: BLIND_SCENARIO_ID };
  }
  if (NO_TEXT_KINDS.has(e.kind)) return e;
  const text = JSON.stringify(e);
  if (leaksSecret(text, secrets) === undefined) return e;
  return JSON.parse(text, (key, value: unknown) =>
    typeof value === 'string' && key !== 'kind' && key !== 'runId'
      ? scrubText(value, secrets)
      : value,
  ) as RunEvent;
}

/**
 * The blind filter of one run, fed the run's events in order. `push` returns
 * what the trainee receives now for that event (nothing, the event scrubbed,
 * or, when a fault ends or the run ends, the events held back until then).
 */
export class BlindFilter {
  private readonly held = new Map<string, RunEvent[]>();
  private heldHints: RunEvent[] = [];
  private revealed = false;

  constructor(private readonly secrets: BlindSecrets) {}

  /** Whether the run has ended and the filter lets everything through. */
  get isRevealed(): boolean {
    return this.revealed;
  }

  push(event: RunEvent): RunEvent[] {
    if (this.revealed) return [event];
    if (endsRun(event)) {
      this.revealed = true;
      const all = [...[...this.held.values()].flat(), ...this.heldHints, event];
      this.held.clear();
      this.heldHints = [];
      return all.sort((a, b) => a.seq - b.seq);
    }
    const fault = faultOf(event);
    if (fault !== undefined) {
      const list = this.held.get(fault) ?? [];
      list.push(event);
      if (event.kind === 'fault' && event.phase === 'revert') {
        this.held.delete(fault);
        return list;
      }
      this.held.set(fault, list);
      return [];
    }
    if (event.kind === 'hint' && event.from !== 'facilitator') {
      this.heldHints.push(event);
      return [];
    }
    return [scrubbed(event, this.secrets)];
  }
}

/** A whole history (or its prefix) as a blind trainee may see it. Pure. */
export function blindHistory(events: readonly RunEvent[], secrets: BlindSecrets): RunEvent[] {
  const filter = new BlindFilter(secrets);
  return events.flatMap((e) => filter.push(e));
}

/** The id a blind trainee's scenario goes by (in the `scenario` event and `getScenario`). */
export const BLIND_SCENARIO_ID = 'drill';

const HIDDEN = 'Revealed in the debrief.';

/**
 * The scenario as a blind trainee's workspace loads it: the lab, the
 * workload and the tells (what the trainee watches) are the scenario's; the
 * title, briefing, pattern, hints, faults, grading, teaching card, reference
 * and the nodes the grading expects are replaced or emptied. The briefing is
 * the neutral one. Pure.
 */
export function blindScenario(scenario: Scenario, briefing: NeutralBriefing): Scenario {
  const {
    staleLeader: _s,
    authoritative: _a,
    comparison: _c,
    referenceLost: _r,
    fast: _f,
    ...rest
  } = scenario;
  return {
    ...rest,
    id: BLIND_SCENARIO_ID,
    title: 'Drill',
    briefing: [
      briefing.cluster,
      ...briefing.apps,
      `Healthy: ${briefing.healthy}`,
      briefing.task,
    ].join('\n\n'),
    pattern: { id: 'FP-000', name: 'Unknown until the debrief', family: HIDDEN },
    lab: { ...scenario.lab, referenceSettings: undefined },
    faults: [],
    hints: [],
    grading: { ...scenario.grading, checks: [] },
    teaching: {
      shape: HIDDEN,
      howItShows: HIDDEN,
      tell: HIDDEN,
      misdiagnoses: [{ looksLike: HIDDEN, butActually: HIDDEN, howToTell: HIDDEN }],
      fix: { immediate: HIDDEN, shortTerm: HIDDEN, longTerm: HIDDEN },
      story: HIDDEN,
    },
    reference: [],
  };
}

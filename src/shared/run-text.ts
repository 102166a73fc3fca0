import type { Scenario } from './scenario-schema';
import { SYSTEM_TRAITS } from './system-traits';

/**
 * Facts of a run a scenario's teaching texts and reference reasons may name
 * with `{field}`, filled in for the debrief: `newMaster` (the node the
 * coordinators chose after the split: the sentinels' majority, the etcd
 * leader key) and `staleLeader` (the node to fence).
 */
export const RUN_TEXT_FIELDS = ['newMaster', 'staleLeader'] as const;
export type RunTextField = (typeof RUN_TEXT_FIELDS)[number];

/** The facts of one run, by field; absent = not known in this run. */
export type RunTextFacts = Partial<Record<RunTextField, string>>;

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The `{field}` names a text uses that are not run facts. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(RUN_TEXT_FIELDS);
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((f) => !known.has(f));
}

/** A text with its `{field}`s replaced by the run's facts, or by neutral words where unknown. */
export function fillRunText(text: string, facts: RunTextFacts, system: Scenario['system']): string {
  return text.replace(PLACEHOLDER, (whole, field: string) =>
    (RUN_TEXT_FIELDS as readonly string[]).includes(field)
      ? (facts[field as RunTextField] ??
        SYSTEM_TRAITS[system].runTextFallback[field as RunTextField])
      : whole,
  );
}

/**
 * Every text of a scenario that may name run facts (the teaching card and
 * the reference's reasons), with a path for error messages.
 */
export function runTextFields(scenario: Scenario): { path: (string | number)[]; text: string }[] {
  const t = scenario.teaching;
  const out: { path: (string | number)[]; text: string }[] = [
    { path: ['teaching', 'shape'], text: t.shape },
    { path: ['teaching', 'howItShows'], text: t.howItShows },
    { path: ['teaching', 'tell'], text: t.tell },
    { path: ['teaching', 'story'], text: t.story },
    { path: ['teaching', 'fix', 'immediate'], text: t.fix.immediate },
    { path: ['teaching', 'fix', 'shortTerm'], text: t.fix.shortTerm },
    { path: ['teaching', 'fix', 'longTerm'], text: t.fix.longTerm },
  ];
  t.misdiagnoses.forEach((m, i) => {
    for (const k of ['looksLike', 'butActually', 'howToTell'] as const)
      out.push({ path: ['teaching', 'misdiagnoses', i, k], text: m[k] });
  });
  scenario.reference.forEach((step, i) => {
    if (step.why) out.push({ path: ['reference', i, 'why'], text: step.why });
  });
  return out;
}

/** The scenario with its teaching card and reference reasons written for this run. Pure. */
export function scenarioForRun(scenario: Scenario, facts: RunTextFacts): Scenario {
  const fill = (text: string): string => fillRunText(text, facts, scenario.system);
  const t = scenario.teaching;
  return {
    ...scenario,
    teaching: {
      shape: fill(t.shape),
      howItShows: fill(t.howItShows),
      tell: fill(t.tell),
      misdiagnoses: t.misdiagnoses.map((m) => ({
        looksLike: fill(m.looksLike),
        butActually: fill(m.butActually),
        howToTell: fill(m.howToTell),
      })),
      fix: {
        immediate: fill(t.fix.immediate),
        shortTerm: fill(t.fix.shortTerm),
        longTerm: fill(t.fix.longTerm),
      },
      story: fill(t.story),
    },
    reference: scenario.reference.map((step) =>
      step.why ? { ...step, why: fill(step.why) } : step,
    ),
  };
}

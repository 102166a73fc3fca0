import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../../shared/run-events';
import type { Scenario } from '../../shared/scenario-schema';
import { loadScenarios } from '../scenarios/scenario-loader';
import { BlindFilter, blindHistory, leaksSecret, scrubText, secretsOf } from './blind-view';

const { scenarios } = await loadScenarios(
  fileURLToPath(new URL('../../../scenarios', import.meta.url)),
);

/** A history of `scenario` as the engine records it, up to and including `upTo`. */
function historyOf(scenario: Scenario, upTo: 'fault-on' | 'fault-over' | 'graded'): RunEvent[] {
  const fault = scenario.faults[0]!;
  const bodies: RunEventBody[] = [
    { kind: 'phase', phase: 'running', detail: `scenario ${scenario.id}: ${scenario.title}` },
    {
      kind: 'scenario',
      scenarioId: scenario.id,
      seed: 7,
      settings: {},
      responseName: 'reference',
      pace: 'human',
    },
    { kind: 'hint', index: 0, text: scenario.hints[0]?.text ?? `about ${scenario.pattern.name}` },
    {
      kind: 'action',
      action: { kind: 'trigger-fault', fault: fault.id },
      source: 'instructor',
      ok: true,
      detail: `fault ${fault.id} fired`,
    },
    { kind: 'fault', faultId: fault.id, phase: 'inject', spec: fault, detail: `${fault.id} on` },
    { kind: 'error', message: `probe of ${fault.id} (${scenario.pattern.id}) was slow` },
    {
      kind: 'action',
      action: { kind: 'end' },
      source: 'palette',
      ok: false,
      detail: `not now: ${scenario.title} is still on`,
    },
    { kind: 'hint', index: -1, text: 'Look at who claims to lead.', from: 'facilitator' },
    { kind: 'note', author: 'trainee', text: 'two masters? fencing one' },
  ];
  if (upTo !== 'fault-on')
    bodies.push({ kind: 'fault', faultId: fault.id, phase: 'revert', spec: fault });
  if (upTo === 'graded')
    bodies.push({
      kind: 'grade',
      result: { scenarioId: scenario.id, score: 80, passMark: 70, passed: true, checks: [] },
    } as unknown as RunEventBody);
  return bodies.map((b, i) => ({ ...b, runId: 'r1', seq: i + 1, t: 1000 + i }));
}

describe('what a trainee in a blind drill receives', () => {
  it.each([...scenarios.keys()])(
    '%s: nothing names the pattern, the title, the scenario or the fault while the fault is on',
    (id) => {
      const scenario = scenarios.get(id)!;
      const secrets = secretsOf(scenario);
      const seen = blindHistory(historyOf(scenario, 'fault-on'), secrets);
      const text = JSON.stringify(seen);
      expect(leaksSecret(text, secrets)).toBeUndefined();
      expect(text).not.toContain(scenario.pattern.id);
      expect(text.toLowerCase()).not.toContain(scenario.title.toLowerCase());
      // The tells and the trainee's own work pass: the note, the facilitator's hint, the move.
      expect(seen.map((e) => e.kind)).toEqual([
        'phase',
        'scenario',
        'error',
        'action',
        'hint',
        'note',
      ]);
      expect(seen.find((e) => e.kind === 'scenario')).toMatchObject({ scenarioId: 'drill' });
      expect(seen.find((e) => e.kind === 'hint')).toMatchObject({ from: 'facilitator' });
    },
  );

  it('a fault’s events and its trigger arrive together once the fault is over, in history order', () => {
    const scenario = scenarios.get('stale-leader')!;
    const filter = new BlindFilter(secretsOf(scenario));
    const history = historyOf(scenario, 'fault-over');
    const received = history.map((e) => filter.push(e).map((x) => x.seq));
    // trigger (seq 4) and inject (seq 5) are held; the revert (seq 10) releases all three.
    expect(received[3]).toEqual([]);
    expect(received[4]).toEqual([]);
    expect(received[9]).toEqual([4, 5, 10]);
    // The scenario's own hint stays held while the run goes on.
    expect(received[2]).toEqual([]);
    expect(filter.isRevealed).toBe(false);
  });

  it('once graded the run is revealed: held hints come out and nothing more is filtered', () => {
    const scenario = scenarios.get('stale-leader')!;
    const seen = blindHistory(historyOf(scenario, 'graded'), secretsOf(scenario));
    // In the order received: the fault's three events at its revert, the held hint with the grade.
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 6, 7, 8, 9, 4, 5, 10, 3, 11]);
    expect(seen.find((e) => e.kind === 'hint' && e.from === undefined)).toBeDefined();
  });

  it('scrubs every text of the tells: the reachability probe’s reason, the final health’s active faults', () => {
    const scenario = scenarios.get('stale-leader')!;
    const secrets = secretsOf(scenario);
    const events = [
      {
        kind: 'reachability',
        matrix: { members: ['redis-1'], reach: { 'redis-1': { 'redis-1': true } } },
        reason: 'after injecting cut-master',
      },
      { kind: 'keepalived-event', node: 'router-1', event: 'master', line: 'cut-master seen' },
    ].map((b, i) => ({ ...b, runId: 'r1', seq: i + 1, t: i }) as unknown as RunEvent);
    const seen = blindHistory(events, secrets);
    expect(leaksSecret(JSON.stringify(seen), secrets)).toBeUndefined();
    expect(seen[0]).toMatchObject({ kind: 'reachability', reason: 'after injecting …' });
    expect(seen[1]).toMatchObject({ kind: 'keepalived-event', event: 'master' });
  });

  it('scrubs secret words whatever their case, longest first', () => {
    const secrets = secretsOf(scenarios.get('stale-leader')!);
    expect(scrubText('THE MASTER NOBODY TOLD (fp-015) via cut-master', secrets)).toBe(
      '… (…) via …',
    );
  });
});

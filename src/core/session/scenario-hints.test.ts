import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../shared/scenario-schema';
import { RunHistory } from './run-history';
import { ScenarioHints } from './scenario-hints';

const hints: Scenario['hints'] = [
  { since: 'start', after: '10s', text: 'look at the masters' },
  { after: '5s', text: 'who answers the writes?' },
  { since: 'cut-master:healed', after: '2s', text: 'the old master is back' },
  { after: '30s', text: 'fence it' },
];

describe('ScenarioHints', () => {
  it('says when the hints counting from a moment are due, hints without `since` from the first fault', () => {
    const h = new ScenarioHints(hints, new RunHistory('run-1'));
    expect(h.dueFrom('start', 0)).toEqual([{ index: 0, atMs: 10_000 }]);
    expect(h.dueFrom('first-fault', 20_000)).toEqual([
      { index: 1, atMs: 25_000 },
      { index: 3, atMs: 50_000 },
    ]);
    expect(h.dueFrom('cut-master:healed', 60_000)).toEqual([{ index: 2, atMs: 62_000 }]);
    expect(h.dueFrom('cut-master', 20_000)).toEqual([]);
  });

  it('shows each hint once, marked when asked for', () => {
    const history = new RunHistory('run-1');
    const h = new ScenarioHints(hints, history);
    expect(h.show(1, false)).toBe(true);
    expect(h.show(1, true)).toBe(false);
    expect(h.show(9, false)).toBe(false);
    expect(h.request()).toEqual({ ok: true, detail: 'hint 1 of 4 shown' });
    expect(h.request()).toEqual({ ok: true, detail: 'hint 3 of 4 shown' });
    expect(history.all().map((e) => (e.kind === 'hint' ? [e.index, e.requested] : e.kind))).toEqual(
      [
        [1, undefined],
        [0, true],
        [2, true],
      ],
    );
  });

  it('says why no hint is shown: all are, or the scenario has none', () => {
    const h = new ScenarioHints(hints, new RunHistory('run-1'));
    for (let i = 0; i < hints.length; i++) h.show(i, false);
    expect(h.request()).toEqual({ ok: false, detail: 'all 4 hints are shown' });
    expect(new ScenarioHints([], new RunHistory('run-2')).request()).toEqual({
      ok: false,
      detail: 'this scenario has no hints',
    });
  });
});

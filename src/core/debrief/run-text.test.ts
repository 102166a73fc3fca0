import { describe, expect, it } from 'vitest';
import { testScenario } from '../testing/test-history';
import {
  fillRunText,
  runTextFields,
  scenarioForRun,
  unknownPlaceholders,
} from '../../shared/run-text';

describe('run texts', () => {
  it('fills the run facts, and neutral words where the run did not establish them', () => {
    const text = 'The sentinels all name {newMaster}; fence {staleLeader}.';
    expect(
      fillRunText(text, { newMaster: 'redis-3', staleLeader: 'redis-1' }, 'redis-sentinel'),
    ).toBe('The sentinels all name redis-3; fence redis-1.');
    expect(fillRunText(text, {}, 'patroni')).toBe(
      'The sentinels all name the new primary; fence the old primary.',
    );
  });

  it('leaves other braces alone and names unknown fields', () => {
    expect(fillRunText('{ "a": 1 } {nope}', { newMaster: 'x' }, 'keepalived')).toBe(
      '{ "a": 1 } {nope}',
    );
    expect(unknownPlaceholders('{newMaster} {nope} {staleLeader} {x1}')).toEqual(['nope']);
  });

  it('writes the teaching card and the reference reasons for the run, nothing else', () => {
    const s = testScenario();
    const withFacts = {
      ...s,
      briefing: 'Keep {newMaster} as is',
      teaching: { ...s.teaching, tell: 'They name {newMaster}.' },
      reference: s.reference.map((st) => ({ ...st, why: 'Fence {staleLeader}, not {newMaster}.' })),
    };
    const played = scenarioForRun(withFacts, { newMaster: 'redis-3', staleLeader: 'redis-1' });
    expect(played.teaching.tell).toBe('They name redis-3.');
    expect(played.reference.every((st) => st.why === 'Fence redis-1, not redis-3.')).toBe(true);
    expect(played.briefing).toBe('Keep {newMaster} as is');
    expect(runTextFields(withFacts).map((f) => f.path.join('.'))).toContain('teaching.tell');
  });
});

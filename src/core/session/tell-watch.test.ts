import { describe, expect, it } from 'vitest';
import { deriveRunFacts } from '../grading/run-facts';
import { T0, staleLeaderStory, testScenario } from '../testing/test-history';
import { RunHistory } from './run-history';
import { countsFromTell, watchForTell } from './tell-watch';

describe('watchForTell', () => {
  const scenario = testScenario();
  const story = staleLeaderStory(scenario, { failoverAt: 9700, shownDelay: 400 });

  /** Appends the story's events from `from` to `to` ms after its start, as the run would. */
  function replay(history: RunHistory, from = -Infinity, to = Infinity): void {
    for (const e of story) if (e.t - T0 > from && e.t - T0 <= to) history.append(e, e.t);
  }

  it('hears the tell once, at the moment grading says it reached the screen', () => {
    const history = new RunHistory('r1');
    const heard: number[] = [];
    const tells: string[] = [];
    watchForTell(scenario, history, (at, tell) => {
      heard.push(at);
      tells.push(`${tell.kind}: ${tell.detail}`);
    });
    replay(history, -Infinity, 9000);
    expect(heard).toEqual([]);
    replay(history, 9000);
    const facts = deriveRunFacts(scenario, history.all());
    expect(facts.tellShownAt).toBeDefined();
    expect(heard).toEqual([facts.tellShownAt]);
    // The very tell the checks and the debrief count from (the run records it as `tell-shown`).
    expect(tells).toEqual([`${facts.tell!.kind}: ${facts.tell!.detail}`]);
    // Shown 400 ms after its tick, never before the failover.
    expect(heard[0]! - T0).toBeGreaterThanOrEqual(9700 + 400);
  });

  it('hears nothing when no split shows, and nothing once stopped', () => {
    const quiet = new RunHistory('r3');
    const heard: number[] = [];
    watchForTell(scenario, quiet, (at) => heard.push(at));
    for (const e of staleLeaderStory(scenario, { failoverAt: null })) quiet.append(e, e.t);
    expect(heard).toEqual([]);

    const stopped = new RunHistory('r4');
    const stop = watchForTell(scenario, stopped, (at) => heard.push(at));
    stop();
    replay(stopped);
    expect(heard).toEqual([]);
  });

  it('is needed only when a step or a hint counts from tell', () => {
    expect(countsFromTell(scenario, scenario.reference)).toBe(false);
    expect(countsFromTell(scenario, [{ since: 'tell' }])).toBe(true);
    expect(countsFromTell({ hints: [{ since: 'tell', after: '5s', text: 'look' }] })).toBe(true);
  });
});

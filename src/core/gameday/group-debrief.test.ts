import { describe, expect, it } from 'vitest';
import type { Debrief } from '../../shared/debrief-types';
import type { GameDay } from '../../shared/game-day-types';
import { buildDebrief } from '../debrief/debrief';
import { gradeRun } from '../grading/grade-run';
import { staleLeaderStory, testScenario } from '../testing/test-history';
import { buildGroupDebrief, groupDebriefToHtml, groupDebriefToMarkdown } from './group-debrief';

const scenario = testScenario();

/** A graded debrief of the stale-leader story played with `fenceNode`, under run id `runId`. */
function attempt(runId: string, fenceNode: string): Debrief {
  const events = staleLeaderStory(scenario, {
    fenceAt: 10_500,
    fenceNode,
    exportAt: 11_000,
    healAt: 14_000,
    demoteAt: 15_000,
    unfenceAt: 18_000,
    endAt: 21_000,
  }).map((e) => ({ ...e, runId }));
  const last = events[events.length - 1]!;
  const graded = [
    ...events,
    {
      kind: 'grade' as const,
      result: gradeRun(scenario, events),
      runId,
      seq: last.seq + 1,
      t: last.t + 10,
    },
  ];
  return buildDebrief(scenario, graded);
}

const gameDay: GameDay = {
  id: 'g0000000000000001',
  name: 'Thursday <b>drill</b>',
  mode: 'blind',
  timing: 'trigger',
  createdAt: 1,
  startedAt: 2,
  seed: 1,
  trainees: [
    { id: 't1', name: 'Ana', scenarioId: scenario.id, runId: 'run-a', state: 'graded' },
    { id: 't2', name: 'Bo', scenarioId: scenario.id, runId: 'run-b', state: 'graded' },
    {
      id: 't3',
      name: 'Cy',
      scenarioId: scenario.id,
      runId: 'run-c',
      state: 'ended',
      reason: 'the app stopped while this run was in progress',
    },
  ],
};

describe('the group debrief of a game day', () => {
  const debriefs = new Map([
    ['run-a', attempt('run-a', 'redis-1')],
    ['run-b', attempt('run-b', 'redis-2')],
  ]);
  const g = buildGroupDebrief(gameDay, debriefs);

  it('puts the attempts side by side: verdict, the first fence and whether it hit the stale node, each check', () => {
    const [ana, bo, cy] = g.rows;
    expect(ana).toMatchObject({
      name: 'Ana',
      passed: true,
      firstFence: { move: 'isolate-clients redis-1', rightNode: true },
    });
    expect(bo).toMatchObject({
      name: 'Bo',
      passed: false,
      firstFence: { move: 'isolate-clients redis-2', rightNode: false },
    });
    expect(ana!.reactionSeconds).toBeGreaterThan(0);
    expect(ana!.checks['did-not-fence-new-master']?.verdict).toBe('pass');
    expect(bo!.checks['did-not-fence-new-master']?.verdict).toBe('fail');
    expect(cy).toMatchObject({
      state: 'ended',
      reason: expect.stringMatching(/app stopped/),
      checks: {},
    });
    expect(g.checkIds).toContain('stale-leader-stopped-writes');
    expect(g.scenarios.map((s) => s.pattern.name)).toEqual([scenario.pattern.name]);
  });

  it('lines each trainee’s moves up on their own fault', () => {
    const fence = g.rows[0]!.moments.find(
      (m) => m.kind === 'action' && m.text.includes('isolate-clients'),
    );
    // The fault fired at 5 s and the fence came at 10.5 s: +5.5 s from the fault.
    expect(fence?.at).toBe(5.5);
    expect(g.rows[0]!.moments.some((m) => m.kind === 'fault' && m.at === 0)).toBe(true);
  });

  it('exports one Markdown and one HTML report with the cards revealed, every text escaped', () => {
    const mdText = groupDebriefToMarkdown(g);
    expect(mdText).toContain('| Ana |');
    expect(mdText).toContain(`## The pattern: ${scenario.pattern.id}`);
    const html = groupDebriefToHtml(g);
    expect(html).toContain('Thursday &lt;b&gt;drill&lt;/b&gt;');
    expect(html).not.toContain('<b>drill</b>');
    expect(html).toContain('not passed');
  });
});

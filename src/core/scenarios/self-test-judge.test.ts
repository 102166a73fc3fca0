import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ResponseFileEntry } from './response-library';
import type { ParsedResponse } from './response-file';
import { judgeSelfTestRun, selfTestPlan, type GradedRun } from './self-test-judge';
import { loadScenarios } from './scenario-loader';

const DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));
const { scenarios } = await loadScenarios(DIR);
const staleLeader = scenarios.get('stale-leader')!;
const drill = scenarios.get('prevention-drill')!;

const END = [{ since: 'cut-master', after: '30s', do: { kind: 'end' as const } }];
const entry = (name: string, parsed: ParsedResponse): ResponseFileEntry => ({
  name,
  path: `/lib/redis-sentinel/responses/${name}`,
  file: `redis-sentinel/responses/${name}`,
  parsed,
});
const fenceNew = entry('stale-leader-fence-new-master.yaml', {
  ok: true,
  steps: END,
  scenario: 'stale-leader',
  mistake: 'Fences the new master.',
  mustFail: ['did-not-fence-new-master'],
});
const waits = entry('stale-leader-wait-it-out.yaml', {
  ok: true,
  steps: END,
  scenario: 'stale-leader',
  mistake: 'Waits.',
  mustFail: ['fenced-before-rejoin'],
  waitsItOut: true,
});
const human = entry('stale-leader-human.yaml', { ok: true, steps: END });
const broken = entry('stale-leader-broken.yaml', {
  ok: false,
  problems: [{ file: 'x', line: 1, path: '', message: 'broken' }],
});

describe('selfTestPlan', () => {
  it('plays the reference, doing nothing, then each valid wrong response', () => {
    const plan = selfTestPlan(staleLeader, [fenceNew, human, broken]);
    expect(plan.map((r) => [r.kind, r.response])).toEqual([
      ['reference', 'reference'],
      ['none', 'none'],
      ['wrong', 'stale-leader-fence-new-master.yaml'],
    ]);
    expect(plan[0]!.steps).toBe(staleLeader.reference);
    expect(plan[1]!.steps).toEqual([]);
    expect(plan[2]).toMatchObject({
      mustFail: ['did-not-fence-new-master'],
      mistake: 'Fences the new master.',
      path: '/lib/redis-sentinel/responses/stale-leader-fence-new-master.yaml',
      steps: END,
      settings: {},
    });
  });

  it('lets a response that waits it out stand in for doing nothing', () => {
    const plan = selfTestPlan(staleLeader, [fenceNew, waits]);
    expect(plan.map((r) => r.response)).toEqual([
      'reference',
      'stale-leader-fence-new-master.yaml',
      'stale-leader-wait-it-out.yaml',
    ]);
    expect(plan[2]!.waitsItOut).toBe(true);
  });

  it("starts the reference with its choice of the trainee's settings, a wrong response with its own", () => {
    const off = entry('prevention-drill-off.yaml', {
      ok: true,
      steps: END,
      scenario: 'prevention-drill',
      mistake: 'Turns it off.',
      mustFail: ['config-fixed'],
      settings: { minReplicasToWrite: 1 },
    });
    const plan = selfTestPlan(drill, [off]);
    expect(plan.map((r) => r.settings)).toEqual([
      { minReplicasToWrite: 1, minReplicasMaxLagSeconds: 3 },
      {},
      { minReplicasToWrite: 1 },
    ]);
  });
});

const graded = (
  passed: boolean,
  score: number,
  verdicts: Record<string, string>,
  requiredFailed: string[] = [],
): GradedRun => ({
  passed,
  score,
  requiredFailed,
  checks: Object.entries(verdicts).map(([check, verdict]) => ({
    check,
    verdict,
    why: `${check} why`,
  })),
});

describe('judgeSelfTestRun', () => {
  const [reference, none, wrong] = selfTestPlan(staleLeader, [fenceNew]);

  it('wants the reference to pass', () => {
    expect(judgeSelfTestRun(reference!, graded(true, 100, { 'final-health': 'pass' }))).toEqual({
      ok: true,
      why: 'the reference passed (score 100)',
    });
    const failed = judgeSelfTestRun(
      reference!,
      graded(false, 55, { 'final-health': 'fail', 'acked-writes-lost': 'pass' }, ['final-health']),
    );
    expect(failed.ok).toBe(false);
    expect(failed.why).toBe(
      'the reference must pass but did not (score 55; required checks failed: final-health): final-health fail (final-health why)',
    );
  });

  it('wants doing nothing not to pass', () => {
    expect(judgeSelfTestRun(none!, graded(false, 30, {})).ok).toBe(true);
    expect(judgeSelfTestRun(none!, graded(true, 75, {}))).toEqual({
      ok: false,
      why: 'doing nothing must not pass, but it passed (score 75)',
    });
  });

  it('wants a wrong response not to pass, failing each of its mustFail checks', () => {
    const r = graded(false, 60, { 'did-not-fence-new-master': 'fail', 'final-health': 'pass' }, [
      'did-not-fence-new-master',
    ]);
    expect(judgeSelfTestRun(wrong!, r)).toEqual({
      ok: true,
      why: 'stale-leader-fence-new-master.yaml did not pass (score 60; required checks failed: did-not-fence-new-master); failed as it must: did-not-fence-new-master',
    });
  });

  it('finds a wrong response that passes not ok: a grading hole', () => {
    const r = graded(true, 80, { 'did-not-fence-new-master': 'fail' });
    expect(judgeSelfTestRun(wrong!, r)).toEqual({
      ok: false,
      why: 'stale-leader-fence-new-master.yaml: it passed (score 80): a grading hole',
    });
  });

  it('finds a wrong response that fails for another reason than its mustFail not ok', () => {
    const other = graded(false, 40, { 'did-not-fence-new-master': 'pass', 'final-health': 'fail' });
    expect(judgeSelfTestRun(wrong!, other)).toEqual({
      ok: false,
      why: 'stale-leader-fence-new-master.yaml: must fail but did not: did-not-fence-new-master pass (did-not-fence-new-master why)',
    });
    // An unknown verdict, or a check missing from the grade, is no fail either.
    const unknown = graded(false, 40, { 'did-not-fence-new-master': 'unknown' });
    expect(judgeSelfTestRun(wrong!, unknown).why).toMatch(
      /did-not-fence-new-master unknown \(did-not-fence-new-master why\)$/,
    );
    expect(judgeSelfTestRun(wrong!, graded(false, 0, {})).why).toMatch(
      /did-not-fence-new-master not graded$/,
    );
  });

  it('takes a run described by hand, as an in-app dry run would', () => {
    const run = { kind: 'wrong' as const, response: 'mine', mustFail: ['final-health' as const] };
    expect(judgeSelfTestRun(run, graded(false, 10, { 'final-health': 'fail' })).ok).toBe(true);
  });
});

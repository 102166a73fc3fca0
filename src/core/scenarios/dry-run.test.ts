import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../shared/scenario-schema';
import { createDryRuns, type DryRunDeps } from './dry-run';
import type { ResponseFileEntry } from './response-library';
import type { GradedPlay, PlayOutcome } from './scripted-play';

const SCENARIO = {
  id: 'my-stale-leader',
  reference: [{ since: 'cut', after: '5s', do: { kind: 'end' } }],
  lab: { settings: {}, traineeSettings: [] },
} as unknown as Scenario;

const WRONG: ResponseFileEntry = {
  name: 'my-stale-leader-fence-new.yaml',
  path: '/lib/redis-sentinel/responses/my-stale-leader-fence-new.yaml',
  file: 'redis-sentinel/responses/my-stale-leader-fence-new.yaml',
  parsed: {
    ok: true,
    steps: [],
    scenario: 'my-stale-leader',
    mistake: 'Fences the new master.',
    mustFail: ['did-not-fence-new-master'],
  } as never,
};
const BROKEN: ResponseFileEntry = {
  name: 'my-stale-leader-broken.yaml',
  path: '/x',
  file: 'redis-sentinel/responses/my-stale-leader-broken.yaml',
  parsed: {
    ok: false,
    problems: [
      {
        file: 'redis-sentinel/responses/my-stale-leader-broken.yaml',
        line: 3,
        path: 'steps.0',
        message: 'bad',
      },
    ],
  },
};

function graded(response: string, passed: boolean, failing: string[] = []): PlayOutcome {
  const result: GradedPlay = {
    scenario: 'my-stale-leader',
    runId: `run-${response}`,
    response,
    pace: 'fast',
    seed: 1,
    seconds: 1,
    score: passed ? 100 : 40,
    passMark: 70,
    passed,
    requiredFailed: [],
    checks: ['did-not-fence-new-master', 'final-health'].map((check) => ({
      check,
      verdict: failing.includes(check) ? 'fail' : 'pass',
      credit: failing.includes(check) ? 0 : 1,
      why: '',
    })),
    ledger: { attempts: 1, acked: 1 } as never,
  };
  return { graded: true, result };
}

function deps(outcomes: Record<string, PlayOutcome | Error>, overrides: Partial<DryRunDeps> = {}) {
  const played: string[] = [];
  const d: DryRunDeps = {
    scenario: async (id) => (id === SCENARIO.id ? SCENARIO : undefined),
    responseFiles: async () => [WRONG, BROKEN],
    play: async (_s, run, _pace, onStarted) => {
      played.push(run.response);
      onStarted(`run-${run.response}`);
      const o = outcomes[run.response]!;
      if (o instanceof Error) throw o;
      return o;
    },
    ...overrides,
  };
  return { d, played };
}

describe('dry runs', () => {
  it('plays the self-test plan and judges each run: reference passes, none and the wrong response fail for their reasons', async () => {
    const { d, played } = deps({
      reference: graded('reference', true),
      none: graded('none', false, ['final-health']),
      'my-stale-leader-fence-new.yaml': graded('x', false, ['did-not-fence-new-master']),
    });
    const dry = createDryRuns(d);
    const { dryRunId } = await dry.start({ scenarioId: 'my-stale-leader' });
    expect(dry.get({ dryRunId })?.state).toBe('running');
    await dry.settled();
    const r = dry.get({ dryRunId })!;
    expect(played.sort()).toEqual(['my-stale-leader-fence-new.yaml', 'none', 'reference']);
    expect(r.state).toBe('done');
    expect(r.ok).toBe(true);
    expect(r.entries.map((e) => [e.response, e.state, e.ok])).toEqual([
      ['reference', 'graded', true],
      ['none', 'graded', true],
      ['my-stale-leader-fence-new.yaml', 'graded', true],
    ]);
    expect(r.entries[2]).toMatchObject({
      mistake: 'Fences the new master.',
      mustFail: ['did-not-fence-new-master'],
    });
    // The broken file is named with its line, and kept out of the plan.
    expect(r.problems).toEqual([
      'redis-sentinel/responses/my-stale-leader-broken.yaml:3: steps.0: bad',
    ]);
  });

  it('says so when a wrong response passes (a grading hole) or a run ends without a grade', async () => {
    const { d } = deps({
      reference: new Error('the Docker engine stopped answering\n  at stack'),
      none: graded('none', false, ['final-health']),
      'my-stale-leader-fence-new.yaml': graded('x', true),
    });
    const dry = createDryRuns(d);
    const { dryRunId } = await dry.start({ scenarioId: 'my-stale-leader' });
    await dry.settled();
    const r = dry.get({ dryRunId })!;
    expect(r.ok).toBe(false);
    expect(r.entries[0]).toMatchObject({ state: 'not-graded', ok: false });
    expect(r.entries[0]!.why).toBe('not graded: the Docker engine stopped answering');
    expect(r.entries[2]).toMatchObject({ state: 'graded', ok: false, passed: true });
    expect(r.entries[2]!.why).toContain('grading hole');
  });

  it('refuses an unknown scenario and a second dry run of one still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { d } = deps(
      {},
      {
        play: async (_s, run) => {
          await gate;
          return graded(run.response, run.response === 'reference', [
            'did-not-fence-new-master',
            'final-health',
          ]);
        },
      },
    );
    const dry = createDryRuns(d);
    await expect(dry.start({ scenarioId: 'nope' })).rejects.toThrow('unknown scenario "nope"');
    await dry.start({ scenarioId: 'my-stale-leader' });
    await expect(dry.start({ scenarioId: 'my-stale-leader' })).rejects.toThrow('already running');
    release();
    await dry.settled();
    await expect(dry.start({ scenarioId: 'my-stale-leader' })).resolves.toHaveProperty('dryRunId');
    await dry.settled();
  });
});

import { describe, expect, it } from 'vitest';
import { keepalivedStory, testKeepalivedScenario } from './testing/keepalived-test-history';
import { rightRouterKept } from './right-router-kept.check';
import { HistoryBuilder, contextFor } from '../../../core/testing/test-history';

const scenario = testKeepalivedScenario();
const good = { stopRogueAt: 12_000, announceAt: 13_000, healAt: 15_000, startRogueAt: 16_000 };
const check = (events: ReturnType<typeof keepalivedStory>, s = scenario) =>
  rightRouterKept(contextFor(s, events, 'right-router-kept'));

describe('right-router-kept', () => {
  it('passes when router-1 stays the only MASTER and nothing touched it', () => {
    const r = check(keepalivedStory(scenario, good));
    expect(r.verdict).toBe('pass');
    expect(r.why).toBe(
      'router-1 (priority 150) was the only router in MASTER at the end, and nothing stopped, froze or restarted it after the fault.',
    );
  });

  it('fails when keepalived was stopped on router-1, saying which move and when', () => {
    const r = check(keepalivedStory(scenario, { stopAuthAt: 12_000 }));
    expect(r.verdict).toBe('fail');
    expect(r.figures).toMatchObject({ authoritative: 'router-1', wrongMoves: 1 });
    expect(r.why).toMatch(/router-2 ended up in MASTER instead of router-1/);
    expect(r.why).toMatch(
      /stop-keepalived on router-1 at \+12\.0 s took the router that was right out of service/,
    );
  });

  it('fails on a restart of keepalived on router-1 even when router-1 is MASTER again at the end', () => {
    const r = check(
      keepalivedStory(scenario, {
        ...good,
        extra: (h: HistoryBuilder) =>
          h.act(18_000, { kind: 'restart-keepalived', node: 'router-1' }),
      }),
    );
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(/restart-keepalived on router-1 at \+18\.0 s/);
  });

  it('fails when the trainee declared router-2 authoritative: the misdiagnosis', () => {
    const r = check(
      keepalivedStory(scenario, {
        ...good,
        extra: (h: HistoryBuilder) =>
          h.act(11_000, { kind: 'declare-authoritative', node: 'router-2' }),
      }),
    );
    expect(r.verdict).toBe('fail');
    expect(r.figures?.misdeclared).toBe(true);
    expect(r.why).toMatch(
      /declaring router-2 authoritative at \+11\.0 s was the misdiagnosis: router-1 is the one to keep/,
    );
  });

  it('fails while both routers are still MASTER at the end', () => {
    const r = check(keepalivedStory(scenario));
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(/router-2 was still in MASTER next to router-1 at the end/);
  });

  it('falls back to the highest priority in the settings when the scenario names none', () => {
    const r = check(
      keepalivedStory(scenario, good),
      testKeepalivedScenario({ authoritative: undefined }),
    );
    expect(r.verdict).toBe('pass');
    expect(r.why).toMatch(/^router-1 \(the highest priority, 150\)/);
  });

  it('is unknown without the final health', () => {
    const events = keepalivedStory(scenario, good).filter((e) => e.kind !== 'final-health');
    expect(check(events).verdict).toBe('unknown');
  });

  describe('when router-1 could not be read as the final health was taken (a busy machine)', () => {
    /** The good story with router-1 unread in the final health, and in every sample from `unreadFrom` (ms since the start) on. */
    const unreadAtEnd = (unreadFrom?: number) => {
      const story = keepalivedStory(scenario, good);
      const t0 = story[0]!.t;
      return story.map((e) => {
        if (e.kind === 'final-health')
          return {
            ...e,
            health: {
              ...e.health,
              masters: [],
              keepalived: { ...e.health.keepalived!, unreadable: { 'router-1': 'no answer' } },
            },
          };
        if (e.kind === 'sample' && unreadFrom !== undefined && e.sample.t - t0 >= unreadFrom)
          return {
            ...e,
            sample: {
              ...e.sample,
              nodes: e.sample.nodes.map((n) =>
                n.node === 'router-1'
                  ? { ...n, role: 'unknown' as const, state: 'unreachable' as const }
                  : n,
              ),
            },
          };
        return e;
      });
    };

    it('takes the last reading of every router for the end, and says so: a pass, not "no router in MASTER"', () => {
      const r = check(unreadAtEnd());
      expect(r.verdict).toBe('pass');
      expect(r.why).toMatch(
        /router-1 could not be read when the final health was taken; the last reading of every router, at \+\d+\.\d s, stands for the end/,
      );
    });

    it('is unknown, never a fail, when no recent reading read every router', () => {
      const r = check(unreadAtEnd(14_000));
      expect(r.verdict).toBe('unknown');
      expect(r.why).toMatch(/which router ended in MASTER is not known/);
    });
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { CheckId } from '../../shared/scenario-schema';
import type { GradeResult } from '../../shared/scenario-types';
import { ackedWritesLost } from './acked-writes-lost.check';
import { configFixed } from './config-fixed.check';
import { GENERIC_CHECKS, checkById } from './check-registry';
import { checkIdSchema } from '../../shared/scenario-schema';
import { systemGradings } from './system-gradings';
import { gradeRun } from './grade-run';
import { deriveRunFacts } from './run-facts';
import {
  GOOD_RESPONSE,
  HistoryBuilder,
  T0,
  staleLeaderStory,
  testScenario,
} from '../testing/test-history';

const scenario = testScenario();
const byId = (g: GradeResult, id: CheckId) => {
  const c = g.checks.find((x) => x.check === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

/** The reference-like response: fence right after the tell, save keys, heal, demote, lift the fence, end. */
const good = GOOD_RESPONSE;

describe('gradeRun on synthetic stale-leader histories', () => {
  it('passes a good response on every check', () => {
    const g = gradeRun(scenario, staleLeaderStory(scenario, good));
    for (const c of g.checks) expect([c.check, c.verdict]).toEqual([c.check, 'pass']);
    expect(g.score).toBe(100);
    expect(g.passed).toBe(true);
    const stopped = byId(g, 'stale-leader-stopped-writes');
    expect(stopped.figures?.seconds).toBeGreaterThan(0);
    expect(stopped.figures?.seconds).toBeLessThanOrEqual(1);
    expect(stopped.why).toMatch(
      /redis-1's last acknowledged write came 0\.\d s after the first tell/,
    );
    expect(byId(g, 'fenced-before-rejoin').why).toMatch(
      /isolate-clients at \+10\.5 s.*was demoted at \+15\.0 s/,
    );
    expect(byId(g, 'divergent-writes-saved').figures?.exportedKeys).toBe(321);
  });

  it('counts from when a slow injection began: a failover before it finished is the split', () => {
    // The cut began at +5 s but took until +11 s to finish on a busy machine; the
    // sentinels had already failed over at +9.7 s.
    const events = staleLeaderStory(scenario, good).map((e) =>
      e.kind === 'fault' && e.phase === 'inject' ? { ...e, t: T0 + 11_000, startedMs: 5000 } : e,
    );
    const facts = deriveRunFacts(scenario, events);
    expect(facts.firstFaultAt).toBe(T0 + 5000);
    expect(facts.tell?.at).toBe(T0 + 9750);
    const g = gradeRun(scenario, events);
    expect(g.checks.filter((c) => c.verdict !== 'pass')).toEqual([]);
  });

  it('counts from when any other fault finished: a manual promotion splits once it is done', () => {
    // A freeze recorded as begun 4 s before its event: not a partition, so the event counts.
    const events = staleLeaderStory(scenario, good).map((e) =>
      e.kind === 'fault' && e.phase === 'inject'
        ? {
            ...e,
            spec: { id: e.spec.id, kind: 'pause' as const, node: 'redis-1', at: e.spec.at },
            startedMs: 1000,
          }
        : e,
    );
    expect(deriveRunFacts(scenario, events).firstFaultAt).toBe(T0 + 5000);
  });

  it('fails did-not-fence-new-master (and the run) when the new master is fenced instead', () => {
    const g = gradeRun(
      scenario,
      staleLeaderStory(scenario, { ...good, fenceNode: 'redis-2', demoteAt: undefined }),
    );
    const wrong = byId(g, 'did-not-fence-new-master');
    expect(wrong.verdict).toBe('fail');
    expect(wrong.why).toMatch(/isolate-clients on redis-2 at \+10\.5 s/);
    expect(byId(g, 'fenced-before-rejoin').verdict).toBe('fail');
    expect(byId(g, 'stale-leader-stopped-writes').verdict).toBe('fail');
    expect(g.passed).toBe(false);
  });

  it('fails stale-leader-stopped-writes when the fence comes too late', () => {
    const g = gradeRun(
      scenario,
      staleLeaderStory(scenario, {
        fenceAt: 20_000,
        exportAt: 20_500,
        healAt: 22_000,
        unfenceAt: 33_000,
        endAt: 36_000,
      }),
    );
    const stopped = byId(g, 'stale-leader-stopped-writes');
    expect(stopped.verdict).toBe('fail');
    expect(stopped.figures?.seconds).toBeGreaterThan(10);
    expect(stopped.why).toMatch(/more than the 5 s allowed/);
    // It was still fenced before Sentinel demoted it (10 s after the heal).
    expect(byId(g, 'fenced-before-rejoin').verdict).toBe('pass');
    // 15 s of app-pinned's writes: 300 lost, the fair band's edge.
    expect(byId(g, 'acked-writes-lost').credit).toBe(0.5);
    expect(g.passed).toBe(false);
  });

  it('fails a run where nobody does anything', () => {
    const g = gradeRun(scenario, staleLeaderStory(scenario, { endAt: 45_000 }));
    expect(g.passed).toBe(false);
    expect(byId(g, 'stale-leader-stopped-writes').why).toMatch(
      /still taking them when the scenario ended/,
    );
    expect(byId(g, 'fenced-before-rejoin').why).toMatch(/never fenced and never rejoined/);
    expect(byId(g, 'divergent-writes-saved').verdict).toBe('fail');
    expect(byId(g, 'acked-writes-lost').verdict).toBe('fail');
    expect(byId(g, 'final-health').why).toMatch(
      /redis-1 and redis-2 all claim master.*fault still active: cut-master/,
    );
    // Only "did not fence the new master" holds, vacuously.
    expect(g.score).toBe(15);
  });

  it('sees a stale leader that wrote to the end even when read-back and grading come seconds later', () => {
    const story = staleLeaderStory(scenario, { endAt: 45_000 });
    // The history's last events (final health, the ledger) land 4 s after the workload stopped.
    const last = story.at(-1)!;
    story.push({ ...last, t: last.t + 4_000 });
    const stopped = byId(gradeRun(scenario, story), 'stale-leader-stopped-writes');
    expect(stopped.credit).toBe(0);
    expect(stopped.why).toMatch(/still taking them when the scenario ended/);
  });

  it('grades the other checks when one throws: that one is unknown with the error in one line', () => {
    const spy = vi
      .spyOn(GENERIC_CHECKS as Required<typeof GENERIC_CHECKS>, 'final-health')
      .mockImplementation(() => {
        throw new Error('no final health\n    at stack');
      });
    try {
      const g = gradeRun(scenario, staleLeaderStory(scenario, { endAt: 45_000 }));
      expect(byId(g, 'final-health')).toMatchObject({
        verdict: 'unknown',
        credit: 0,
        why: 'This check could not be graded: no final health.',
      });
      expect(byId(g, 'fenced-before-rejoin').why).toMatch(/never fenced and never rejoined/);
    } finally {
      spy.mockRestore();
    }
  });

  it('every check id the schema names is defined exactly once: generic or one system', () => {
    for (const id of checkIdSchema.options) {
      const owners = [GENERIC_CHECKS, ...systemGradings().map((g) => g.checks)].filter(
        (defs) => defs[id] !== undefined,
      );
      expect(owners, id).toHaveLength(1);
      expect(typeof checkById(id)).toBe('function');
    }
  });

  it('answers unknown when no tell happened (no second master, sentinels never moved)', () => {
    const g = gradeRun(
      scenario,
      staleLeaderStory(scenario, { failoverAt: null, endAt: 30_000, healAt: 20_000 }),
    );
    for (const id of [
      'stale-leader-stopped-writes',
      'fenced-before-rejoin',
      'did-not-fence-new-master',
      'divergent-writes-saved',
    ] as const) {
      expect(byId(g, id).verdict).toBe('unknown');
      expect(byId(g, id).credit).toBe(0);
    }
    expect(byId(g, 'stale-leader-stopped-writes').why).toMatch(/no split/);
  });

  it('fails fenced-before-rejoin when the stale leader was demoted before any fence', () => {
    const g = gradeRun(
      scenario,
      staleLeaderStory(scenario, {
        healAt: 12_000,
        demoteAt: 13_000,
        fenceAt: 14_000,
        unfenceAt: 16_000,
        endAt: 20_000,
      }),
    );
    const fenced = byId(g, 'fenced-before-rejoin');
    expect(fenced.verdict).toBe('fail');
    expect(fenced.why).toMatch(/before the fence/);
    expect(byId(g, 'divergent-writes-saved').why).toMatch(/never exported before the rejoin/);
  });

  it('fails divergent-writes-saved when the keys are exported after the rejoin', () => {
    const g = gradeRun(scenario, staleLeaderStory(scenario, { ...good, exportAt: 16_000 }));
    expect(byId(g, 'divergent-writes-saved').verdict).toBe('fail');
    expect(byId(g, 'divergent-writes-saved').why).toMatch(/after it rejoined/);
  });

  it('fails final-health when a fence is left in place', () => {
    const g = gradeRun(scenario, staleLeaderStory(scenario, { ...good, unfenceAt: undefined }));
    expect(byId(g, 'final-health').verdict).toBe('fail');
    expect(byId(g, 'final-health').why).toMatch(/fence still in place: redis-1/);
  });

  it('weighs credits into the score and compares the unrounded score with the pass mark', () => {
    const g = gradeRun(scenario, staleLeaderStory(scenario, { ...good, lost: 200 }));
    // acked-writes-lost (15) earns half: 100 - 7.5.
    expect(g.score).toBe(92.5);
    expect(g.passed).toBe(true);
  });
});

describe('run facts', () => {
  it('takes the stale leader from the last sample before the fault when the scenario does not name it', () => {
    const s = testScenario({ staleLeader: undefined });
    const facts = deriveRunFacts(s, staleLeaderStory(s, good));
    expect(facts.staleLeaderFrom).toBe('observed');
    expect(facts.staleLeader).toBe('redis-1');
    expect(facts.newMaster).toBe('redis-2');
    expect(facts.tell?.kind).toBe('masters-claimed');
    expect(facts.tell?.at).toBe(T0 + 9750);
    expect(facts.rejoinedBy).toBe('demote');
  });

  it('sees the tell in the sentinels when the stale leader is frozen (zombie)', () => {
    const h = new HistoryBuilder().start();
    h.ticks(0, 20_000, (at) =>
      at < 5000
        ? { masters: ['redis-1'], sentinels: ['redis-1'] }
        : at < 9500
          ? { masters: ['redis-1'], unknown: ['redis-1'], sentinels: ['redis-1'] }
          : at < 13_000
            ? {
                masters: ['redis-1', 'redis-2'],
                unknown: ['redis-1'],
                sentinels: ['redis-2', 'redis-2', 'redis-1'],
              }
            : { masters: ['redis-1', 'redis-2'], sentinels: ['redis-2'] },
    );
    h.fault(5000, { id: 'freeze', kind: 'pause', node: 'redis-1', at: { after: '5s' } });
    const facts = deriveRunFacts(scenario, h.events());
    expect(facts.tell).toMatchObject({ kind: 'sentinels-moved', at: T0 + 9500 });
    expect(facts.tell?.detail).toBe('2 of 3 sentinels name redis-2 as master instead of redis-1');
    expect(facts.newMaster).toBe('redis-2');
  });

  it('keeps the latest record of each write', () => {
    const h = new HistoryBuilder().start();
    h.add(100, {
      kind: 'writes',
      records: [
        {
          client: 'a',
          seq: 1,
          key: 'k',
          node: 'redis-1',
          sentAt: T0,
          doneAt: T0 + 1,
          outcome: 'timeout',
        },
      ],
    });
    h.add(200, {
      kind: 'writes',
      records: [
        {
          client: 'a',
          seq: 1,
          key: 'k',
          node: 'redis-1',
          sentAt: T0,
          doneAt: T0 + 2,
          outcome: 'ack',
        },
      ],
    });
    expect(deriveRunFacts(scenario, h.events()).writes).toEqual([
      expect.objectContaining({ outcome: 'ack' }),
    ]);
  });
});

describe('acked-writes-lost bands', () => {
  const ctxWith = (lost: number, lostBands?: [number, number]) => {
    const events = new HistoryBuilder().start().ledger(1000, 800, lost).events();
    return {
      ...deriveRunFacts(scenario, events),
      check: 'acked-writes-lost' as const,
      weight: 10,
      params: lostBands ? { lostBands } : {},
    };
  };
  it.each([
    [0, 'pass', 1, 'good'],
    [150, 'pass', 1, 'good'],
    [151, 'pass', 0.5, 'fair'],
    [300, 'pass', 0.5, 'fair'],
    [301, 'fail', 0, 'poor'],
  ])('%i lost -> %s with credit %d (%s)', (lost, v, credit, band) => {
    const r = ackedWritesLost(ctxWith(lost, [150, 300]));
    expect(r).toMatchObject({ verdict: v, credit, weight: 10, figures: { lost, band } });
  });
  it('uses default bands and is unknown without a ledger', () => {
    expect(ackedWritesLost(ctxWith(60)).figures).toMatchObject({
      good: 50,
      fair: 200,
      band: 'fair',
    });
    const bare = {
      ...deriveRunFacts(scenario, new HistoryBuilder().start().events()),
      check: 'acked-writes-lost' as const,
      weight: 10,
      params: {},
    };
    expect(ackedWritesLost(bare).verdict).toBe('unknown');
  });
});

describe('config-fixed', () => {
  const ctxWith = (
    quorum: Record<string, number | null>,
    mrw: Record<string, number>,
    settings: Record<string, number>,
    expected: Record<string, number>,
  ) => {
    const h = new HistoryBuilder()
      .start(settings)
      .act(1000, {
        kind: 'console',
        node: 'sentinel-1',
        command: 'redis-cli -p 26379 SENTINEL SET mymaster quorum 2',
      })
      .health(2000, { settingsReadBack: { quorum, minReplicasToWrite: mrw } });
    return {
      ...deriveRunFacts(scenario, h.events()),
      check: 'config-fixed' as const,
      weight: 40,
      params: { settings: expected },
    };
  };
  const all = (v: number) => ({ 'sentinel-1': v, 'sentinel-2': v, 'sentinel-3': v });
  const data = (v: number) => ({ 'redis-1': v, 'redis-2': v, 'redis-3': v });

  it('passes when every sentinel reads the expected quorum', () => {
    const r = configFixed(ctxWith(all(2), data(0), {}, { quorum: 2 }));
    expect(r.verdict).toBe('pass');
    expect(r.figures?.configCommands).toBe(1);
  });
  it('fails naming the sentinel that was not fixed', () => {
    const r = configFixed(ctxWith({ ...all(2), 'sentinel-3': 1 }, data(0), {}, { quorum: 2 }));
    expect(r.verdict).toBe('fail');
    expect(r.why).toBe('Not fixed: quorum should be 2 but sentinel-3 has 1.');
  });
  it('counts a node that should hold the setting and gave no reading as not fixed', () => {
    const r = configFixed(ctxWith({ ...all(2), 'sentinel-2': null }, data(0), {}, { quorum: 2 }));
    expect(r.verdict).toBe('fail');
    expect(r.why).toBe('Not fixed: quorum should be 2 but sentinel-2 has no reading.');
  });
  it('accepts stricter min-replicas values and reads max-lag from the run settings', () => {
    const expected = { minReplicasToWrite: 1, minReplicasMaxLagSeconds: 5 };
    expect(
      configFixed(ctxWith(all(2), data(2), { minReplicasMaxLagSeconds: 3 }, expected)).verdict,
    ).toBe('pass');
    const loose = configFixed(ctxWith(all(2), data(1), { minReplicasMaxLagSeconds: 10 }, expected));
    expect(loose.verdict).toBe('fail');
    expect(loose.why).toMatch(
      /minReplicasMaxLagSeconds should be at most 5 but run settings has 10/,
    );
    expect(
      configFixed(ctxWith(all(2), data(0), { minReplicasMaxLagSeconds: 3 }, expected)).verdict,
    ).toBe('fail');
  });
});

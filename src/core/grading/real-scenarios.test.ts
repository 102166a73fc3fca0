import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CheckId } from '../../shared/scenario-schema';
import type { GradeResult } from '../../shared/scenario-types';
import { parseResponseText } from '../scenarios/response-file';
import { loadScenarios } from '../scenarios/scenario-loader';
import { gradeRun } from './grade-run';
import {
  keepalivedStory,
  storyOfSteps,
} from '../../systems/keepalived/grading/testing/keepalived-test-history';
import { HistoryBuilder, staleLeaderStory } from '../testing/test-history';

const { scenarios } = await loadScenarios(
  fileURLToPath(new URL('../../../scenarios', import.meta.url)),
);
const get = (id: string) => {
  const s = scenarios.get(id);
  if (!s) throw new Error(`scenario ${id} did not load`);
  return s;
};

/** The reference of stale-leader / one-way-partition, replayed on a synthetic history (fault at 5 s). */
const referenceLike = {
  fenceAt: 10_500,
  exportAt: 11_500,
  healAt: 13_000,
  demoteAt: 14_000,
  unfenceAt: 16_000,
  endAt: 19_000,
};

describe('the real scenarios graded on synthetic histories', () => {
  it.each(['stale-leader', 'one-way-partition'])(
    '%s: a reference-like response passes, doing nothing fails',
    (id) => {
      const s = get(id);
      const ref = gradeRun(s, staleLeaderStory(s, referenceLike));
      expect(ref.checks.filter((c) => c.verdict !== 'pass')).toEqual([]);
      expect(ref.passed).toBe(true);
      const none = gradeRun(s, staleLeaderStory(s, { endAt: 45_000 }));
      expect(none.passed).toBe(false);
      expect(none.score).toBeLessThan(s.grading.passMark / 2);
    },
  );

  it('stale-leader: a person who fences 26 s after two masters show passes with half time credit', () => {
    const s = get('stale-leader');
    // Two masters at 9.7 s; the fence lands at 35.7 s, then export, heal, demote, unfence, end.
    const g = gradeRun(
      s,
      staleLeaderStory(s, {
        fenceAt: 35_700,
        exportAt: 41_000,
        healAt: 49_000,
        demoteAt: 55_000,
        unfenceAt: 63_000,
        endAt: 71_000,
      }),
    );
    const timing = g.checks.find((c) => c.check === 'stale-leader-stopped-writes')!;
    expect(timing).toMatchObject({ verdict: 'pass', credit: 0.5 });
    expect(timing.figures).toMatchObject({ band: 'partial', fullWithinSeconds: 20 });
    expect(timing.why).toMatch(/after the 20 s for full credit but within 120 s: half credit/);
    expect(g.passed).toBe(true);
    // Waiting past the partial band fails the timing check.
    const late = gradeRun(
      s,
      staleLeaderStory(s, {
        fenceAt: 140_000,
        healAt: 150_000,
        demoteAt: 155_000,
        unfenceAt: 160_000,
        endAt: 170_000,
      }),
    );
    expect(late.checks.find((c) => c.check === 'stale-leader-stopped-writes')?.verdict).toBe(
      'fail',
    );
  });

  it('stale-leader: fencing redis-2 instead is graded as fencing the wrong node', () => {
    const s = get('stale-leader');
    const g = gradeRun(
      s,
      staleLeaderStory(s, { ...referenceLike, fenceNode: 'redis-2', demoteAt: undefined }),
    );
    expect(g.checks.find((c) => c.check === 'did-not-fence-new-master')?.verdict).toBe('fail');
    expect(g.passed).toBe(false);
  });

  it('prevention-drill: the protected master stops by itself; unprotected it does not', () => {
    const s = get('prevention-drill');
    const run = (protectedRun: boolean) => {
      const h = new HistoryBuilder().start({
        quorum: 2,
        downAfterMs: 3000,
        minReplicasToWrite: protectedRun ? 1 : 0,
        minReplicasMaxLagSeconds: protectedRun ? 3 : 10,
      });
      const healAt = protectedRun ? 15_000 : undefined;
      const rejoinAt = protectedRun ? 16_000 : undefined;
      const endAt = protectedRun ? 20_000 : 45_000;
      h.ticks(0, endAt, (at) =>
        at < 9800
          ? { masters: ['redis-1'], sentinels: ['redis-1'] }
          : rejoinAt === undefined || at < rejoinAt
            ? { masters: ['redis-1', 'redis-2'], sentinels: ['redis-2'] }
            : { masters: ['redis-2'], sentinels: ['redis-2'] },
      );
      h.fault(5000, s.faults[0]!);
      const refuses = (at: number) =>
        (protectedRun && at >= 8800) || (rejoinAt !== undefined && at >= rejoinAt);
      h.writes(
        'app-pinned',
        () => 'redis-1',
        0,
        endAt,
        (at) => (refuses(at) ? 'fail' : 'ack'),
      );
      if (healAt !== undefined)
        h.act(healAt, { kind: 'heal', fault: 'cut-master' }).fault(healAt, s.faults[0]!, 'revert');
      if (rejoinAt !== undefined) h.act(rejoinAt, { kind: 'demote', node: 'redis-1' });
      const mrw = protectedRun ? 1 : 0;
      h.health(endAt + 100, {
        settingsReadBack: {
          quorum: { 'sentinel-1': 2, 'sentinel-2': 2, 'sentinel-3': 2 },
          minReplicasToWrite: { 'redis-1': mrw, 'redis-2': mrw, 'redis-3': mrw },
        },
        ...(protectedRun
          ? {}
          : {
              masters: ['redis-1', 'redis-2'],
              replicasCaughtUp: ['redis-3'],
              activeFaults: ['cut-master'],
            }),
      });
      h.ledger(endAt + 200, 1000, protectedRun ? 76 : 800);
      return gradeRun(s, h.events());
    };
    const good = run(true);
    expect(good.checks.filter((c) => c.verdict !== 'pass')).toEqual([]);
    expect(good.passed).toBe(true);
    const none = run(false);
    expect(none.checks.map((c) => c.verdict)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(none.score).toBe(0);
  });

  it('quorum-one: fixing the quorum everywhere passes, leaving quorum 1 fails', () => {
    const s = get('quorum-one');
    const run = (fixed: boolean) => {
      const h = new HistoryBuilder().start({ quorum: 1, downAfterMs: 3000 });
      const rejoinAt = fixed ? 13_500 : 22_000;
      const endAt = fixed ? 19_000 : 50_000;
      h.ticks(0, endAt, (at) =>
        at < 9800
          ? { masters: ['redis-1'], sentinels: ['redis-1'], quorum: 1 }
          : at < rejoinAt
            ? { masters: ['redis-1', 'redis-2'], sentinels: ['redis-2'] }
            : { masters: ['redis-2'], sentinels: ['redis-2'] },
      );
      h.fault(5000, s.faults[0]!);
      if (fixed) {
        h.act(10_500, { kind: 'isolate-clients', node: 'redis-1' });
        for (const [i, n] of ['sentinel-1', 'sentinel-2', 'sentinel-3'].entries()) {
          h.act(11_000 + i * 300, {
            kind: 'console',
            node: n,
            command: 'redis-cli -p 26379 SENTINEL SET mymaster quorum 2',
          });
        }
        h.act(12_500, { kind: 'heal', fault: 'blind-sentinel' }).fault(
          12_500,
          s.faults[0]!,
          'revert',
        );
        h.act(13_500, { kind: 'demote', node: 'redis-1' });
        h.act(15_500, { kind: 'unisolate-clients', node: 'redis-1' });
      }
      const fenced = (at: number) => fixed && at >= 10_500 && at < 15_500;
      h.writes(
        'app-pinned',
        () => 'redis-1',
        0,
        endAt,
        (at) => (fenced(at) || at >= rejoinAt ? 'fail' : 'ack'),
      );
      const q = fixed ? 2 : 1;
      h.health(endAt + 100, {
        settingsReadBack: {
          quorum: { 'sentinel-1': q, 'sentinel-2': q, 'sentinel-3': q },
          minReplicasToWrite: { 'redis-1': 0, 'redis-2': 0, 'redis-3': 0 },
        },
        ...(fixed ? {} : { activeFaults: ['blind-sentinel'] }),
      });
      h.ledger(endAt + 200, 1000, fixed ? 28 : 490);
      return gradeRun(s, h.events());
    };
    const good = run(true);
    expect(good.checks.filter((c) => c.verdict !== 'pass')).toEqual([]);
    const none = run(false);
    expect(none.passed).toBe(false);
    expect(none.checks.find((c) => c.check === 'config-fixed')?.why).toMatch(
      /quorum should be 2 but sentinel-1 has 1/,
    );
  });

  it('zombie-leader: fencing the moment it thaws passes; waiting for Sentinel fails', () => {
    const s = get('zombie-leader');
    const run = (respond: boolean) => {
      const h = new HistoryBuilder().start();
      const rejoinAt = respond ? 15_500 : 23_000;
      const endAt = respond ? 21_000 : 45_000;
      h.ticks(0, endAt, (at) =>
        at < 5000
          ? { masters: ['redis-1'], sentinels: ['redis-1'] }
          : at < 9800
            ? { masters: ['redis-1'], unknown: ['redis-1'], sentinels: ['redis-1'] }
            : at < 13_000
              ? { masters: ['redis-1', 'redis-2'], unknown: ['redis-1'], sentinels: ['redis-2'] }
              : at < rejoinAt
                ? { masters: ['redis-1', 'redis-2'], sentinels: ['redis-2'] }
                : { masters: ['redis-2'], sentinels: ['redis-2'] },
      );
      h.fault(5000, s.faults[0]!).fault(13_000, s.faults[0]!, 'revert');
      if (respond) {
        h.act(13_500, { kind: 'isolate-clients', node: 'redis-1' });
        h.act(14_500, { kind: 'export-keys', node: 'redis-1' });
        h.act(15_500, { kind: 'demote', node: 'redis-1' });
        h.act(18_000, { kind: 'unisolate-clients', node: 'redis-1' });
      }
      h.writes(
        'app-pinned',
        () => 'redis-1',
        0,
        endAt,
        (at) =>
          at < 5000
            ? 'ack'
            : at < 13_000
              ? 'timeout'
              : (respond && at >= 13_500) || at >= rejoinAt
                ? 'fail'
                : 'ack',
      );
      h.health(endAt + 100);
      h.ledger(endAt + 200, 1000, respond ? 10 : 200);
      return gradeRun(s, h.events());
    };
    const good = run(true);
    expect(good.checks.filter((c) => c.verdict !== 'pass')).toEqual([]);
    const none = run(false);
    expect(none.passed).toBe(false);
    // Sentinel repairs everything by itself, so final health and "did not fence" pass
    // vacuously, and the woken master stops taking writes once Sentinel demotes it (13 s after
    // the tell here: full time credit); the writes it took meanwhile are lost, fenced it was not.
    expect(none.score).toBe(55);
    expect(none.checks.find((c) => c.check === 'stale-leader-stopped-writes')?.why).toMatch(
      /stopped on its own \(the sentinels or its own checks\), not after a move/,
    );
  });
});

describe('the keepalived scenarios graded on synthetic histories', () => {
  const verdictOf = (g: GradeResult, id: CheckId) => g.checks.find((c) => c.check === id)?.verdict;
  const responseSteps = async (file: string) => {
    const path = fileURLToPath(
      new URL(`../../../scenarios/keepalived/responses/${file}`, import.meta.url),
    );
    const parsed = parseResponseText(await readFile(path, 'utf8'), file, get('vrrp-dual-master'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.steps;
  };

  it.each(['vrrp-dual-master', 'deaf-backup', 'vrid-mismatch'])(
    '%s: the reference passes every check, doing nothing fails',
    (id) => {
      const s = get(id);
      const ref = gradeRun(s, keepalivedStory(s, storyOfSteps(s)));
      expect(ref.checks.filter((c) => c.verdict !== 'pass')).toEqual([]);
      expect(ref.score).toBe(100);
      const none = gradeRun(s, keepalivedStory(s, { endAt: 60_000 }));
      expect(none.passed).toBe(false);
      expect(none.score).toBeLessThan(s.grading.passMark / 2);
      for (const id of ['dual-master-ended', 'right-router-kept', 'final-health'] as const)
        expect([id, verdictOf(none, id)]).toEqual([id, 'fail']);
    },
  );

  it('vrrp-dual-master: stopping keepalived on router-1 fails right-router-kept', async () => {
    const s = get('vrrp-dual-master');
    const steps = await responseSteps('vrrp-dual-master-stop-router-1.yaml');
    const g = gradeRun(s, keepalivedStory(s, storyOfSteps(s, steps)));
    expect(verdictOf(g, 'right-router-kept')).toBe('fail');
    expect(g.checks.find((c) => c.check === 'right-router-kept')?.why).toMatch(
      /stop-keepalived on router-1 at \+11\.0 s/,
    );
    expect(g.passed).toBe(false);
  });

  it('vrrp-dual-master: fencing router-2 without announcing the VIP leaves the clients on its MAC', async () => {
    const s = get('vrrp-dual-master');
    const steps = await responseSteps('vrrp-dual-master-no-announce.yaml');
    const g = gradeRun(s, keepalivedStory(s, storyOfSteps(s, steps)));
    expect(verdictOf(g, 'dual-master-ended')).toBe('pass');
    expect(verdictOf(g, 'right-router-kept')).toBe('pass');
    expect(verdictOf(g, 'client-traffic-settled')).toBe('fail');
    expect(g.checks.find((c) => c.check === 'client-traffic-settled')?.why).toMatch(
      /still went to router-2's MAC.*announce-vip router-1/,
    );
    expect(g.passed).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { HistoryBuilder, T0 } from '../../../core/testing/test-history';
import {
  KEEPALIVED_SETTINGS,
  MACS,
  keepalivedStory,
  testKeepalivedScenario,
  vrrpSampleOf,
  type VrrpTick,
} from './testing/keepalived-test-history';
import { authoritativeRouter, findSplitEnd, isSplitSample, routerMacs } from './keepalived-facts';
import { deriveRunFacts } from '../../../core/grading/run-facts';
import { splitEndCause } from './split-end-cause';

const scenario = testKeepalivedScenario();
const samplesOf = (ticks: [number, VrrpTick][]) =>
  ticks.map(([at, tick]) => vrrpSampleOf(T0 + at, tick));
const one: VrrpTick = { masters: ['router-1'] };
const two: VrrpTick = { masters: ['router-1', 'router-2'] };

describe('findSplitEnd', () => {
  it('is the first sample after the last split one', () => {
    const s = samplesOf([
      [0, one],
      [1000, two],
      [2000, one],
      [3000, two],
      [4000, one],
      [5000, one],
    ]);
    expect(findSplitEnd(s, T0 + 1000)).toBe(T0 + 4000);
  });

  it('counts two MACs answering ARP as split even with one router in MASTER', () => {
    const kept: VrrpTick = { masters: ['router-1'], vip: ['router-1', 'router-2'] };
    const s = samplesOf([
      [0, kept],
      [1000, kept],
      [2000, one],
    ]);
    expect(isSplitSample(s[0]!)).toBe(true);
    expect(findSplitEnd(s, T0)).toBe(T0 + 2000);
  });

  it('is undefined while the last sample is still split, and with no sample after the tell', () => {
    const s = samplesOf([
      [0, one],
      [1000, two],
      [2000, two],
    ]);
    expect(findSplitEnd(s, T0 + 1000)).toBeUndefined();
    expect(findSplitEnd(s, T0 + 5000)).toBeUndefined();
  });
});

describe('authoritativeRouter', () => {
  it("takes the scenario's, with its priority from the settings", () => {
    expect(authoritativeRouter(scenario, KEEPALIVED_SETTINGS)).toEqual({
      node: 'router-1',
      from: 'scenario',
      priority: 150,
    });
  });

  it('falls back to the highest priority, and names nobody on a tie', () => {
    const s = testKeepalivedScenario({ authoritative: undefined });
    expect(authoritativeRouter(s, { router1Priority: 90, router2Priority: 120 })).toEqual({
      node: 'router-2',
      from: 'priority',
      priority: 120,
    });
    expect(authoritativeRouter(s, { router1Priority: 100, router2Priority: 100 })).toBeUndefined();
    expect(authoritativeRouter(s, {})).toBeUndefined();
  });
});

describe('deriveRunFacts on keepalived histories', () => {
  it('finds the VRRP tell, the end of the split, the MACs and says "the VRRP election"', () => {
    const f = deriveRunFacts(
      scenario,
      keepalivedStory(scenario, { stopRogueAt: 12_000, announceAt: 13_000 }),
    );
    expect(f.coordinators).toBe('the VRRP election');
    expect(f.tell).toEqual({
      at: T0 + 8000,
      kind: 'masters-claimed',
      detail: 'router-1 and router-2 are both in VRRP state MASTER',
    });
    expect(f.splitEndedAt).toBe(T0 + 12_000);
    expect(f.authoritative?.node).toBe('router-1');
    expect(f.routerMacs).toEqual({
      [MACS['router-1']!]: 'router-1',
      [MACS['router-2']!]: 'router-2',
    });
    expect(f.fences.map((a) => a.action)).toEqual([{ kind: 'stop-keepalived', node: 'router-2' }]);
    expect(f.keepalivedEvents[0]).toMatchObject({ node: 'router-2', event: 'entering-master' });
  });

  it('has no splitEndedAt while still split at the end', () => {
    const f = deriveRunFacts(scenario, keepalivedStory(scenario));
    expect(f.tell?.at).toBe(T0 + 8000);
    expect(f.splitEndedAt).toBeUndefined();
  });

  it('tells by the vip-macs tell when only the ARP answers show two routers', () => {
    const h = new HistoryBuilder().start(KEEPALIVED_SETTINGS);
    h.samples(0, 4000, (at) =>
      vrrpSampleOf(
        T0 + at,
        at < 2000 ? one : { masters: ['router-1'], vip: ['router-1', 'router-2'] },
      ),
    );
    h.fault(1000, { id: 'kill', kind: 'kill-keepalived', node: 'router-2', at: { after: '1s' } });
    const f = deriveRunFacts(testKeepalivedScenario({ staleLeader: undefined }), h.events());
    expect(f.tell).toEqual({
      at: T0 + 2000,
      kind: 'vip-macs',
      detail: '2 MACs answer ARP for the VIP (router-1, router-2)',
    });
    expect(f.splitEndedAt).toBeUndefined();
  });

  it('observes the rogue router when the scenario names no stale leader', () => {
    const f = deriveRunFacts(
      testKeepalivedScenario({ staleLeader: undefined }),
      keepalivedStory(scenario),
    );
    expect([f.staleLeader, f.staleLeaderFrom]).toEqual(['router-2', 'observed']);
  });
});

describe('routerMacs', () => {
  it('maps lower-cased MACs to routers', () => {
    const s = vrrpSampleOf(T0, one);
    const r1 = s.nodes.find((n) => n.node === 'router-1')!;
    r1.mac = r1.mac!.toUpperCase();
    expect(routerMacs([s])[MACS['router-1']!]).toBe('router-1');
  });
});

describe('splitEndCause', () => {
  it('names a fault that expired by itself, and nothing when the split ended long after the last move', () => {
    const story = (extra: (h: HistoryBuilder) => void) =>
      deriveRunFacts(scenario, keepalivedStory(scenario, { healAt: 14_000, extra }));
    const reverted = deriveRunFacts(
      scenario,
      keepalivedStory(scenario, { healAt: 14_000 }).filter((e) => e.kind !== 'action'),
    );
    expect(splitEndCause(reverted)).toMatchObject({
      what: 'drop-vrrp reverted',
      by: 'fault-revert',
    });
    const healed = story(() => undefined);
    expect(splitEndCause(healed)).toMatchObject({
      what: 'heal drop-vrrp',
      by: 'action',
      t: T0 + 14_000,
    });
    const inert = story((h) => h.act(13_000, { kind: 'declare-authoritative', node: 'router-1' }));
    expect(splitEndCause(inert)?.what).toBe('heal drop-vrrp');
  });

  it('counts a move stamped on completion shortly after the split ended', () => {
    const stopped = deriveRunFacts(
      scenario,
      keepalivedStory(scenario, { healAt: 14_000 })
        .filter((e) => e.kind !== 'action')
        .filter((e) => e.kind !== 'fault' || e.phase !== 'revert'),
    );
    const end = stopped.splitEndedAt!;
    const late = {
      ...stopped,
      actions: [
        {
          t: end + 900,
          issuedAt: end - 100,
          ok: true,
          source: 'palette' as const,
          action: { kind: 'stop-keepalived' as const, node: 'router-2' },
        },
      ],
    };
    expect(splitEndCause(late)?.what).toMatch(/stop-keepalived/);
    const tooLate = {
      ...late,
      actions: [{ ...late.actions[0]!, t: end + 5_000, issuedAt: end + 4_000 }],
    };
    expect(splitEndCause(tooLate)).toBeUndefined();
  });
});

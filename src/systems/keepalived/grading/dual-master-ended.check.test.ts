import { describe, expect, it } from 'vitest';
import { dualMasterEnded } from './dual-master-ended.check';
import {
  KEEPALIVED_SETTINGS,
  keepalivedStory,
  testKeepalivedScenario,
  vrrpSampleOf,
} from './testing/keepalived-test-history';
import { HistoryBuilder, T0, contextFor } from '../../../core/testing/test-history';

const scenario = testKeepalivedScenario();
const check = (events: ReturnType<typeof keepalivedStory>, params?: { withinSeconds?: number }) =>
  dualMasterEnded(contextFor(scenario, events, 'dual-master-ended', params));

describe('dual-master-ended', () => {
  it('passes when the rogue is taken out of the election soon after the tell, naming the move', () => {
    const r = check(keepalivedStory(scenario, { stopRogueAt: 12_000, announceAt: 13_000 }));
    expect(r.verdict).toBe('pass');
    expect(r.figures).toMatchObject({
      seconds: 4,
      ended: true,
      band: 'full',
      fullWithinSeconds: 20,
    });
    expect(r.why).toMatch(
      /ended 4 s after the first tell showed \(\+8\.0 s → \+12\.0 s, after stop-keepalived router-2 at \+12\.0 s\)/,
    );
  });

  it('names a heal that ended it (router-1 hears the lower priority and forces an election)', () => {
    const r = check(keepalivedStory(scenario, { healAt: 14_000 }));
    expect(r.verdict).toBe('pass');
    expect(r.why).toMatch(/after heal drop-vrrp at \+14\.0 s/);
  });

  it('fails with the figure when it ended later than allowed', () => {
    const r = check(
      keepalivedStory(scenario, { stopRogueAt: 33_000, announceAt: 34_000, endAt: 45_000 }),
    );
    expect(r.verdict).toBe('fail');
    expect(r.figures?.seconds).toBe(25);
    expect(r.why).toMatch(/ended only 25 s after the first tell.*more than the 20 s allowed/);
    expect(
      check(keepalivedStory(scenario, { stopRogueAt: 33_000, endAt: 45_000 }), {
        withinSeconds: 30,
      }).verdict,
    ).toBe('pass');
  });

  it('fails when two routers still claimed MASTER at the end', () => {
    const r = check(keepalivedStory(scenario, { endAt: 40_000 }));
    expect(r.verdict).toBe('fail');
    expect(r.figures?.ended).toBe(false);
    expect(r.why).toMatch(
      /two routers \(router-1, router-2\) still claimed MASTER when the scenario ended/,
    );
  });

  it('is unknown without a fault, and without a tell after it', () => {
    const h = new HistoryBuilder().start(KEEPALIVED_SETTINGS);
    h.samples(0, 10_000, (at) => vrrpSampleOf(T0 + at, { masters: ['router-1'] }));
    const noFault = check(h.events());
    expect(noFault.verdict).toBe('unknown');
    expect(noFault.why).toMatch(/No fault fired/);
    h.fault(2000, scenario.faults[0]!);
    const noTell = check(h.events());
    expect(noTell.verdict).toBe('unknown');
    expect(noTell.why).toMatch(/No second router entered VRRP MASTER/);
  });
});

import { describe, expect, it } from 'vitest';
import { clientTrafficSettled } from './client-traffic-settled.check';
import { keepalivedStory, testKeepalivedScenario } from './testing/keepalived-test-history';
import { contextFor } from '../../../core/testing/test-history';

const scenario = testKeepalivedScenario();
const check = (events: ReturnType<typeof keepalivedStory>) =>
  clientTrafficSettled(contextFor(scenario, events, 'client-traffic-settled'));

describe('client-traffic-settled', () => {
  it('passes when router-1 announces the VIP right after router-2 is fenced', () => {
    const r = check(
      keepalivedStory(scenario, {
        stopRogueAt: 12_000,
        announceAt: 13_000,
        healAt: 15_000,
        startRogueAt: 16_000,
      }),
    );
    expect(r.verdict).toBe('pass');
    expect(r.figures).toMatchObject({
      master: 'router-1',
      settleSeconds: 1,
      neighbour: 'router-1',
    });
    expect(r.why).toMatch(
      /settled on router-1 within 1 s .*1 failed \(ECONNRESET\).*answered by router-1 through router-2's MAC/,
    );
    expect(r.why).toMatch(/client's neighbour entry for the VIP points at router-1/);
  });

  it("fails when requests still go to the fenced rogue's MAC, naming the fix", () => {
    const r = check(
      keepalivedStory(scenario, { stopRogueAt: 12_000, healAt: 15_000, startRogueAt: 16_000 }),
    );
    expect(r.verdict).toBe('fail');
    expect(r.figures?.viaOtherMac).toBeGreaterThan(400);
    expect(r.why).toMatch(/requests still went to router-2's MAC until the scenario ended/);
    expect(r.why).toMatch(/announce-vip router-1/);
  });

  it('grades the time to settle in bands: a person who announces the VIP a while later', () => {
    const story = keepalivedStory(scenario, { stopRogueAt: 12_000, announceAt: 19_000 });
    const banded = (timeBands: [number, number]) =>
      clientTrafficSettled(contextFor(scenario, story, 'client-traffic-settled', { timeBands }));
    // Settled 7 s after the split ended: full credit within 8 s...
    expect(banded([8, 20])).toMatchObject({ verdict: 'pass', credit: 1 });
    // ...half credit between 5 and 20 s...
    const half = banded([5, 20]);
    expect(half).toMatchObject({ verdict: 'pass', credit: 0.5 });
    expect(half.figures).toMatchObject({ settleSeconds: 7, band: 'partial' });
    expect(half.why).toMatch(/half credit/);
    // ...and a fail past the partial band, naming where the apps still went.
    const late = banded([3, 5]);
    expect(late.verdict).toBe('fail');
    expect(late.figures).toMatchObject({ settleSeconds: 7, band: 'late', partialWithinSeconds: 5 });
    expect(late.why).toMatch(/still went to router-2's MAC until \+18\.9 s/);
    // Without bands in the scenario, the card's minutes give a person 30 s for full credit.
    expect(check(story)).toMatchObject({ verdict: 'pass', credit: 1 });
  });

  it('fails when the apps never move back to the master (no announce), whatever the bands', () => {
    const r = check(keepalivedStory(scenario, { stopRogueAt: 12_000, endAt: 40_000 }));
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(/until the scenario ended/);
  });

  it('fails while the split never ended', () => {
    const r = check(keepalivedStory(scenario));
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(/never ended/);
  });

  it('is unknown with too little traffic after the split', () => {
    const r = check(
      keepalivedStory(scenario, { stopRogueAt: 12_000, announceAt: 12_000, endAt: 13_000 }),
    );
    expect(r.verdict).toBe('unknown');
    expect(r.why).toMatch(/too little traffic/);
  });

  it('is unknown without a fault', () => {
    const events = keepalivedStory(scenario, { stopRogueAt: 12_000 }).filter(
      (e) => e.kind !== 'fault',
    );
    expect(check(events).verdict).toBe('unknown');
  });

  it('judges the traffic against the last full reading when router-1 could not be read at the end', () => {
    const story = keepalivedStory(scenario, {
      stopRogueAt: 12_000,
      announceAt: 13_000,
      healAt: 15_000,
      startRogueAt: 16_000,
    }).map((e) =>
      e.kind === 'final-health'
        ? {
            ...e,
            health: {
              ...e.health,
              masters: [],
              keepalived: { ...e.health.keepalived!, unreadable: { 'router-1': 'no answer' } },
            },
          }
        : e,
    );
    const r = check(story);
    expect(r.verdict).toBe('pass');
    expect(r.figures).toMatchObject({ master: 'router-1' });
  });
});

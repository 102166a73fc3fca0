import { describe, expect, it } from 'vitest';
import { clientTrafficSettled } from './client-traffic-settled.check';
import { keepalivedStory, testKeepalivedScenario } from './keepalived-test-history';
import { contextFor } from './test-history';

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

  it('fails when the VIP is announced only after the grace, with the moment it settled', () => {
    const r = check(keepalivedStory(scenario, { stopRogueAt: 12_000, announceAt: 19_000 }));
    expect(r.verdict).toBe('fail');
    expect(r.figures).toMatchObject({ settleSeconds: 7, withinSeconds: 5 });
    expect(r.why).toMatch(/still went to router-2's MAC until \+18\.9 s/);
    const lenient = clientTrafficSettled(
      contextFor(
        scenario,
        keepalivedStory(scenario, { stopRogueAt: 12_000, announceAt: 19_000 }),
        'client-traffic-settled',
        { withinSeconds: 8 },
      ),
    );
    expect(lenient.verdict).toBe('pass');
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
});

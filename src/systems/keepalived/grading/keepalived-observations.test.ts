import { describe, expect, it } from 'vitest';
import { deriveRunFacts } from '../../../core/grading/run-facts';
import { keepalivedStory, testKeepalivedScenario } from './testing/keepalived-test-history';
import { staleLeaderStory, testScenario } from '../../../core/testing/test-history';
import { buildObservations } from './keepalived-observations';

const scenario = testKeepalivedScenario();
const observe = (
  s = scenario,
  events = keepalivedStory(s, { stopRogueAt: 12_000, announceAt: 13_000 }),
) => buildObservations(deriveRunFacts(s, events));

describe('buildObservations (keepalived)', () => {
  it('holds "a network blip" against how long the split lasted and what ended it', () => {
    const [blip] = observe();
    expect(blip?.looksLike).toBe('A network blip; one reset and on.');
    expect(blip?.shows).toBe(
      'The split lasted 4.0 s (+8.0 s → +12.0 s): two routers were in VRRP MASTER for 4.0 s (+8.0 s → +12.0 s), and the client saw two MACs answer ARP for the VIP for 4.0 s (+8.0 s → +12.0 s). It ended with stop-keepalived router-2 at +12.0 s.',
    );
  });

  it('says the split was still on at the end when nothing ended it', () => {
    const [blip] = observe(scenario, keepalivedStory(scenario, { endAt: 30_000 }));
    expect(blip?.shows).toMatch(
      /began at \+8\.0 s and was still on when the scenario ended, 21\.8 s later/,
    );
    expect(blip?.shows).toMatch(/Nothing ended it/);
  });

  it('holds "application flakiness" against where each client\'s requests went and how they failed', () => {
    const [, flaky] = observe();
    expect(flaky?.looksLike).toBe('Application flakiness in the gateway.');
    expect(flaky?.shows).toMatch(
      /^During the split \(\+8\.0 s → \+12\.0 s\): app-oneshot: 80 requests, answered by router-2 100%, sent to router-2's MAC 100%; none failed; app-session: 80 requests/,
    );
    expect(flaky?.shows).toMatch(
      /1 ECONNRESET \(right as its ARP entry for the VIP moved to another MAC\)/,
    );
    expect(flaky?.shows).toMatch(/Every answered call came from router-2, not router-1/);
  });

  it('shows the requests spread over two routers when the deaf router-1 re-announces', () => {
    const s = testKeepalivedScenario({
      faults: [
        {
          id: 'deaf',
          kind: 'block-vrrp',
          nodes: ['router-2'],
          direction: 'inbound',
          at: { after: '5s' },
        },
      ],
      reference: [{ since: 'deaf', after: '8s', do: { kind: 'heal', fault: 'deaf' } }],
    });
    const [, flaky] = observe(s, keepalivedStory(s, { healAt: 13_000 }));
    expect(flaky?.shows).toMatch(/answered by router-1 \d+%, router-2 \d+%/);
    expect(flaky?.shows).toMatch(
      /The calls went to 2 routers by where each client's ARP entry for the VIP pointed/,
    );
    expect(flaky?.shows).toMatch(/2 resets came right as an ARP entry for the VIP moved/);
  });

  it('falls back to short titles when the card has no matching misdiagnosis', () => {
    const s = testKeepalivedScenario({
      teaching: {
        ...scenario.teaching,
        misdiagnoses: [{ looksLike: 'Other.', butActually: 'b', howToTell: 'c' }],
      },
    });
    expect(observe(s).map((o) => o.looksLike)).toEqual(['A network blip', 'Application flakiness']);
  });

  it('is empty without a split and for other systems', () => {
    const noFault = keepalivedStory(scenario).filter((e) => e.kind !== 'fault');
    expect(observe(scenario, noFault)).toEqual([]);
    const redis = testScenario();
    expect(
      buildObservations(deriveRunFacts(redis, staleLeaderStory(redis, { endAt: 20_000 }))),
    ).toEqual([]);
  });
});

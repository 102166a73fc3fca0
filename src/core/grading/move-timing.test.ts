import { describe, expect, it } from 'vitest';
import { checkPointsText } from '../../shared/check-points';
import { ackedWritesLost } from './acked-writes-lost.check';
import { staleLeaderStoppedWrites } from './stale-leader-stopped-writes.check';
import { contextFor, staleLeaderStory, testScenario } from '../testing/test-history';

// Bands of 5 s (full) and 20 s (half); loss: good up to 60, fair up to 150.
const scenario = testScenario({
  grading: {
    passMark: 70,
    checks: [
      { check: 'stale-leader-stopped-writes', weight: 25, params: { timeBands: [5, 20] } },
      { check: 'acked-writes-lost', weight: 15, params: { lostBands: [60, 150] } },
      { check: 'final-health', weight: 60 },
    ],
  },
});
const stopped = (events: ReturnType<typeof staleLeaderStory>) =>
  staleLeaderStoppedWrites(contextFor(scenario, events, 'stale-leader-stopped-writes'));
const lost = (events: ReturnType<typeof staleLeaderStory>) =>
  ackedWritesLost(contextFor(scenario, events, 'acked-writes-lost'));

// The sentinels fail over at 9.7 s: the first tell (two masters) is the sample at 9.75 s.
const TELL = 9750;

describe('time-based grading judges the trainee, not the machine', () => {
  it('a fence issued 3 s after the tell showed keeps full credit although a busy engine took 6 s to land it', () => {
    const events = staleLeaderStory(scenario, {
      shownDelay: 600, // the tell's reading reached the screen 0.6 s after its tick
      fenceIssuedAt: TELL + 600 + 3000,
      fenceAt: TELL + 600 + 3000 + 6000,
      demoteAt: 30_000,
    });
    const r = stopped(events);
    expect(r.verdict).toBe('pass');
    expect(r.credit).toBe(1);
    expect(r.figures).toMatchObject({
      seconds: 3,
      band: 'full',
      move: 'isolate-clients redis-1',
      engineSeconds: 6,
    });
    // The stale master acknowledged app-pinned's writes while the fence was landing: 20/s for 6 s.
    expect(r.figures?.ackedWhileLanding).toBe(120);
    expect(r.why).toContain('isolate-clients redis-1 was issued 3 s after the first tell showed');
    expect(r.why).toContain(
      "the engine took 6 s to carry it out (the machine's time, not counted)",
    );
    expect(checkPointsText(r, 'redis-sentinel')).toBe(
      '25 / 25 (full credit: isolate-clients redis-1 issued 3 s after the tell showed; the engine took 6 s more, not counted; full within 5 s, half within 20 s)',
    );
  });

  it('the same late landing without the issue time (the machine counted against the trainee) falls out of full credit', () => {
    const events = staleLeaderStory(scenario, {
      shownDelay: 600,
      fenceAt: TELL + 600 + 3000 + 6000,
      demoteAt: 30_000,
    });
    const r = stopped(events);
    expect(r.figures).toMatchObject({ seconds: 9, band: 'partial' });
    expect(r.why).toMatch(
      /^redis-1's last acknowledged write came 9 s after the first tell showed/,
    );
  });

  it('a trainee who waited is judged on the wait, not on the engine', () => {
    const events = staleLeaderStory(scenario, {
      fenceIssuedAt: TELL + 12_000,
      fenceAt: TELL + 12_500,
      demoteAt: 30_000,
    });
    const r = stopped(events);
    expect(r.figures).toMatchObject({ seconds: 12, band: 'partial' });
    expect(r.credit).toBe(0.5);
  });

  it('a fence that never takes effect still fails: the writes went on', () => {
    const events = staleLeaderStory(scenario, {
      fenceIssuedAt: TELL + 1000,
      fenceAt: TELL + 1500,
      fenceNode: 'redis-3', // the wrong node: redis-1 keeps acknowledging
      endAt: 40_000,
    });
    const r = stopped(events);
    expect(r.verdict).toBe('fail');
    expect(r.figures?.move).toBeUndefined();
  });

  it('the loss check judges the trainee share: writes lost while the fence was landing are counted apart', () => {
    const events = staleLeaderStory(scenario, {
      fenceIssuedAt: TELL + 1000,
      fenceAt: TELL + 1000 + 6000,
      demoteAt: 30_000,
    });
    const r = lost(events);
    // redis-1 acknowledged from the fault (5 s) to the fence's landing (16.75 s): 235 writes lost,
    // 120 of them in the 6 s the engine took to land the fence.
    expect(r.figures).toMatchObject({ lost: 235, machineLost: 120, judged: 115, band: 'fair' });
    expect(r.why).toContain(
      "120 of them were acknowledged while isolate-clients redis-1 was landing (issued → done, the machine's delay), so the trainee's share is 115",
    );
    expect(checkPointsText(r, 'redis-sentinel')).toContain(
      "115 acknowledged writes lost by the trainee's time (120 more while the fence was landing)",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { checkBand, checkPointsText, creditText } from './check-points';
import { CHECK_TITLES, checkTitle } from './check-titles';
import type { CheckResult } from './scenario-types';

const stale = (figures: CheckResult['figures'], credit: number, verdict = 'pass'): CheckResult => ({
  check: 'stale-leader-stopped-writes',
  verdict: verdict as CheckResult['verdict'],
  weight: 25,
  credit,
  why: '…',
  figures,
});
const bands = { fullWithinSeconds: 20, partialWithinSeconds: 120 };

describe('check titles', () => {
  it("speak each system's words, and fall back to Sentinel's, then to the id", () => {
    expect(checkTitle('did-not-fence-new-master', 'redis-sentinel')).toBe(
      'The new master was left alone',
    );
    expect(checkTitle('did-not-fence-new-master', 'patroni')).toBe('The new leader was left alone');
    expect(checkTitle('final-health', 'keepalived')).toBe('The pair was left healthy');
    expect(checkTitle('acked-writes-lost', 'patroni')).toBe(CHECK_TITLES['acked-writes-lost']);
    expect(checkTitle('some-new-check' as never, 'patroni')).toBe('some-new-check');
  });
});

describe('check points', () => {
  it('time bands: full, half credit with the limits, too late', () => {
    expect(
      checkPointsText(stale({ ...bands, band: 'full', seconds: 6.2 }, 1), 'redis-sentinel'),
    ).toBe(
      '25 / 25 (full credit: writes stopped 6.2 s after the tell; full within 20 s, half within 120 s)',
    );
    expect(checkPointsText(stale({ ...bands, band: 'partial', seconds: 26 }, 0.5), 'patroni')).toBe(
      '12.5 / 25 (half credit: writes stopped 26 s after the tell; full within 20 s, half within 120 s)',
    );
    expect(
      checkPointsText(stale({ ...bands, band: 'late', seconds: 140 }, 0, 'fail'), 'redis-sentinel'),
    ).toBe(
      '0 / 25 (no credit: writes stopped 140 s after the tell; full within 20 s, half within 120 s)',
    );
  });

  it('a stale leader that acknowledged nothing after the tell, or never stopped', () => {
    expect(
      checkPointsText(stale({ ...bands, band: 'full', seconds: 0 }, 1), 'redis-sentinel'),
    ).toBe('25 / 25 (full credit: no write after the tell; full within 20 s, half within 120 s)');
    // Late although within the limits: still acknowledging when the scenario ended.
    expect(
      checkPointsText(stale({ ...bands, band: 'late', seconds: 9 }, 0, 'fail'), 'redis-sentinel'),
    ).toContain('no credit: writes had not stopped when the scenario ended (9 s after the tell)');
    expect(
      checkPointsText(stale({ ...bands, band: 'full', seconds: 3 }, 1), 'keepalived'),
    ).toContain('answers stopped 3 s after the tell');
  });

  it('the older withinSeconds (no half band) and a split that never ended', () => {
    const ended: CheckResult = {
      check: 'dual-master-ended',
      verdict: 'fail',
      weight: 25,
      credit: 0,
      why: '…',
      figures: {
        band: 'late',
        seconds: 44,
        ended: false,
        fullWithinSeconds: 15,
        partialWithinSeconds: 15,
      },
    };
    expect(checkPointsText(ended, 'keepalived')).toBe(
      '0 / 25 (no credit: the split was still on 44 s after the tell; full within 15 s, no half credit)',
    );
  });

  it('count bands, checks without bands, unknown verdicts, and figures from before bands', () => {
    const lost: CheckResult = {
      check: 'acked-writes-lost',
      verdict: 'pass',
      weight: 15,
      credit: 0.5,
      why: '…',
      figures: { lost: 180, acked: 900, good: 150, fair: 300, band: 'fair' },
    };
    expect(checkPointsText(lost, 'redis-sentinel')).toBe(
      '7.5 / 15 (half credit: 180 acknowledged writes lost; good up to 150, fair up to 300)',
    );
    expect(checkBand(lost)).toMatchObject({ kind: 'count', band: 'fair', count: 180 });
    const plain = { ...lost, check: 'config-fixed' as const, figures: {} };
    expect(checkPointsText({ ...plain, credit: 1 }, 'redis-sentinel')).toBe('15 / 15');
    expect(checkPointsText(plain, 'redis-sentinel')).toBe('7.5 / 15 (half credit)');
    expect(checkPointsText({ ...plain, verdict: 'unknown', credit: 0 }, 'patroni')).toBe(
      '0 / 15 (not known)',
    );
    // A stored debrief graded before bands: seconds only.
    expect(checkBand(stale({ seconds: 6.2 }, 1))).toBeUndefined();
    expect(checkPointsText(stale({ seconds: 6.2 }, 1), 'redis-sentinel')).toBe('25 / 25');
    expect(creditText(0.25)).toBe('25% credit');
  });
});

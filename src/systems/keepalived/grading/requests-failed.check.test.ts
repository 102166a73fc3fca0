import { describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../../shared/scenario-types';
import {
  KEEPALIVED_SETTINGS,
  MACS,
  testKeepalivedScenario,
} from './testing/keepalived-test-history';
import { failureKind } from './request-failures';
import { requestsFailed } from './requests-failed.check';
import { HistoryBuilder, contextFor } from '../../../core/testing/test-history';

const scenario = testKeepalivedScenario();

/** 10 s of requests from 0, with `resets` ECONNRESET and `timeouts` timeouts right after the fault at 5 s. */
function history(resets: number, timeouts: number, fault = true) {
  const h = new HistoryBuilder().start(KEEPALIVED_SETTINGS);
  if (fault) h.fault(5000, scenario.faults[0]!);
  h.requests('app-session', 0, 10_000, (at) => {
    const i = Math.round((at - 5000) / 50);
    if (i >= 0 && i < resets)
      return { node: 'none', via: MACS['router-2']!, outcome: 'fail', error: 'read ECONNRESET' };
    if (i >= resets && i < resets + timeouts) return { node: 'none', outcome: 'timeout' };
    return { node: 'router-1', via: MACS['router-1']!, outcome: 'ack' };
  });
  return h.events();
}
const check = (events: ReturnType<typeof history>) =>
  requestsFailed(contextFor(scenario, events, 'requests-failed'));

describe('requests-failed', () => {
  it('passes at or under the good band, with the figures by kind', () => {
    const r = check(history(4, 2));
    expect([r.verdict, r.credit]).toEqual(['pass', 1]);
    expect(r.figures).toMatchObject({
      failed: 6,
      sent: 100,
      'failed:ECONNRESET': 4,
      'failed:timeout': 2,
      band: 'good',
    });
    expect(r.why).toBe(
      '6 of 100 requests sent from the fault on failed or timed out (4 ECONNRESET, 2 timeout): within the good band (≤ 6).',
    );
  });

  it('gives half credit in the fair band and fails above it', () => {
    const fair = check(history(3, 10));
    expect([fair.verdict, fair.credit, fair.figures?.band]).toEqual(['pass', 0.5, 'fair']);
    const poor = check(history(1, 30));
    expect([poor.verdict, poor.credit]).toEqual(['fail', 0]);
    expect(poor.why).toMatch(/31 of 100 .*\(30 timeout, 1 ECONNRESET\): more than the 20/);
  });

  it('counts only requests sent from the fault on', () => {
    const h = new HistoryBuilder().start(KEEPALIVED_SETTINGS);
    h.requests('app-oneshot', 0, 4000, () => ({ node: 'none', outcome: 'timeout' }));
    h.fault(4000, scenario.faults[0]!);
    h.requests('app-oneshot', 4000, 6000, () => ({ node: 'router-1', outcome: 'ack' }));
    expect(check(h.events()).figures).toMatchObject({ failed: 0, sent: 40 });
  });

  it('is unknown without a fault or without requests after it', () => {
    expect(check(history(0, 0, false)).verdict).toBe('unknown');
    const h = new HistoryBuilder().start(KEEPALIVED_SETTINGS);
    h.fault(5000, scenario.faults[0]!);
    expect(check(h.events()).why).toMatch(/No requests were recorded after the fault/);
  });
});

describe('failureKind', () => {
  const w = (outcome: WriteRecord['outcome'], error?: string): WriteRecord => ({
    client: 'c',
    seq: 1,
    key: 'k',
    node: 'none',
    sentAt: 0,
    doneAt: 1,
    outcome,
    ...(error ? { error } : {}),
  });
  it('names socket codes, HTTP statuses, timeouts and other errors', () => {
    expect(failureKind(w('ack'))).toBeUndefined();
    expect(failureKind(w('timeout'))).toBe('timeout');
    expect(failureKind(w('fail', 'connect EHOSTUNREACH 10.99.0.250:80'))).toBe('EHOSTUNREACH');
    expect(failureKind(w('fail', 'HTTP 502 Bad Gateway'))).toBe('HTTP 502');
    expect(failureKind(w('fail', 'socket hang up'))).toBe('socket hang up');
    expect(failureKind(w('fail', 'session connection gone'))).toBe('session connection gone');
    expect(failureKind(w('fail'))).toBe('error');
  });
});

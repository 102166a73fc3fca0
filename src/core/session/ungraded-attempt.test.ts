import { describe, expect, it } from 'vitest';
import { oneLineReason } from '../../shared/debrief-types';
import { EngineUnreachableError } from '../runtime/container-runtime';
import type { UngradedAttempt } from './attempt-store';
import {
  UngradedKeeper,
  bringUpFailedReason,
  faultFailedReason,
  gradingFailedReason,
  workloadFailedReason,
} from './ungraded-attempt';

const base = {
  attemptId: 'r-1',
  scenarioId: 'stale-leader',
  title: 'The stale leader',
  startedAt: 1_000,
  pace: 'human' as const,
};

function keeper(keepable: () => boolean, store?: (a: UngradedAttempt) => Promise<void>) {
  const stored: UngradedAttempt[] = [];
  const failures: string[] = [];
  const k = new UngradedKeeper({
    keepable,
    attempt: () => base,
    store: (a) => {
      stored.push(a);
      return store ? store(a) : Promise.resolve();
    },
    failed: (m) => failures.push(m),
  });
  return { k, stored, failures };
}

describe('why a run was not graded, in one line', () => {
  it('keeps the first line of a message, blanks collapsed, at most 300 characters', () => {
    expect(oneLineReason('\n  boom:   it broke \n    at x (y.ts:1:2)\n')).toBe('boom: it broke');
    expect(oneLineReason('y'.repeat(400))).toBe(`${'y'.repeat(299)}…`);
  });

  it('names the Docker engine when it is the engine that went away', () => {
    const gone = new EngineUnreachableError(
      'No Docker engine answers at npipe:////./pipe/x',
      '',
      [],
    );
    expect(gradingFailedReason(gone)).toBe(
      'the Docker engine went away: No Docker engine answers at npipe:////./pipe/x',
    );
    expect(workloadFailedReason(gone)).toMatch(/^the Docker engine went away: /);
    expect(bringUpFailedReason('No Docker engine answers at unix:///s: EACCES')).toMatch(
      /^the Docker engine went away: /,
    );
    expect(bringUpFailedReason('redis-2 is not ready after 90 s')).toBe(
      'the lab could not be brought up: redis-2 is not ready after 90 s',
    );
    expect(gradingFailedReason(new Error('ledger: exec timed out\n  at z'))).toBe(
      'grading failed: ledger: exec timed out',
    );
    expect(faultFailedReason('cut-primary', new Error('iptables: busy'))).toBe(
      'the fault cut-primary could not be put in place: iptables: busy',
    );
  });
});

describe('UngradedKeeper', () => {
  it('keeps once: the first reason wins', async () => {
    const { k, stored } = keeper(() => true);
    await Promise.all([k.keep('stopped before the end'), k.keep('the app closed during the run')]);
    await k.keep('grading failed: x');
    expect(stored).toEqual([{ ...base, reason: 'stopped before the end' }]);
  });

  it('keeps nothing for a run that is not keepable (graded, or never started)', async () => {
    const { k, stored } = keeper(() => false);
    await k.keep('stopped before the end');
    expect(stored).toEqual([]);
  });

  it('never rejects: a failed store is reported in one line; cleanup runs beside it', async () => {
    let cleaned = false;
    const { k, failures } = keeper(
      () => true,
      () => Promise.reject(new Error('ENOSPC: no space left\n  at write')),
    );
    await k.during('stopped before the end', async () => {
      cleaned = true;
    });
    expect(cleaned).toBe(true);
    expect(failures).toEqual(['the ungraded attempt could not be kept: ENOSPC: no space left']);
  });
});

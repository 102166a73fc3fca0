import { describe, expect, it } from 'vitest';
import type { HealthRow } from '../../../renderer/src/components/final-health-kit';
import { SYSTEM_VIEWS } from '../../../renderer/src/components/system-views';
import { lockFinalHealth } from '../shared/testing/lock-fixtures';

const rowsOf = SYSTEM_VIEWS['lock-service'].finalHealthRows;

/** The row with this test id: [value, ok]. */
function row(rows: HealthRow[], id: string): [string, boolean | 'unknown'] | undefined {
  const r = rows.find(([, , , testId]) => testId === id);
  return r ? [r[1], r[2]] : undefined;
}

describe('lock-service final-health rows', () => {
  it('a healthy end: the holder and its token, the check on, nothing stale', () => {
    const rows = rowsOf(lockFinalHealth());
    expect(row(rows, 'masters')).toEqual(['worker-2 (token 12)', true]);
    expect(row(rows, 'previous-holder')).toEqual(['worker-1 (token 7)', true]);
    expect(row(rows, 'fencing-check')).toEqual([
      'on: refuses a token below the highest accepted',
      true,
    ]);
    expect(row(rows, 'highest-token')).toEqual(['12', true]);
    expect(row(rows, 'accepted-writes')).toEqual(['worker-1=40 · worker-2=55', true]);
    expect(row(rows, 'stale-accepted')).toEqual(['0', true]);
    expect(row(rows, 'unreadable')).toBeUndefined();
    expect(row(rows, 'fences')).toEqual(['none', true]);
  });

  it('the check off and stale writes in fail their rows; a free lock is no fault', () => {
    const h = lockFinalHealth();
    const rows = rowsOf({
      ...h,
      masters: [],
      lock: {
        lock: {},
        fence: { ...h.lock!.fence!, checkOn: false, staleAccepted: 3 },
      },
    });
    expect(row(rows, 'masters')).toEqual(['none (the lock is free)', true]);
    expect(row(rows, 'fencing-check')).toEqual(['off: takes every token', false]);
    expect(row(rows, 'stale-accepted')).toEqual(['3', false]);
    expect(row(rows, 'previous-holder')).toBeUndefined();
  });

  it('a node that could not be read is unknown, never healthy or not', () => {
    const rows = rowsOf(
      lockFinalHealth({ lock: { unreadable: { 'etcd-1': 'paused', storage: 'timeout' } } }),
    );
    expect(row(rows, 'masters')).toEqual(['unknown (etcd-1 did not answer)', 'unknown']);
    expect(row(rows, 'fencing-check')).toEqual(['unknown (storage did not answer)', 'unknown']);
    expect(row(rows, 'unreadable')).toEqual(['etcd-1 (paused) · storage (timeout)', 'unknown']);
  });

  it('without its part, says so in its own words', () => {
    const { lock: _lock, ...shared } = lockFinalHealth();
    const rows = rowsOf(shared);
    expect(row(rows, 'lock-service-missing')).toEqual(['not recorded in this run', 'unknown']);
    expect(rows[0]?.[0]).toBe('lock holder in etcd');
  });
});

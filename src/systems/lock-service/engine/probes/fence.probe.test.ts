import { describe, expect, it } from 'vitest';
import { parseFenceRow } from './fence.probe';

describe('parseFenceRow', () => {
  it("reads storage's state from its row, bigints as node-postgres returns them (text)", () => {
    expect(
      parseFenceRow({
        check_on: true,
        highest: '12',
        accepted: { 'worker-1': '40', 'worker-2': '3' },
        stale: '1',
        last: { worker: 'worker-2', token: '12' },
      }),
    ).toEqual({
      checkOn: true,
      highest: 12,
      accepted: { 'worker-1': 40, 'worker-2': 3 },
      staleAccepted: 1,
      lastWriter: 'worker-2',
      lastToken: 12,
    });
  });

  it('reads a storage that has accepted nothing yet (accepted and last null)', () => {
    expect(
      parseFenceRow({ check_on: false, highest: '0', accepted: null, stale: '0', last: null }),
    ).toEqual({ checkOn: false, highest: 0, accepted: {}, staleAccepted: 0 });
  });

  it('throws without a fence row', () => {
    expect(() => parseFenceRow(undefined)).toThrow('storage has no fence row');
  });
});

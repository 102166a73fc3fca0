import { describe, expect, it } from 'vitest';
import { readinessFailure } from './readiness-failure';

describe('readinessFailure', () => {
  it('says in one short line what was not ready and the last reading in a few words', () => {
    const wall = Array.from(
      { length: 20 },
      (_, i) => `router-${i}: connect ECONNREFUSED 127.0.0.1:${32768 + i}`,
    ).join('; ');
    const msg = readinessFailure(
      {
        ready: false,
        conditions: [
          { name: '2 routers answer', ok: true, detail: 'router-1: MASTER' },
          { name: 'BACKUP hears the MASTER', ok: false, detail: wall },
          { name: 'client reaches the MASTER through the VIP', ok: false, detail: wall },
        ],
      },
      90_000,
    );
    expect(msg).toMatch(
      /^not ready after 90 s: BACKUP hears the MASTER \(router-0: .*…\) and 1 more$/,
    );
    expect(msg).not.toContain('\n');
    expect(msg.length).toBeLessThan(140);
  });

  it('names the only failing condition with its short reading', () => {
    expect(
      readinessFailure(
        { ready: false, conditions: [{ name: 'all sentinels agree', ok: false, detail: 'no' }] },
        30_000,
      ),
    ).toBe('not ready after 30 s: all sentinels agree (no)');
  });
});

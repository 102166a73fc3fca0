import { describe, expect, it } from 'vitest';
import { classifyPatroniLine, repeatFilter } from './patroni-log.probe';

describe('classifyPatroniLine', () => {
  it.each([
    ['2026-11-23 10:00:01,120 INFO: promoted self to leader by acquiring session lock', 'promoted'],
    ['2026-11-23 10:00:01,120 INFO: acquired session lock as a leader', 'promoted'],
    [
      '2026-11-23 10:00:01,120 INFO: demoting self because DCS is not accessible and I was a leader',
      'demoting',
    ],
    ['2026-11-23 10:00:01,120 INFO: Demoting self (immediate-nolock)', 'demoting'],
    ['2026-11-23 10:00:01,120 ERROR: Error communicating with DCS', 'dcs-unreachable'],
    ['2026-11-23 10:00:01,120 INFO: running pg_rewind from pg-2', 'rewind'],
    [
      '2026-11-23 10:00:01,120 INFO: PAUSE: no action. I am (pg-2), a secondary, and following a leader (pg-1)',
      'no-action-paused',
    ],
    [
      '2026-11-23 10:00:01,120 INFO: no action. I am (pg-3), a secondary, and following a leader (pg-2)',
      'following',
    ],
  ])('%s -> %s', (line, event) => {
    expect(classifyPatroniLine(line)?.event).toBe(event);
  });

  it('ignores routine loop lines and strips the timestamp of the ones it keeps', () => {
    expect(
      classifyPatroniLine(
        '2026-11-23 10:00:01,120 INFO: no action. I am (pg-1), the leader with the lock',
      ),
    ).toBeUndefined();
    expect(
      classifyPatroniLine('2026-11-23 10:00:01,120 INFO: Lock owner: pg-1; I am pg-2'),
    ).toBeUndefined();
    expect(
      classifyPatroniLine('2026-11-23 10:00:01,120 INFO: running pg_rewind from pg-2')?.line,
    ).toBe('INFO: running pg_rewind from pg-2');
  });
});

describe('repeatFilter', () => {
  it('passes a node line once until it changes, per node', () => {
    const fresh = repeatFilter();
    expect(fresh('pg-2', 'following a leader (pg-1)')).toBe(true);
    expect(fresh('pg-2', 'following a leader (pg-1)')).toBe(false);
    expect(fresh('pg-3', 'following a leader (pg-1)')).toBe(true);
    expect(fresh('pg-2', 'following a leader (pg-3)')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { clockFileLine } from './clock-skew.fault';
import { clockOffsetMs, clockSkewFaultSchema } from '../../shared/redis-sentinel.schema';
import { describeFault } from '../../../../shared/fault-registry';

describe('clock-skew', () => {
  it('writes the line dojo-clock.c reads, with only the fields in use', () => {
    expect(clockFileLine({ offsetMs: 0 })).toBe('0\n');
    expect(clockFileLine({ offsetMs: -1500 })).toBe('-1500\n');
    expect(clockFileLine({ offsetMs: 20_000, driftPpm: 100, sinceMs: 1_700_000_000_000 })).toBe(
      '20000 100 1700000000000\n',
    );
    expect(clockFileLine({ offsetMs: 8000, sinceMs: 5, flapMs: 10_000 })).toBe('8000 0 5 10000\n');
  });

  it('reads signed offsets and refuses unsigned or huge ones', () => {
    expect(clockOffsetMs('+20s')).toBe(20_000);
    expect(clockOffsetMs('-500ms')).toBe(-500);
    expect(clockOffsetMs('+1.5m')).toBe(90_000);
    const parse = (offset: string, extra = {}) =>
      clockSkewFaultSchema.safeParse({
        id: 'skew',
        kind: 'clock-skew',
        node: 'sentinel-1',
        offset,
        at: { after: '5s' },
        ...extra,
      }).success;
    expect(parse('+20s')).toBe(true);
    expect(parse('20s')).toBe(false);
    expect(parse('+1441m')).toBe(false);
    expect(parse('+8s', { flapEvery: '10s' })).toBe(true);
    expect(parse('+8s', { flapEvery: '500ms' })).toBe(false);
  });

  it('says what it does in the timeline', () => {
    expect(
      describeFault({
        id: 'fight',
        kind: 'clock-skew',
        node: 'sentinel-2',
        offset: '+8s',
        flapEvery: '10s',
        at: { after: '5s' },
        duration: '40s',
      }),
    ).toBe("sentinel-2's clock jumps +8s, back and forth every 10s for 40s");
  });
});

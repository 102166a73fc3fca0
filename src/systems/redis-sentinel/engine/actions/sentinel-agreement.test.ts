import { describe, expect, it } from 'vitest';
import { agreedMaster, describeViews, parseMasterAddr } from './sentinel-agreement';

const at = (ip: string) => ({ master: { ip, port: 6379 } });

describe('agreedMaster', () => {
  it('is the master a strict majority of all sentinels names', () => {
    expect(
      agreedMaster([
        { sentinel: 's1', ...at('10.0.0.12') },
        { sentinel: 's2', ...at('10.0.0.12') },
        { sentinel: 's3', ...at('10.0.0.11') },
      ]),
    ).toEqual({ ip: '10.0.0.12', port: 6379 });
  });

  it('counts silent sentinels: 1 of 3 answering is no agreement', () => {
    expect(
      agreedMaster([
        { sentinel: 's1', ...at('10.0.0.12') },
        { sentinel: 's2', error: 'paused' },
        { sentinel: 's3', error: 'paused' },
      ]),
    ).toBeUndefined();
    expect(agreedMaster([{ sentinel: 's1', ...at('10.0.0.12') }], 1)).toEqual({
      ip: '10.0.0.12',
      port: 6379,
    });
    expect(agreedMaster([])).toBeUndefined();
  });

  it('a 1-1 split is no agreement', () => {
    expect(
      agreedMaster([
        { sentinel: 's1', ...at('10.0.0.12') },
        { sentinel: 's2', ...at('10.0.0.11') },
      ]),
    ).toBeUndefined();
  });
});

describe('parseMasterAddr', () => {
  it('reads the two raw lines', () => {
    expect(parseMasterAddr('10.0.0.12\n6379\n')).toEqual({
      master: { ip: '10.0.0.12', port: 6379 },
    });
  });
  it('an unknown master name (empty reply) or an error is no view', () => {
    expect(parseMasterAddr('\n').error).toMatch(/no master/);
    expect(parseMasterAddr('', 1, 'Could not connect').error).toContain('Could not connect');
  });
  it('describes views with node names', () => {
    expect(
      describeViews(
        [
          { sentinel: 's1', ...at('10.0.0.12') },
          { sentinel: 's2', error: 'paused' },
        ],
        (ip) => (ip === '10.0.0.12' ? 'redis-2' : ip),
      ),
    ).toBe('s1 -> redis-2:6379, s2 -> (paused)');
  });
});

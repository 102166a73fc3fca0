import { describe, expect, it } from 'vitest';
import { option, positiveOption } from './bench-cli';

const argv = [
  'node',
  'bench.ts',
  '--scenario',
  'split-vote',
  '--labs',
  '4',
  '--rounds',
  'x',
  '--pace',
];

describe('bench command line', () => {
  it('reads the value after an option, or the fallback', () => {
    expect(option('scenario', 'stale-leader', argv)).toBe('split-vote');
    expect(option('missing', 'stale-leader', argv)).toBe('stale-leader');
    expect(option('pace', 'fast', argv)).toBe('fast');
  });

  it('reads positive numbers; anything else is the fallback', () => {
    expect(positiveOption('labs', 3, argv)).toBe(4);
    expect(positiveOption('rounds', 10, argv)).toBe(10);
    expect(positiveOption('pace', 2, argv)).toBe(2);
    expect(positiveOption('missing', 5, argv)).toBe(5);
    expect(positiveOption('labs', 3, ['--labs', '0'])).toBe(3);
  });
});

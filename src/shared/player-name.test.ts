import { describe, expect, it } from 'vitest';
import { playerSchema } from './engine-contract';
import { playerNameProblem } from './player-name';

describe('a player name', () => {
  it('is checked the same way in the renderer and at the engine boundary', () => {
    const names = [
      'Ana',
      'Zoë O’Brien',
      'x',
      'a'.repeat(40),
      '',
      '  ',
      ' Ana',
      'Ana ',
      'a'.repeat(41),
      'A\u0007na',
      'A\u200bna',
    ];
    for (const name of names)
      expect(playerNameProblem(name) === undefined, JSON.stringify(name)).toBe(
        playerSchema.safeParse(name).success,
      );
    expect(playerNameProblem('Ana')).toBeUndefined();
    expect(playerNameProblem(' Ana')).toBe('no leading or trailing spaces');
    expect(playerNameProblem('a'.repeat(41))).toBe('at most 40 characters');
  });
});

import { describe, expect, it } from 'vitest';
import { labsFitting, placeLabs, type PlacementEngine } from './placement';

const engine = (id: string, fit: number, running = 0, pingMs?: number): PlacementEngine => ({
  id,
  reachable: true,
  labsFit: fit,
  labsRunning: running,
  ...(pingMs !== undefined ? { pingMs } : {}),
});

describe('placeLabs', () => {
  it('spreads labs by the room left, the nearer engine first on a tie', () => {
    const engines = [engine('local', 2, 0, 1), engine('e1', 2, 0, 30)];
    expect(placeLabs(engines, 3).map((p) => p.engineId)).toEqual(['local', 'e1', 'local']);
  });

  it('counts the labs already running (other rooms, other processes)', () => {
    const engines = [engine('local', 2, 2, 1), engine('e1', 8, 1, 40)];
    const placed = placeLabs(engines, 4);
    expect(placed.map((p) => p.engineId)).toEqual(['e1', 'e1', 'e1', 'e1']);
    expect(placed.every((p) => !p.over)).toBe(true);
  });

  it('never places on an engine that does not answer', () => {
    const engines = [{ ...engine('local', 8), reachable: false }, engine('e1', 1)];
    expect(placeLabs(engines, 2)).toEqual([
      { engineId: 'e1', over: false },
      { engineId: 'e1', over: true },
    ]);
  });

  it('marks labs past every engine’s room, and still places them', () => {
    const placed = placeLabs([engine('local', 1, 1), engine('e1', 1, 0)], 3);
    expect(placed.map((p) => `${p.engineId}${p.over ? '!' : ''}`)).toEqual(['e1', 'local!', 'e1!']);
  });

  it('throws with a reason when no engine answers', () => {
    expect(() => placeLabs([{ ...engine('local', 2), reachable: false }], 1)).toThrow(
      /no engine of the pool answers/,
    );
  });
});

describe('labsFitting', () => {
  const footprint = { cpus: 1, memoryBytes: 1024 ** 3 };
  it('is bounded by CPUs and by memory', () => {
    expect(labsFitting(2, 23 * 1024 ** 3, footprint)).toBe(2);
    expect(labsFitting(16, 4 * 1024 ** 3, footprint)).toBe(4);
    expect(labsFitting(undefined, 4 * 1024 ** 3, footprint)).toBe(0);
  });
});

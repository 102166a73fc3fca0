import { describe, expect, it } from 'vitest';
import { MAC_1, MAC_2, clientNode, kaDualMaster, kaHealthy } from './testing/keepalived-fixtures';
import { redisNode, sample } from '../../../renderer/src/test/fake-client';
import { neighbourFlipsOf, neighbourTracker, trackNeighbour } from './vip-neighbour';

describe("the client's neighbour entry for the VIP", () => {
  it('counts moves from one MAC to another; a missing entry is not a move', () => {
    const flips = neighbourFlipsOf([
      kaHealthy(0, 0),
      kaDualMaster(1000, 1, 0, MAC_2),
      sample(1500, [clientNode([MAC_1, MAC_2], undefined, undefined)]),
      kaDualMaster(2000, 2, 0, MAC_2),
      kaDualMaster(3000, 3, 0, MAC_1),
    ]);
    expect(flips).toEqual({ mac: MAC_1, flips: 2, lastFlipAt: 3000, lastT: 3000 });
  });

  it('ignores late samples and labs without a client', () => {
    expect(trackNeighbour(undefined, sample(0, [redisNode('redis-1', 'master')]))).toBeUndefined();
    const t = trackNeighbour(undefined, kaDualMaster(2000, 2, 0, MAC_2))!;
    expect(trackNeighbour(t, kaHealthy(1000, 1))).toBe(t);
    expect(trackNeighbour(t, kaHealthy(3000, 3))).toMatchObject({ flips: 1, mac: MAC_1 });
  });

  it('after a snapshot keeps the larger count (the snapshot may hold flips this window missed)', () => {
    const live = neighbourFlipsOf([kaHealthy(0, 0), kaDualMaster(1000, 1, 0, MAC_2)])!;
    const rebuilt = neighbourFlipsOf([kaDualMaster(1000, 1, 0, MAC_2)])!;
    expect(neighbourTracker.merge(live, rebuilt)).toBe(live);
    const more = neighbourFlipsOf([
      kaHealthy(0, 0),
      kaDualMaster(1000, 1, 0, MAC_2),
      kaHealthy(2000, 2),
    ])!;
    expect(neighbourTracker.merge(live, more)).toBe(more);
    expect(neighbourTracker.merge(undefined, undefined)).toBeUndefined();
  });
});

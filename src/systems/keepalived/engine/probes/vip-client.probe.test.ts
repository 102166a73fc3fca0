import { describe, expect, it } from 'vitest';
import {
  CLIENT_READING_STALE_MS,
  parseVipClientReading,
  vipClientObservation,
} from './vip-client.probe';

const MAC1 = '02:42:0a:09:08:0b';
const MAC2 = '02:42:0a:09:08:0c';
const owners = new Map([
  [MAC1, 'router-1'],
  [MAC2, 'router-2'],
]);
const nodeOfMac = (m: string) => owners.get(m);

/** What dojo-vip-client writes to /vip.json. */
function reading(over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    seq: 25,
    t: 1000,
    doneAt: 1260,
    vip: '10.9.8.250',
    arpMacs: [MAC1],
    neigh: [{ dst: '10.9.8.250', lladdr: MAC1, state: ['REACHABLE'] }],
    http: 'router-1',
    httpExit: 0,
    ...over,
  });
}

describe('VIP client probe', () => {
  it("reads the switch's view: one MAC answering ARP, the neighbour entry, the HTTP responder", () => {
    const obs = vipClientObservation('client', parseVipClientReading(reading()), 1300, nodeOfMac, {
      rttMs: 1,
    });
    expect(obs).toEqual({
      node: 'client',
      kind: 'vip-client',
      role: 'client',
      state: 'running',
      vipArpMacs: [MAC1],
      vipArpNodes: ['router-1'],
      vipNeighbour: { mac: MAC1, node: 'router-1', state: 'REACHABLE' },
      vipHttpResponder: 'router-1',
      readingAgeMs: 40,
      rttMs: 1,
    });
  });

  it('reads two MACs for the VIP (dual master), distinct and sorted, unknown ones by MAC', () => {
    const r = parseVipClientReading(
      reading({ arpMacs: [MAC2, MAC1, MAC2.toUpperCase(), '02:42:0a:09:08:99'] }),
    );
    expect(r.arpMacs).toEqual([MAC1, MAC2, '02:42:0a:09:08:99']);
    const obs = vipClientObservation('client', r, 1300, nodeOfMac);
    expect(obs.vipArpNodes).toEqual(['router-1', 'router-2', '02:42:0a:09:08:99']);
  });

  it('reads no ARP answer, a FAILED neighbour entry and a failed request as such', () => {
    const r = parseVipClientReading(
      reading({
        arpMacs: [],
        neigh: [{ dst: '10.9.8.250', state: ['FAILED'] }],
        http: '',
        httpExit: 28,
      }),
    );
    const obs = vipClientObservation('client', r, 1300, nodeOfMac);
    expect(obs.vipArpMacs).toEqual([]);
    expect(obs.vipNeighbour).toEqual({ state: 'FAILED' });
    expect(obs.vipHttpResponder).toBeUndefined();
    expect(parseVipClientReading(reading({ neigh: [] })).neighbour).toBeUndefined();
  });

  it('does not pass off a stale reading (stuck client loop) as the current view', () => {
    const r = parseVipClientReading(reading());
    const obs = vipClientObservation('client', r, 1260 + CLIENT_READING_STALE_MS + 1, nodeOfMac);
    expect(obs.role).toBe('unknown');
    expect(obs.vipArpMacs).toBeUndefined();
    expect(obs.error).toMatch(/ms old/);
  });

  it('reads a silent agent as unknown', () => {
    expect(vipClientObservation('client', undefined, 0, nodeOfMac, { error: 'refused' })).toEqual({
      node: 'client',
      kind: 'vip-client',
      role: 'unknown',
      state: 'unreachable',
      error: 'refused',
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  MAC_1,
  MAC_2,
  clientNode,
  kaDualMaster,
  kaHealthy,
  routerNode,
} from './testing/keepalived-fixtures';
import { sample } from '../../../renderer/src/test/fake-client';
import { roleSegments } from '../../../renderer/src/charts/chart-data';
import {
  advertRates,
  advertRows,
  arpAnswers,
  deafRouters,
  routerMacs,
  vipClientLanes,
  vipCountRows,
  vipHolders,
  vrrpStateClass,
  vrrpStateLanes,
} from './keepalived-data';

/** One sample a second for `seconds`, healthy, then the deaf backup (counters tick once a second). */
function run(healthySeconds: number, splitSeconds: number) {
  const samples = [];
  for (let s = 0; s < healthySeconds; s++) samples.push(kaHealthy(s * 1000, s));
  for (let s = healthySeconds; s < healthySeconds + splitSeconds; s++)
    samples.push(kaDualMaster(s * 1000, s, healthySeconds - 1, MAC_1));
  return samples;
}

describe('keepalived tells from probe samples', () => {
  it('reads VRRP states as lane classes; a silent router is UNKNOWN, never BACKUP', () => {
    expect(vrrpStateClass(routerNode('router-1', 'MASTER'))).toBe('MASTER');
    expect(vrrpStateClass(routerNode('router-2', 'backup'))).toBe('BACKUP');
    expect(vrrpStateClass(routerNode('router-2', 'FAULT'))).toBe('FAULT');
    expect(vrrpStateClass({ ...routerNode('router-2', 'BACKUP'), role: 'unknown' })).toBe(
      'unknown',
    );
    const samples = run(3, 3);
    const segs = roleSegments(samples, 0, vrrpStateLanes(['router-1', 'router-2']));
    expect(segs.map((s) => [s.node, s.role, s.x1, s.x2])).toEqual([
      ['router-1', 'MASTER', 0, 5],
      ['router-2', 'BACKUP', 0, 3],
      ['router-2', 'MASTER', 3, 5],
    ]);
  });

  it('counts the MACs answering ARP and the VIP holders; a bucket keeps its largest count', () => {
    const samples = run(4, 4);
    expect(arpAnswers(samples[5])).toEqual([
      { mac: MAC_1, node: 'router-1' },
      { mac: MAC_2, node: 'router-2' },
    ]);
    expect(vipHolders(samples[5])).toEqual(['router-1', 'router-2']);
    const rows = vipCountRows(samples, 0, 4);
    expect(rows.map((r) => [r.x, r['MACs answering ARP'], r['routers holding the VIP']])).toEqual([
      [1, 1, 1],
      [3, 1, 1],
      [5, 2, 2],
      [7, 2, 2],
    ]);
    // A client that did not answer is a gap, not zero MACs.
    const silent = sample(9000, [
      routerNode('router-1', 'MASTER'),
      { ...clientNode([], undefined, undefined), role: 'unknown' },
    ]);
    expect(arpAnswers(silent)).toBeUndefined();
    expect(vipCountRows([silent], 0)[0]!['MACs answering ARP']).toBeNull();
  });

  it('advert rates per second from the counters; a restart (counter down) is a gap', () => {
    const samples = run(5, 5);
    const rows = advertRows(samples, 0, ['router-1', 'router-2'], 240, 2000);
    // Before two seconds of history there is no rate.
    expect(rows[0]!['router-1 tx']).toBeNull();
    expect(rows[3]!['router-1 tx']).toBe(1);
    expect(rows[3]!['router-2 rx']).toBe(1);
    // Deaf router-2: its rx is flat at 0 while it sends; router-1 hears it and answers twice as often.
    const last = rows[rows.length - 1]!;
    expect(last['router-2 rx']).toBe(0);
    expect(last['router-2 tx']).toBe(1);
    expect(last['router-1 rx']).toBe(1);
    expect(last['router-1 tx']).toBe(2);
    const restarted = [
      kaHealthy(0, 40),
      sample(2000, [routerNode('router-1', 'MASTER', { advertsSent: 2, advertsReceived: 0 })]),
    ];
    expect(advertRows(restarted, 0, ['router-1'], 240, 2000)[1]!['router-1 tx']).toBeNull();
  });

  it('a router whose received counter stands still while its peer sends is deaf; a healthy MASTER is not', () => {
    const healthy = run(6, 0);
    const healthyRates = advertRates(healthy, ['router-1', 'router-2']);
    expect(healthyRates['router-1']).toEqual({ rx: 0, tx: 1 });
    expect(deafRouters(healthyRates)).toEqual([]);
    const split = run(4, 5);
    const rates = advertRates(split, ['router-1', 'router-2']);
    expect(rates['router-2']).toEqual({ rx: 0, tx: 1 });
    expect(deafRouters(rates)).toEqual(['router-2']);
    // Too little history: no rates, nobody called deaf.
    expect(deafRouters(advertRates(split.slice(0, 2), ['router-1', 'router-2']))).toEqual([]);
  });

  it("the client's lanes name the router of its ARP entry and of its last answer", () => {
    const samples = [
      kaDualMaster(0, 10, 5, MAC_1),
      kaDualMaster(1000, 11, 5, MAC_2),
      sample(2000, [clientNode([], undefined, undefined)]),
    ];
    const segs = roleSegments(samples, 0, vipClientLanes('client'));
    expect(segs.map((s) => [s.lane, s.role, s.x1])).toEqual([
      [0, 'router-1', 0],
      [0, 'router-2', 1],
      [0, 'none', 2],
      [1, 'router-1', 0],
      [1, 'router-2', 1],
      [1, 'none', 2],
    ]);
    expect([...routerMacs(samples)]).toEqual([
      [MAC_1, 'router-1'],
      [MAC_2, 'router-2'],
    ]);
  });
});

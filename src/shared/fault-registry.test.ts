import { describe, expect, it } from 'vitest';
import {
  FAULT_KINDS,
  describeFault,
  faultLivesOn,
  faultSettledBy,
  faultSummary,
} from './fault-registry';
import type { Action, FaultSpec } from './scenario-schema';

const specs: FaultSpec[] = [
  {
    id: 'cut',
    kind: 'partition',
    groups: [['redis-1', 'app-pinned'], ['redis-2']],
    direction: 'both',
    at: { after: '5s' },
    duration: '20s',
  },
  {
    id: 'one-way',
    kind: 'partition',
    groups: [['a'], ['b']],
    direction: 'inbound',
    at: { after: '5s' },
  },
  { id: 'freeze', kind: 'pause', node: 'redis-1', at: { after: '5s' } },
  { id: 'down', kind: 'stop-node', node: 'pg-1', at: { after: '5s' } },
  { id: 'kp', kind: 'kill-patroni', node: 'pg-1', at: { after: '5s' } },
  {
    id: 'mp',
    kind: 'manual-promote',
    node: 'pg-2',
    maintenance: true,
    at: { after: '5s' },
  },
  {
    id: 'bv',
    kind: 'block-vrrp',
    nodes: ['router-2'],
    direction: 'inbound',
    at: { after: '5s' },
  },
  { id: 'kk', kind: 'kill-keepalived', node: 'router-1', at: { after: '5s' } },
  {
    id: 'vc',
    kind: 'vrrp-config',
    node: 'router-2',
    virtualRouterId: 52,
    at: { after: '5s' },
  },
];
const byId = (id: string) => specs.find((s) => s.id === id)!;

describe('fault kinds, each defined once', () => {
  it('words every kind for the debrief (with its duration) and for the run view', () => {
    expect(specs.map(describeFault)).toEqual([
      'partition redis-1, app-pinned | redis-2 (both ways) for 20s',
      'partition a | b (inbound only, seen from the first group)',
      'freeze redis-1',
      'stop pg-1',
      'kill -9 Patroni on pg-1',
      'maintenance mode, then pg_ctl promote on pg-2',
      'drop VRRP adverts on router-2 (inbound)',
      'kill -9 keepalived on router-1',
      'push a bad VRRP config to router-2 (virtual_router_id 52)',
    ]);
    expect(specs.map(faultSummary)).toEqual([
      'partition redis-1 app-pinned | redis-2',
      'partition a ← b',
      'redis-1 paused',
      'pg-1 stopped',
      'Patroni killed on pg-1',
      'manual promote of pg-2 (maintenance on)',
      'VRRP dropped on router-2 (inbound)',
      'keepalived killed on router-1',
      'bad VRRP config on router-2',
    ]);
  });

  it('knows where rules live: a partition on its members, a VRRP block on its routers, nothing else', () => {
    expect(faultLivesOn(byId('cut'), 'app-pinned')).toBe(true);
    expect(faultLivesOn(byId('cut'), 'redis-3')).toBe(false);
    expect(faultLivesOn(byId('bv'), 'router-2')).toBe(true);
    expect(faultLivesOn(byId('bv'), 'router-1')).toBe(false);
    expect(faultLivesOn(byId('freeze'), 'redis-1')).toBe(false);
  });

  it('knows which successful moves undo a fault by other means', () => {
    const settled = (a: Action) => specs.filter((s) => faultSettledBy(a, s)).map((s) => s.id);
    expect(settled({ kind: 'start', node: 'pg-1' })).toEqual(['down', 'kp']);
    expect(settled({ kind: 'restart', node: 'router-1' })).toEqual(['kk']);
    expect(settled({ kind: 'start-keepalived', node: 'router-1' })).toEqual(['kk']);
    expect(settled({ kind: 'restart-keepalived', node: 'router-2' })).toEqual([]);
    expect(settled({ kind: 'maintenance-off' })).toEqual(['mp']);
    expect(settled({ kind: 'resume', node: 'redis-1' })).toEqual([]);
  });

  it('says which systems may use each kind and which act on a data node only', () => {
    expect(FAULT_KINDS.partition.systems).toBeUndefined();
    expect(FAULT_KINDS['kill-patroni'].systems).toEqual(['patroni']);
    expect(FAULT_KINDS['block-vrrp'].systems).toEqual(['keepalived']);
    expect(
      Object.entries(FAULT_KINDS)
        .filter(([, k]) => 'dataNodeOnly' in k && k.dataNodeOnly)
        .map(([kind]) => kind)
        .sort(),
    ).toEqual(['kill-keepalived', 'kill-patroni', 'manual-promote', 'vrrp-config']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  dataNodeNames,
  masterDivergence,
  nodeNamesOfKind,
  roleSegments,
} from '../../../renderer/src/charts/chart-data';
import {
  leaderKeyOf,
  leaseRows,
  patroniDisagrees,
  patroniRoleClass,
  patroniRoleLanes,
  primariesOf,
  timelineRows,
  timelinesDiverged,
} from './patroni-data';
import { pgHealthy, pgSplit } from './testing/patroni-fixtures';
import { etcdNode, pgNode, sample } from '../../../renderer/src/test/fake-client';

describe('Patroni chart data', () => {
  it('counts postgres nodes as data nodes and etcd members as neither data nor sentinel', () => {
    const samples = [pgHealthy(1000, 10)];
    expect(dataNodeNames(samples)).toEqual(['pg-1', 'pg-2', 'pg-3']);
    expect(nodeNamesOfKind(samples, 'etcd')).toEqual(['etcd-1']);
    expect(nodeNamesOfKind(samples, 'sentinel')).toEqual([]);
    expect(pgSplit(2000, 10).mastersClaimed).toBe(2);
  });

  it("maps Patroni's REST roles onto postgres's scale; silent REST reads unknown", () => {
    expect(patroniRoleClass('master')).toBe('master');
    expect(patroniRoleClass('primary')).toBe('master');
    expect(patroniRoleClass('replica')).toBe('replica');
    expect(patroniRoleClass('standby_leader')).toBe('replica');
    expect(patroniRoleClass('unknown')).toBe('unknown');
    expect(patroniRoleClass(undefined)).toBe('absent');
  });

  it('flags disagreement between Patroni and postgres, not a node postgres itself cannot read', () => {
    expect(patroniDisagrees(pgNode('pg-1', 'master'))).toBe(false);
    expect(patroniDisagrees(pgNode('pg-1', 'master', { patroniRole: 'unknown' }))).toBe(true);
    expect(patroniDisagrees(pgNode('pg-1', 'master', { patroniRole: 'replica' }))).toBe(true);
    expect(patroniDisagrees(pgNode('pg-2', 'replica', { patroniRole: 'master' }))).toBe(true);
    expect(patroniDisagrees(pgNode('pg-3', 'unknown', { patroniRole: 'master' }))).toBe(false);
  });

  it('two lanes per node: postgres then Patroni, run-length encoded', () => {
    const samples = [pgHealthy(1000, 10), pgSplit(2000, 20), pgSplit(3000, 30)];
    const segs = roleSegments(samples, 0, patroniRoleLanes(['pg-1']));
    expect(segs.map((s) => [s.lane, s.role, s.x1, s.x2])).toEqual([
      [0, 'master', 1, 3],
      [1, 'master', 1, 2],
      [1, 'unknown', 2, 3],
    ]);
  });

  it('reads primaries and their timelines, the leader key, and diverged timelines', () => {
    expect(primariesOf(pgSplit(1000, 10))).toEqual([
      { node: 'pg-1', timeline: 1 },
      { node: 'pg-2', timeline: 2 },
    ]);
    expect(timelinesDiverged(pgSplit(1000, 10))).toBe(true);
    expect(timelinesDiverged(pgHealthy(1000, 10))).toBe(false);
    expect(leaderKeyOf(pgSplit(1000, 10))).toEqual({
      holder: 'pg-2',
      ttlSeconds: 7,
      member: 'etcd-1',
    });
    expect(leaderKeyOf(sample(1000, [etcdNode('etcd-1')]))).toBeUndefined();
  });

  it('charts timelines, lease left and the LSN divergence between primaries', () => {
    const samples = [pgHealthy(1000, 10), pgSplit(2000, 20)];
    expect(timelineRows(samples, 0, ['pg-1', 'pg-2'])).toEqual([
      { x: 1, 'pg-1': 1, 'pg-2': 1 },
      { x: 2, 'pg-1': 1, 'pg-2': 2 },
    ]);
    expect(leaseRows(samples, 0, ['etcd-1']).map((r) => r['etcd-1'])).toEqual([9, 7]);
    expect(masterDivergence(pgSplit(2000, 20), 'lsn')).toBe(4096);
    expect(masterDivergence(pgHealthy(2000, 20), 'lsn')).toBe(0);
  });
});

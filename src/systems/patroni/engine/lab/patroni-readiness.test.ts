import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import { judgePatroniReadiness, patroniSaysPrimary } from './patroni-readiness';
import { patroniFinalHealth } from './patroni.lab';

const expected = { etcd: 1, replicas: 2, synchronousMode: false };

function etcd(holder: string | undefined, over: Partial<NodeObservation> = {}): NodeObservation {
  return {
    node: 'etcd-1',
    kind: 'etcd',
    role: 'dcs',
    state: 'running',
    ...(holder ? { leaderKey: { holder, ttlSeconds: 9 } } : {}),
    ...over,
  };
}
function leader(over: Partial<NodeObservation> = {}): NodeObservation {
  return {
    node: 'pg-1',
    kind: 'postgres',
    role: 'master',
    patroniRole: 'master',
    patroniState: 'running',
    state: 'running',
    timeline: 1,
    lsn: 1000,
    onlineReplicas: 2,
    maintenance: false,
    ...over,
  };
}
function replica(node: string, over: Partial<NodeObservation> = {}): NodeObservation {
  return {
    node,
    kind: 'postgres',
    role: 'replica',
    patroniRole: 'replica',
    patroniState: 'running',
    state: 'running',
    timeline: 1,
    lsn: 1000,
    following: 'pg-1',
    linkUp: true,
    maintenance: false,
    ...over,
  };
}
function sample(nodes: NodeObservation[]): ProbeSample {
  const data = nodes.filter((n) => n.kind === 'postgres');
  return {
    t: 0,
    nodes,
    mastersClaimed: data.filter((n) => n.role === 'master').length,
    unknownNodes: data.filter((n) => n.role === 'unknown').length,
  };
}
const healthy = (): NodeObservation[] => [etcd('pg-1'), leader(), replica('pg-2'), replica('pg-3')];
const failing = (s: ProbeSample, stage = 1, exp = expected): string[] =>
  judgePatroniReadiness(s, stage, exp)
    .conditions.filter((c) => !c.ok)
    .map((c) => c.name);

describe('judgePatroniReadiness', () => {
  it('stage 0: every etcd member answers', () => {
    expect(judgePatroniReadiness(sample([etcd(undefined)]), 0, expected).ready).toBe(true);
    expect(
      failing(sample([etcd(undefined, { role: 'unknown', state: 'unreachable' })]), 0),
    ).toEqual(['1 etcd member answers']);
    expect(failing(sample([etcd(undefined)]), 0, { ...expected, etcd: 3 })).toEqual([
      '3 etcd members answer',
    ]);
  });

  it('stage 1: the bootstrapping node must lead, Patroni agree, and hold the key', () => {
    expect(
      failing(sample([etcd(undefined), leader(), replica('pg-2'), replica('pg-3')]), 1),
    ).toEqual(['leader key held in etcd']);
    // Postgres already primary but Patroni not yet saying so.
    const notYet = healthy();
    notYet[1] = leader({ patroniRole: 'replica' });
    expect(failing(sample(notYet), 1)).toContain('exactly one leader');
    // A leader alone is not a ready lab.
    expect(failing(sample([etcd('pg-1'), leader({ onlineReplicas: 0 })]), 1)).toEqual([
      '2 replicas streaming',
    ]);
  });

  it('stage 1: healthy = one leader, two replicas streaming on its timeline, lag 0', () => {
    const verdict = judgePatroniReadiness(sample(healthy()), 1, expected);
    expect(verdict.ready).toBe(true);
    expect(verdict.conditions.map((c) => c.name)).toEqual([
      '1 etcd member answers',
      'exactly one leader',
      'every Patroni REST API answers',
      'leader key held in etcd',
      '2 replicas streaming',
    ]);
  });

  it('two primaries are not ready', () => {
    const nodes = healthy();
    nodes[3] = replica('pg-3', { role: 'master', timeline: 2, linkUp: undefined });
    expect(failing(sample(nodes))).toEqual([
      'exactly one leader',
      'leader key held in etcd',
      '2 replicas streaming',
    ]);
  });

  it('a silent node or REST API is not ready', () => {
    const nodes = healthy();
    nodes[2] = {
      node: 'pg-2',
      kind: 'postgres',
      role: 'unknown',
      patroniRole: 'unknown',
      state: 'unreachable',
    };
    expect(failing(sample(nodes))).toEqual([
      'exactly one leader',
      'every Patroni REST API answers',
      'leader key held in etcd',
      '2 replicas streaming',
    ]);
    const restSilent = healthy();
    restSilent[3] = replica('pg-3', { patroniRole: 'unknown' });
    expect(failing(sample(restSilent))).toEqual(['every Patroni REST API answers']);
  });

  it('a replica behind, on another timeline, or not streaming is not caught up', () => {
    for (const bad of [{ lsn: 900 }, { timeline: 2 }, { linkUp: false }, { following: 'pg-2' }]) {
      const nodes = healthy();
      nodes[2] = replica('pg-2', bad);
      expect(failing(sample(nodes))).toEqual(['2 replicas streaming']);
    }
    const nodes = healthy();
    nodes[1] = leader({ onlineReplicas: 1 });
    expect(failing(sample(nodes))).toEqual(['2 replicas streaming']);
    // A tolerance can be given.
    const behind = healthy();
    behind[2] = replica('pg-2', { lsn: 900 });
    expect(judgePatroniReadiness(sample(behind), 1, { ...expected, maxLagBytes: 100 }).ready).toBe(
      true,
    );
  });

  it('with synchronous_mode waits until a sync standby is actually assigned', () => {
    const sync = { ...expected, synchronousMode: true };
    expect(failing(sample(healthy()), 1, sync)).toEqual(['sync standby assigned']);
    const nodes = healthy();
    nodes[1] = leader({ syncStandby: 'pg-3' });
    expect(judgePatroniReadiness(sample(nodes), 1, sync).ready).toBe(true);
  });

  it('the leader key must be held by the leader on every etcd member', () => {
    const nodes = healthy();
    nodes[0] = etcd('pg-2');
    expect(failing(sample(nodes))).toEqual(['leader key held in etcd']);
  });
});

describe('patroniSaysPrimary', () => {
  it('accepts both spellings', () => {
    expect(patroniSaysPrimary('master')).toBe(true);
    expect(patroniSaysPrimary('primary')).toBe(true);
    expect(patroniSaysPrimary('replica')).toBe(false);
    expect(patroniSaysPrimary(undefined)).toBe(false);
  });
});

describe('patroniFinalHealth', () => {
  it('healthy lab', () => {
    expect(patroniFinalHealth(sample(healthy()), false, 2)).toEqual({
      masters: ['pg-1'],
      replicasCaughtUp: ['pg-2', 'pg-3'],
      replicasExpected: 2,
      coordinatorViews: { 'etcd-1': 'pg-1' },
      coordinationOk: true,
      settingsReadBack: {},
      patroni: {
        leaderKeyHolder: 'pg-1',
        leaderTimeline: 1,
        timelines: { 'pg-1': 1, 'pg-2': 1, 'pg-3': 1 },
        patroniRoles: { 'pg-1': 'master', 'pg-2': 'replica', 'pg-3': 'replica' },
        maintenanceMode: false,
        synchronousMode: false,
      },
    });
  });

  it('a rogue primary, maintenance mode and a lost key show', () => {
    const nodes = [
      etcd(undefined),
      leader({ maintenance: true }),
      replica('pg-2', { maintenance: true }),
      replica('pg-3', { role: 'master', patroniRole: 'replica', timeline: 2, maintenance: true }),
    ];
    const h = patroniFinalHealth(sample(nodes), false, 2);
    expect(h.masters).toEqual(['pg-1', 'pg-3']);
    expect(h.replicasCaughtUp).toEqual([]);
    expect(h.coordinatorViews).toEqual({ 'etcd-1': '?' });
    expect(h.coordinationOk).toBe(false);
    expect(h.patroni).toMatchObject({
      maintenanceMode: true,
      timelines: { 'pg-1': 1, 'pg-2': 1, 'pg-3': 2 },
      patroniRoles: { 'pg-3': 'replica' },
    });
    expect(h.patroni?.leaderKeyHolder).toBeUndefined();
  });
});

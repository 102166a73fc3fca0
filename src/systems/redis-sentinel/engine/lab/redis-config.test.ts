import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import { DEFAULT_REDIS_SENTINEL_SETTINGS, sentinelConf, sentinelMyid } from './redis-config';
import { judgeRedisSentinelReadiness } from './redis-sentinel-readiness';

describe('sentinelConf with its peers', () => {
  it('lists its run id, the replicas and the other sentinels as Sentinel writes them', () => {
    const conf = sentinelConf(DEFAULT_REDIS_SENTINEL_SETTINGS, '10.1.0.11', {
      myid: sentinelMyid('sentinel-1'),
      replicaIps: ['10.1.0.12', '10.1.0.13'],
      sentinels: [
        { ip: '10.1.0.22', myid: sentinelMyid('sentinel-2') },
        { ip: '10.1.0.23', myid: sentinelMyid('sentinel-3') },
      ],
    });
    const lines = conf.trim().split('\n');
    expect(lines).toContain(`sentinel myid ${sentinelMyid('sentinel-1')}`);
    expect(lines).toContain('sentinel monitor mymaster 10.1.0.11 6379 2');
    expect(lines).toContain('sentinel known-replica mymaster 10.1.0.12 6379');
    expect(lines).toContain('sentinel known-replica mymaster 10.1.0.13 6379');
    expect(lines).toContain(
      `sentinel known-sentinel mymaster 10.1.0.22 26379 ${sentinelMyid('sentinel-2')}`,
    );
    // The monitor line comes before the lines that name its master.
    expect(lines.findIndex((l) => l.startsWith('sentinel monitor'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('sentinel known-replica')),
    );
  });

  it('gives each sentinel its own 40-hex run id', () => {
    const ids = ['sentinel-1', 'sentinel-2', 'sentinel-3'].map(sentinelMyid);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it('without peers, is the plain monitor config', () => {
    const conf = sentinelConf(DEFAULT_REDIS_SENTINEL_SETTINGS, '10.1.0.11');
    expect(conf).not.toMatch(/myid|known-/);
  });
});

const redis = (node: string, o: Partial<NodeObservation>): NodeObservation => ({
  node,
  kind: 'redis',
  role: 'replica',
  state: 'running',
  ...o,
});

describe('Redis Sentinel readiness by stage', () => {
  const expected = { replicas: 2, sentinels: 3 };
  const syncing: ProbeSample = {
    t: 0,
    mastersClaimed: 1,
    unknownNodes: 0,
    nodes: [
      redis('redis-1', { role: 'master', onlineReplicas: 0 }),
      redis('redis-2', { following: 'redis-1', linkUp: false }),
      redis('redis-3', { following: 'redis-1', linkUp: false }),
    ],
  };

  it('lets the sentinels start once one master answers, the replicas still syncing', () => {
    const status = judgeRedisSentinelReadiness(syncing, 0, expected);
    expect(status.ready).toBe(true);
    expect(status.conditions.find((c) => c.name === '2 replicas online')?.ok).toBe(false);
  });

  it('is not ready at stage 0 while a node does not answer', () => {
    const silent: ProbeSample = {
      ...syncing,
      nodes: [syncing.nodes[0]!, syncing.nodes[1]!, redis('redis-3', { role: 'unknown' })],
    };
    expect(judgeRedisSentinelReadiness(silent, 0, expected).ready).toBe(false);
  });

  it('the lab is not ready until the replicas are online', () => {
    expect(judgeRedisSentinelReadiness(syncing, 1, expected).ready).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  clockOffset,
  parseRedisTime,
  parseReplicationInfo,
  parseSentinelMaster,
  parseSentinelTilt,
  parseServerTimeUs,
} from './redis-info';

// Replies recorded from redis-server 7.0.15 in the lab image.
const masterInfo = [
  '# Replication',
  'role:master',
  'connected_slaves:2',
  'slave0:ip=10.213.0.12,port=6379,state=online,offset=8792,lag=0',
  'slave1:ip=10.213.0.13,port=6379,state=wait_bgsave,offset=0,lag=1',
  'master_failover_state:no-failover',
  'master_replid:5cf2f1a8ec0d8f6f0b3a4c0e7f7a0b1c2d3e4f50',
  'master_replid2:0000000000000000000000000000000000000000',
  'master_repl_offset:8792',
  '',
].join('\r\n');

const replicaInfo = [
  '# Replication',
  'role:slave',
  'master_host:10.213.0.11',
  'master_port:6379',
  'master_link_status:down',
  'master_last_io_seconds_ago:-1',
  'slave_repl_offset:8792',
  'master_replid:5cf2f1a8ec0d8f6f0b3a4c0e7f7a0b1c2d3e4f50',
  'master_repl_offset:8792',
].join('\r\n');

describe('parseReplicationInfo', () => {
  it('reads a master with its replicas and their states', () => {
    const info = parseReplicationInfo(masterInfo);
    expect(info.role).toBe('master');
    expect(info.masterReplOffset).toBe(8792);
    expect(info.replicas).toEqual([
      { ip: '10.213.0.12', port: 6379, state: 'online', offset: 8792, lag: 0 },
      { ip: '10.213.0.13', port: 6379, state: 'wait_bgsave', offset: 0, lag: 1 },
    ]);
  });

  it('reads a replica whose link to the master is down', () => {
    const info = parseReplicationInfo(replicaInfo);
    expect(info).toMatchObject({
      role: 'slave',
      masterHost: '10.213.0.11',
      masterPort: 6379,
      linkUp: false,
    });
  });

  it('refuses a reply that is not INFO replication', () => {
    expect(() => parseReplicationInfo('# Server\r\nredis_version:7.0.15')).toThrow(/no role/);
  });
});

describe('parseSentinelMaster', () => {
  it('reads address, flags, counts and epoch', () => {
    const view = parseSentinelMaster([
      'name',
      'mymaster',
      'ip',
      '10.213.0.11',
      'port',
      '6379',
      'flags',
      's_down,master',
      'num-slaves',
      '2',
      'num-other-sentinels',
      '2',
      'quorum',
      '2',
      'config-epoch',
      '3',
    ]);
    expect(view).toEqual({
      ip: '10.213.0.11',
      port: 6379,
      flags: ['s_down', 'master'],
      numReplicas: 2,
      numOtherSentinels: 2,
      quorum: 2,
      configEpoch: 3,
    });
  });

  it('refuses an odd-length reply', () => {
    expect(() => parseSentinelMaster(['name'])).toThrow();
  });
});

describe('node clocks', () => {
  it('reads TIME and INFO server as ms since epoch', () => {
    expect(parseRedisTime(['1796571630', '858594'])).toBeCloseTo(1796571630858.594, 3);
    expect(parseRedisTime('OK')).toBeUndefined();
    expect(parseRedisTime(['x', '1'])).toBeUndefined();
    const server = ['# Server', 'redis_version:7.0.15', 'server_time_usec:1796571562040544', ''];
    expect(parseServerTimeUs(server.join('\r\n'))).toBeCloseTo(1796571562040.544, 3);
    expect(parseServerTimeUs('# Server\r\nredis_version:7.0.15\r\n')).toBeUndefined();
  });

  it('reads whether a sentinel is in TILT', () => {
    const info = (tilt: string) =>
      ['# Server', 'server_time_usec:1796571924965212', '# Sentinel', `sentinel_tilt:${tilt}`].join(
        '\r\n',
      );
    expect(parseSentinelTilt(info('1'))).toBe(true);
    expect(parseSentinelTilt(info('0'))).toBe(false);
    expect(parseSentinelTilt('# Server\r\n')).toBeUndefined();
  });

  it('measures the offset against the middle of the round trip', () => {
    // Sent at 1000, answered at 1040: the node read its clock about 1020, host time.
    expect(clockOffset(21_020, 1000, 1040)).toBe(20_000);
    expect(clockOffset(520, 1000, 1040)).toBe(-500);
    expect(clockOffset(undefined, 1000, 1040)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { patroniObservation } from '../probes/patroni-node.probe';
import { parseEtcdLeaderKey, parsePatroniStatus, parsePgState } from './patroni-status';

// Answers captured from Patroni 3.0.2 and etcd 3.4.23 in this lab.
const PRIMARY =
  '{"state": "running", "postmaster_start_time": "2026-11-23 09:02:04.864236+00:00", "role": "master", "server_version": 150018, "xlog": {"location": 67108960}, "timeline": 1, "replication": [{"usename": "replicator", "application_name": "pg-3", "client_addr": "10.250.9.13", "state": "streaming", "sync_state": "async", "sync_priority": 0}], "dcs_last_seen": 1795424585, "database_system_identifier": "7711289612096794656", "patroni": {"version": "3.0.2", "scope": "dojo"}}';
const REPLICA =
  '{"state": "running", "postmaster_start_time": "2026-11-23 09:02:07.702671+00:00", "role": "replica", "server_version": 150018, "xlog": {"received_location": 67108960, "replayed_location": 67108900, "replayed_timestamp": null, "paused": false}, "timeline": 1, "dcs_last_seen": 1795424585, "database_system_identifier": "7711289612096794656", "patroni": {"version": "3.0.2", "scope": "dojo"}}';
const KEY =
  '{"action":"get","node":{"key":"/service/dojo/leader","value":"pg-1","expiration":"2026-11-23T09:03:15.063049608Z","ttl":9,"modifiedIndex":167,"createdIndex":14}}';
const NO_KEY =
  '{"errorCode":100,"message":"Key not found","cause":"/service/dojo/leader","index":12}';

describe('parsePatroniStatus', () => {
  it('reads role, state, timeline and WAL location', () => {
    expect(parsePatroniStatus(PRIMARY)).toEqual({
      role: 'master',
      state: 'running',
      timeline: 1,
      xlogLocation: 67108960,
      paused: false,
    });
    expect(parsePatroniStatus(REPLICA)).toMatchObject({ role: 'replica', xlogLocation: 67108900 });
  });
  it('reads maintenance mode', () => {
    expect(parsePatroniStatus('{"role":"master","state":"running","pause":true}').paused).toBe(
      true,
    );
  });
  it('refuses what is not a Patroni status', () => {
    expect(() => parsePatroniStatus('<html>')).toThrow(/not JSON/);
    expect(() => parsePatroniStatus('{"state":"running"}')).toThrow(/no role/);
  });
});

describe('parseEtcdLeaderKey', () => {
  it('reads the holder and remaining ttl', () => {
    expect(parseEtcdLeaderKey(200, KEY)).toEqual({ holder: 'pg-1', ttlSeconds: 9 });
  });
  it('reads a missing key as no leader', () => {
    expect(parseEtcdLeaderKey(404, NO_KEY)).toBeNull();
  });
  it('refuses other answers', () => {
    expect(() => parseEtcdLeaderKey(500, '{"errorCode":300}')).toThrow(/HTTP 500/);
    expect(() => parseEtcdLeaderKey(200, 'x')).toThrow(/not JSON/);
  });
});

describe('parsePgState', () => {
  it('reads a primary', () => {
    expect(
      parsePgState({
        in_recovery: false,
        lsn: '67108960',
        timeline: 2,
        sender_host: null,
        receiver_status: null,
        streaming: 2,
        sync_standbys: 'pg-3',
      }),
    ).toEqual({
      inRecovery: false,
      lsn: 67108960,
      timeline: 2,
      senderHost: undefined,
      streaming: false,
      streamingReplicas: 2,
      syncStandbys: ['pg-3'],
    });
  });
  it('reads a replica', () => {
    expect(
      parsePgState({
        in_recovery: true,
        lsn: '100',
        timeline: '1',
        sender_host: '10.0.0.11',
        receiver_status: 'streaming',
        streaming: '0',
        sync_standbys: null,
      }),
    ).toMatchObject({
      inRecovery: true,
      lsn: 100,
      timeline: 1,
      senderHost: '10.0.0.11',
      streaming: true,
    });
  });
  it('refuses an empty answer', () => {
    expect(() => parsePgState(undefined)).toThrow(/empty/);
  });
});

describe('patroniObservation', () => {
  const nameOf = (ip: string) => (ip === '10.0.0.11' ? 'pg-1' : ip);
  const replicaPg = parsePgState({
    in_recovery: true,
    lsn: '100',
    timeline: 1,
    sender_host: '10.0.0.11',
    receiver_status: 'streaming',
    streaming: 0,
    sync_standbys: null,
  });

  it('takes the role from postgres and shows Patroni beside it', () => {
    const obs = patroniObservation('pg-2', replicaPg, parsePatroniStatus(REPLICA), nameOf, {
      rttMs: 3,
    });
    expect(obs).toEqual({
      node: 'pg-2',
      kind: 'postgres',
      role: 'replica',
      state: 'running',
      patroniRole: 'replica',
      patroniState: 'running',
      maintenance: false,
      timeline: 1,
      lsn: 100,
      following: 'pg-1',
      linkUp: true,
      rttMs: 3,
    });
  });

  it('a node whose postgres was promoted behind Patroni shows both views', () => {
    const promoted = { ...replicaPg, inRecovery: false, timeline: 2, streamingReplicas: 0 };
    const obs = patroniObservation('pg-3', promoted, parsePatroniStatus(REPLICA), nameOf);
    expect(obs).toMatchObject({
      role: 'master',
      patroniRole: 'replica',
      timeline: 2,
      onlineReplicas: 0,
    });
  });

  it('silent Patroni reads unknown while postgres keeps answering (the unmanaged primary)', () => {
    const primary = { ...replicaPg, inRecovery: false, senderHost: undefined };
    const obs = patroniObservation('pg-1', primary, undefined, nameOf, {
      restError: 'connect ECONNREFUSED',
    });
    expect(obs).toMatchObject({ role: 'master', patroniRole: 'unknown', state: 'running' });
    expect(obs.error).toBe('patroni REST: connect ECONNREFUSED');
  });

  it('both silent: unknown and unreachable, never a guess', () => {
    const obs = patroniObservation('pg-2', undefined, undefined, nameOf, {
      pgError: 'no answer within 400 ms',
      restError: 'no answer within 400 ms',
    });
    expect(obs).toEqual({
      node: 'pg-2',
      kind: 'postgres',
      role: 'unknown',
      state: 'unreachable',
      patroniRole: 'unknown',
      error: 'postgres: no answer within 400 ms; patroni REST: no answer within 400 ms',
    });
  });
});

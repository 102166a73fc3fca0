import type { NodeObservation } from '../../../../shared/lab-types';
import {
  clockOffset,
  parseSentinelMaster,
  parseSentinelTilt,
  parseServerTimeUs,
} from '../lab/redis-info';
import type { RedisProbeConnection } from './redis-probe-connection';

/**
 * Reads one sentinel's view of the master it monitors (`SENTINEL MASTER`):
 * which node it believes is master, the flags it holds on it (s_down, o_down),
 * the config epoch, and how many replicas and other sentinels it knows.
 */
export async function readSentinelMaster(
  node: string,
  conn: RedisProbeConnection,
  timeoutMs: number,
  masterName: string,
  nameOf: (ip: string) => string,
): Promise<NodeObservation> {
  const started = Date.now();
  try {
    // One round trip for both; a sentinel has no TIME command: INFO server has its time,
    // INFO sentinel whether it is in TILT.
    const [master, server] = await conn.callAll(
      timeoutMs,
      ['SENTINEL', 'MASTER', masterName],
      ['INFO', 'server', 'sentinel'],
    );
    const info = String(server);
    const answeredAt = Date.now();
    const view = parseSentinelMaster(master);
    return {
      node,
      kind: 'sentinel',
      role: 'sentinel',
      state: 'running',
      following: nameOf(view.ip),
      epoch: view.configEpoch,
      sentinel: {
        masterFlags: view.flags,
        knownReplicas: view.numReplicas,
        knownSentinels: view.numOtherSentinels,
        quorum: view.quorum,
        tilt: parseSentinelTilt(info),
      },
      clockOffsetMs: clockOffset(parseServerTimeUs(info), started, answeredAt),
      rttMs: answeredAt - started,
    };
  } catch (error) {
    return {
      node,
      kind: 'sentinel',
      role: 'unknown',
      state: 'unreachable',
      error: (error as Error).message,
    };
  }
}

/** Runs `SENTINEL CKQUORUM`: true when this sentinel could authorize a failover now. */
export async function checkSentinelQuorum(
  conn: RedisProbeConnection,
  timeoutMs: number,
  masterName: string,
): Promise<{ ok: boolean; detail: string }> {
  try {
    const reply = String(await conn.call(timeoutMs, 'SENTINEL', 'CKQUORUM', masterName));
    return { ok: reply.startsWith('OK'), detail: reply };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

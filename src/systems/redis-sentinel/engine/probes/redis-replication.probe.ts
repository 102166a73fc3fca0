import type { NodeObservation } from '../../../../shared/lab-types';
import { clockOffset, parseRedisTime, parseReplicationInfo } from '../lab/redis-info';
import type { RedisProbeConnection } from './redis-probe-connection';

/**
 * Reads one Redis data node's replication state (`INFO replication`): its
 * role as the node itself claims it, offset, replication id, the master it
 * follows and its link. No answer = role `unknown`, never a guess.
 *
 * @param nameOf maps an IP on the lab network to a node name (for `following`).
 */
export async function readRedisReplication(
  node: string,
  conn: RedisProbeConnection,
  timeoutMs: number,
  nameOf: (ip: string) => string,
): Promise<NodeObservation> {
  const started = Date.now();
  try {
    // One round trip for both: the clock costs no extra one.
    const [reply, time] = await conn.callAll(timeoutMs, ['INFO', 'replication'], ['TIME']);
    const answeredAt = Date.now();
    const info = parseReplicationInfo(String(reply));
    const base: NodeObservation = {
      node,
      kind: 'redis',
      role: info.role === 'master' ? 'master' : 'replica',
      state: 'running',
      replOffset: info.masterReplOffset,
      replId: info.masterReplId,
      clockOffsetMs: clockOffset(parseRedisTime(time), started, answeredAt),
      rttMs: answeredAt - started,
    };
    if (info.role === 'master') {
      base.onlineReplicas = info.replicas.filter((r) => r.state === 'online').length;
    } else {
      base.following = info.masterHost ? nameOf(info.masterHost) : undefined;
      base.linkUp = info.linkUp;
    }
    return base;
  } catch (error) {
    return {
      node,
      kind: 'redis',
      role: 'unknown',
      state: 'unreachable',
      error: (error as Error).message,
    };
  }
}

import type { NodeObservation } from '../../../../shared/lab-types';
import { parseEtcdLeaderKey } from '../lab/patroni-status';
import type { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';

/**
 * Reads one etcd member's view of the Patroni leader key over its published
 * client port (v2 API: GET /v2/keys/service/<scope>/leader): who holds it and
 * the lease's remaining TTL. A member that answers reads role `dcs`; no
 * answer reads `unknown`.
 */
export async function readEtcdLeaderKey(
  node: string,
  conn: HttpProbeConnection | undefined,
  timeoutMs: number,
  scope: string,
): Promise<NodeObservation> {
  const started = Date.now();
  if (!conn)
    return {
      node,
      kind: 'etcd',
      role: 'unknown',
      state: 'unreachable',
      error: 'no published port',
    };
  try {
    const reply = await conn.get(timeoutMs, `/v2/keys/service/${encodeURIComponent(scope)}/leader`);
    const key = parseEtcdLeaderKey(reply.status, reply.body);
    const obs: NodeObservation = {
      node,
      kind: 'etcd',
      role: 'dcs',
      state: 'running',
      rttMs: Date.now() - started,
    };
    if (key) obs.leaderKey = key;
    return obs;
  } catch (error) {
    return {
      node,
      kind: 'etcd',
      role: 'unknown',
      state: 'unreachable',
      error: (error as Error).message,
    };
  }
}

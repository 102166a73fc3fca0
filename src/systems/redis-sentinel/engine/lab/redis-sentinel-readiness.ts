import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';

type Condition = ReadinessStatus['conditions'][number];

/** Topology a healthy Redis Sentinel lab must show. */
export interface ExpectedTopology {
  replicas: number;
  sentinels: number;
}

function replicationConditions(
  sample: ProbeSample,
  expected: ExpectedTopology,
): { conditions: Condition[]; oneMaster: Condition; master?: NodeObservation } {
  const data = sample.nodes.filter((n) => n.kind === 'redis');
  const masters = data.filter((n) => n.role === 'master');
  const unknown = data.filter((n) => n.role === 'unknown').map((n) => n.node);
  const master = masters.length === 1 ? masters[0] : undefined;
  const oneMaster: Condition = {
    name: 'exactly one master',
    ok: master !== undefined && unknown.length === 0,
    detail:
      unknown.length > 0
        ? `no answer from ${unknown.join(', ')}`
        : masters.length === 1
          ? `${master?.node} is master`
          : `${masters.length} nodes claim master`,
  };
  const replicas = data.filter((n) => n.role === 'replica');
  const linked = replicas.filter((r) => r.linkUp && master && r.following === master.node);
  const online = master?.onlineReplicas ?? 0;
  const replicasOnline: Condition = {
    name: `${expected.replicas} replicas online`,
    ok: master !== undefined && online === expected.replicas && linked.length === expected.replicas,
    detail: master
      ? `${online} online at the master, ${linked.length} with their link up`
      : 'waiting for a single master',
  };
  return { conditions: [oneMaster, replicasOnline], oneMaster, master };
}

/**
 * Judges readiness from one probe sample. Stage 0 (Redis nodes): every node
 * answers and exactly one is master; the replicas' sync then goes on while
 * the sentinels' containers start (they know the replicas from their config,
 * see sentinelConf). Stage 1 (sentinels, the lab's readiness): also every
 * replica online and linked, every sentinel names that master, knows every
 * replica and every other sentinel, and `SENTINEL CKQUORUM` answers OK on each.
 */
export function judgeRedisSentinelReadiness(
  sample: ProbeSample,
  stage: number,
  expected: ExpectedTopology,
  ckquorum: Map<string, { ok: boolean; detail: string }> = new Map(),
): ReadinessStatus {
  const { conditions, oneMaster, master } = replicationConditions(sample, expected);
  if (stage >= 1) {
    const sentinels = sample.nodes.filter((n) => n.kind === 'sentinel');
    const agreeing = sentinels.filter(
      (s) => master && s.role === 'sentinel' && s.following === master.node,
    );
    const views = [
      ...new Set(
        sentinels.map((s) => (s.role === 'sentinel' ? (s.following ?? '?') : 'no answer')),
      ),
    ];
    conditions.push({
      name: 'all sentinels agree on the master',
      ok: sentinels.length === expected.sentinels && agreeing.length === expected.sentinels,
      detail: `${agreeing.length}/${expected.sentinels} name ${master?.node ?? 'the master'} (views: ${views.join(', ') || 'none'})`,
    });
    const complete = sentinels.filter(
      (s) =>
        s.sentinel?.knownReplicas === expected.replicas &&
        s.sentinel.knownSentinels === expected.sentinels - 1,
    );
    conditions.push({
      name: 'sentinels see every replica and sentinel',
      ok: complete.length === expected.sentinels,
      detail: sentinels
        .map(
          (s) =>
            `${s.node}: ${s.sentinel?.knownReplicas ?? '?'} replicas, ${s.sentinel?.knownSentinels ?? '?'} sentinels`,
        )
        .join('; '),
    });
    const quorumOk = sentinels.filter((s) => ckquorum.get(s.node)?.ok === true);
    conditions.push({
      name: 'SENTINEL CKQUORUM OK',
      ok: quorumOk.length === expected.sentinels,
      detail: sentinels
        .map((s) => `${s.node}: ${ckquorum.get(s.node)?.detail ?? 'not checked'}`)
        .join('; '),
    });
  }
  const needed = stage >= 1 ? conditions : [oneMaster];
  return { ready: needed.every((c) => c.ok), conditions };
}

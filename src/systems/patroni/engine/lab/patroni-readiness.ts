import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';

type Condition = ReadinessStatus['conditions'][number];

/** Topology a healthy Patroni lab must show. */
export interface ExpectedPatroniTopology {
  /** etcd members. */
  etcd: number;
  /** Replicas streaming from the leader once the lab is up. */
  replicas: number;
  /** synchronous_mode: a sync standby must actually be assigned. */
  synchronousMode: boolean;
  /** Replay lag (bytes) a replica may show and still count as caught up; 0 by default. */
  maxLagBytes?: number;
}

/** Patroni calls a primary `master` (3.0) or `primary` (later versions). */
export function patroniSaysPrimary(role: string | undefined): boolean {
  return role === 'master' || role === 'primary';
}

function etcdAnswers(sample: ProbeSample, expected: ExpectedPatroniTopology): Condition {
  const etcd = sample.nodes.filter((n) => n.kind === 'etcd');
  const answering = etcd.filter((n) => n.role === 'dcs');
  return {
    name: `${expected.etcd} etcd ${expected.etcd === 1 ? 'member answers' : 'members answer'}`,
    ok: etcd.length === expected.etcd && answering.length === expected.etcd,
    detail: etcd
      .map((n) => `${n.node}: ${n.role === 'dcs' ? 'up' : (n.error ?? 'no answer')}`)
      .join('; '),
  };
}

function leaderConditions(sample: ProbeSample): {
  conditions: Condition[];
  leader?: NodeObservation;
} {
  const pgs = sample.nodes.filter((n) => n.kind === 'postgres');
  const masters = pgs.filter((n) => n.role === 'master');
  const unknown = pgs.filter((n) => n.role === 'unknown').map((n) => n.node);
  const leader = masters.length === 1 && unknown.length === 0 ? masters[0] : undefined;
  const oneLeader: Condition = {
    name: 'exactly one leader',
    ok: leader !== undefined && patroniSaysPrimary(leader.patroniRole),
    detail:
      unknown.length > 0
        ? `postgres silent on ${unknown.join(', ')}`
        : masters.length !== 1
          ? `${masters.length} nodes not in recovery`
          : `${leader?.node} not in recovery; Patroni says ${leader?.patroniRole ?? '?'}`,
  };
  const silent = pgs.filter((n) => n.patroniRole === undefined || n.patroniRole === 'unknown');
  const restUp: Condition = {
    name: 'every Patroni REST API answers',
    ok: pgs.length > 0 && silent.length === 0,
    detail:
      silent.length === 0
        ? pgs.map((n) => `${n.node}: ${n.patroniRole}/${n.patroniState ?? '?'}`).join('; ')
        : `silent: ${silent.map((n) => n.node).join(', ')}`,
  };
  const etcd = sample.nodes.filter((n) => n.kind === 'etcd');
  const holding = etcd.filter((n) => leader && n.leaderKey?.holder === leader.node);
  const keyHeld: Condition = {
    name: 'leader key held in etcd',
    ok: leader !== undefined && etcd.length > 0 && holding.length === etcd.length,
    detail: etcd
      .map(
        (n) =>
          `${n.node}: ${
            n.role !== 'dcs'
              ? 'no answer'
              : n.leaderKey
                ? `${n.leaderKey.holder} (ttl ${n.leaderKey.ttlSeconds} s)`
                : 'no key'
          }`,
      )
      .join('; '),
  };
  return { conditions: [oneLeader, restUp, keyHeld], leader };
}

/** Replicas streaming from `leader`, on its timeline, within the allowed lag. */
export function caughtUpReplicas(
  sample: ProbeSample,
  leader: NodeObservation,
  maxLagBytes = 0,
): NodeObservation[] {
  return sample.nodes.filter(
    (n) =>
      n.kind === 'postgres' &&
      n.node !== leader.node &&
      n.role === 'replica' &&
      n.linkUp === true &&
      n.following === leader.node &&
      n.timeline !== undefined &&
      n.timeline === leader.timeline &&
      n.lsn !== undefined &&
      leader.lsn !== undefined &&
      leader.lsn - n.lsn <= maxLagBytes,
  );
}

/**
 * Judges readiness from one probe sample, by the lab's start stages.
 * Stage 0 (etcd): every member answers.
 * Stage 1 (every PostgreSQL node; the lab's readiness): the first node, which
 * bootstraps the cluster, is the one leader (postgres not in recovery,
 * Patroni says master) and holds the leader key on every etcd member; every
 * REST API answers, the leader's pg_stat_replication shows every replica
 * streaming, and each replica follows the leader on its timeline with lag 0
 * (as read in this tick); with synchronous_mode a sync standby is actually
 * assigned.
 */
export function judgePatroniReadiness(
  sample: ProbeSample,
  stage: number,
  expected: ExpectedPatroniTopology,
): ReadinessStatus {
  const conditions: Condition[] = [etcdAnswers(sample, expected)];
  if (stage >= 1) {
    const { conditions: lc, leader } = leaderConditions(sample);
    conditions.push(...lc);
    const replicas = sample.nodes.filter((n) => n.kind === 'postgres' && n !== leader);
    const caughtUp = leader ? caughtUpReplicas(sample, leader, expected.maxLagBytes) : [];
    const streamingAtLeader = leader?.onlineReplicas ?? 0;
    conditions.push({
      name: `${expected.replicas} replicas streaming`,
      ok:
        leader !== undefined &&
        streamingAtLeader === expected.replicas &&
        caughtUp.length === expected.replicas,
      detail: leader
        ? `${streamingAtLeader} streaming at ${leader.node} (timeline ${leader.timeline ?? '?'}); ` +
          replicas
            .map(
              (r) =>
                `${r.node}: ${r.role}` +
                (r.role === 'replica'
                  ? `, from ${r.following ?? '?'}, link ${r.linkUp ? 'up' : 'down'}, tl ${r.timeline ?? '?'}, ` +
                    `lag ${leader.lsn !== undefined && r.lsn !== undefined ? leader.lsn - r.lsn : '?'}`
                  : ''),
            )
            .join('; ')
        : 'waiting for a single leader',
    });
    if (expected.synchronousMode) {
      const sync = leader?.syncStandby;
      conditions.push({
        name: 'sync standby assigned',
        ok: sync !== undefined && caughtUp.some((r) => r.node === sync),
        detail: sync ? `${sync} is the synchronous standby` : 'no synchronous standby yet',
      });
    }
  }
  return { ready: conditions.every((c) => c.ok), conditions };
}

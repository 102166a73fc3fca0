import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import type { FinalHealth } from '../../../../shared/scenario-types';
import { RedisProbeConnection } from '../probes/redis-probe-connection';
import { readRedisReplication } from '../probes/redis-replication.probe';
import { checkSentinelQuorum, readSentinelMaster } from '../probes/sentinel-master.probe';
import type {
  LabDefinition,
  LabNetwork,
  LabNodePlan,
  LabPlan,
  RunningNode,
} from '../../../../core/labs/lab-definition';
import { NodeObserver } from '../../../../core/labs/node-observer';
import {
  CONFIG_DIR,
  DEFAULT_REDIS_SENTINEL_SETTINGS,
  REDIS_PORT,
  SENTINEL_PORT,
  redisConf,
  sentinelConf,
  sentinelMyid,
  validateSettings,
  type RedisSentinelSettings,
} from './redis-config';
import { judgeRedisSentinelReadiness } from './redis-sentinel-readiness';

const DATA_NODES = 3;
const SENTINELS = 3;
/** Host numbers on the lab /24: data nodes .11-.13, sentinels .21-.23. */
const DATA_HOST_BASE = 10;
const SENTINEL_HOST_BASE = 20;
const MiB = 1024 * 1024;
/** A replica this close to the master's offset counts as caught up (Sentinel pings add a few bytes). */
const CAUGHT_UP_BYTES = 512;

/** The view more than half of `total` voters share, or `?`. */
export function majorityView(views: string[], total: number): string {
  const counts = new Map<string, number>();
  for (const v of views) if (v !== '?') counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [view, n] of counts) if (n > total / 2) return view;
  return '?';
}

/**
 * Redis Sentinel: 1 master, 2 replicas, 3 sentinels. Redis nodes start first
 * (stage 0); sentinels start once the master answers (stage 1), with the
 * replicas and each other already in their config (see sentinelConf), which
 * is what makes the lab healthy in seconds instead of waiting for Sentinel's
 * 10 s INFO cycle and 2 s hello rounds to discover them.
 */
export function redisSentinelLab(overrides: Partial<RedisSentinelSettings> = {}): LabDefinition {
  const settings: RedisSentinelSettings = { ...DEFAULT_REDIS_SENTINEL_SETTINGS, ...overrides };
  validateSettings(settings, SENTINELS);
  const dataNames = Array.from({ length: DATA_NODES }, (_, i) => `redis-${i + 1}`);
  const sentinelNames = Array.from({ length: SENTINELS }, (_, i) => `sentinel-${i + 1}`);

  return {
    summary: {
      id: 'redis-sentinel',
      title: 'Redis Sentinel — 1 master, 2 replicas, 3 sentinels',
      description:
        'Three Redis 7.0 servers replicating from one master, watched by three Sentinels that fail over ' +
        `when a quorum of ${settings.quorum} agrees the master is down (down-after ${settings.downAfterMs} ms).`,
      systems: ['redis-server 7.0', 'redis-sentinel 7.0'],
      nodes: [...dataNames, ...sentinelNames],
    },
    images: ['redis'],
    plan: (network) => planRedisSentinel(network, settings, dataNames, sentinelNames),
    openObserver: () => new RedisSentinelObserver(settings),
  };
}

function planRedisSentinel(
  network: LabNetwork,
  settings: RedisSentinelSettings,
  dataNames: string[],
  sentinelNames: string[],
): LabPlan {
  const masterIp = network.hostIp(DATA_HOST_BASE + 1);
  const data: LabNodePlan[] = dataNames.map((name, i) => ({
    name,
    kind: 'redis',
    image: 'redis',
    stage: 0,
    ipv4: network.hostIp(DATA_HOST_BASE + 1 + i),
    cmd: ['redis-server', `${CONFIG_DIR}/redis.conf`],
    files: [
      {
        path: `${CONFIG_DIR}/redis.conf`,
        content: redisConf(settings, i === 0 ? undefined : masterIp),
      },
    ],
    probePorts: [REDIS_PORT],
    capAdd: ['NET_ADMIN'],
    memoryBytes: 128 * MiB,
  }));
  const replicaIps = data.slice(1).map((n) => n.ipv4);
  const sentinelIps = sentinelNames.map((_, i) => network.hostIp(SENTINEL_HOST_BASE + 1 + i));
  const sentinels: LabNodePlan[] = sentinelNames.map((name, i) => ({
    name,
    kind: 'sentinel',
    image: 'redis',
    stage: 1,
    ipv4: sentinelIps[i]!,
    cmd: ['redis-sentinel', `${CONFIG_DIR}/sentinel.conf`],
    files: [
      {
        path: `${CONFIG_DIR}/sentinel.conf`,
        content: sentinelConf(settings, masterIp, {
          myid: sentinelMyid(name),
          replicaIps,
          sentinels: sentinelNames
            .map((other, j) => ({ ip: sentinelIps[j]!, myid: sentinelMyid(other) }))
            .filter((_, j) => j !== i),
        }),
      },
    ],
    probePorts: [SENTINEL_PORT],
    capAdd: ['NET_ADMIN'],
    memoryBytes: 64 * MiB,
  }));
  return { nodes: [...data, ...sentinels], stages: 2 };
}

/** Reads every node of a Redis Sentinel lab through long-lived loopback connections. */
class RedisSentinelObserver extends NodeObserver<RedisProbeConnection> {
  protected override readonly dataKind = 'redis';

  constructor(private readonly settings: RedisSentinelSettings) {
    super();
  }

  protected override openConn(node: RunningNode): RedisProbeConnection | undefined {
    const port = node.hostPorts[node.plan.kind === 'redis' ? REDIS_PORT : SENTINEL_PORT];
    return port === undefined ? undefined : new RedisProbeConnection(port);
  }

  protected override closeConn(conn: RedisProbeConnection): void {
    conn.close();
  }

  protected override readNode(node: RunningNode, timeoutMs: number): Promise<NodeObservation> {
    const conn = this.conn(node);
    const kind = node.plan.kind;
    if (!conn) {
      return Promise.resolve({
        node: node.plan.name,
        kind,
        role: 'unknown',
        state: 'unreachable',
        error: 'no published port',
      });
    }
    return kind === 'redis'
      ? readRedisReplication(node.plan.name, conn, timeoutMs, this.nameOf)
      : readSentinelMaster(node.plan.name, conn, timeoutMs, this.settings.masterName, this.nameOf);
  }

  override async readiness(stage: number, latest: ProbeSample, timeoutMs: number) {
    const expected = { replicas: DATA_NODES - 1, sentinels: SENTINELS };
    const first = judgeRedisSentinelReadiness(latest, stage, expected);
    // CKQUORUM only once everything else holds: it is the last word, not a poll.
    const pendingOnlyQuorum = first.conditions.every(
      (c) => c.ok || c.name === 'SENTINEL CKQUORUM OK',
    );
    if (stage < 1 || !pendingOnlyQuorum) return first;
    const sentinels = this.nodes.filter((n) => n.plan.kind === 'sentinel');
    const results = await Promise.all(
      sentinels.map(async (n) => {
        const conn = this.conn(n);
        const verdict = conn
          ? await checkSentinelQuorum(conn, timeoutMs, this.settings.masterName)
          : { ok: false, detail: 'no published port' };
        return [n.plan.name, verdict] as const;
      }),
    );
    return judgeRedisSentinelReadiness(latest, stage, expected, new Map(results));
  }

  override async finalHealth(
    timeoutMs: number,
  ): Promise<Omit<FinalHealth, 'activeFaults' | 'activeFences'>> {
    const sample = await this.sample(timeoutMs);
    const data = sample.nodes.filter((n) => n.kind === 'redis');
    const sentinels = sample.nodes.filter((n) => n.kind === 'sentinel');
    const coordinatorViews = Object.fromEntries(
      sentinels.map((s) => [s.node, s.role === 'sentinel' ? (s.following ?? '?') : '?']),
    );
    const agreed = majorityView(Object.values(coordinatorViews), sentinels.length);
    const masters = data.filter((n) => n.role === 'master').map((n) => n.node);
    const masterObs = data.find((n) => n.node === agreed && n.role === 'master');
    const replicasCaughtUp = data
      .filter(
        (n) =>
          n.role === 'replica' &&
          n.following === agreed &&
          n.linkUp === true &&
          masterObs?.replOffset !== undefined &&
          n.replOffset !== undefined &&
          masterObs.replOffset - n.replOffset <= CAUGHT_UP_BYTES,
      )
      .map((n) => n.node);
    const quorum = await Promise.all(
      this.nodes
        .filter((n) => n.plan.kind === 'sentinel')
        .map(async (n) => {
          const conn = this.conn(n);
          return conn
            ? checkSentinelQuorum(conn, timeoutMs, this.settings.masterName)
            : { ok: false, detail: '' };
        }),
    );
    const minReplicas = await Promise.all(
      this.nodes
        .filter((n) => n.plan.kind === 'redis')
        .map(async (n) => [n.plan.name, await this.readMinReplicas(n, timeoutMs)] as const),
    );
    return {
      masters,
      replicasCaughtUp,
      replicasExpected: DATA_NODES - 1,
      coordinatorViews,
      coordinationOk: quorum.length === SENTINELS && quorum.every((q) => q.ok),
      settingsReadBack: {
        // Every sentinel holds the quorum; every data node that leads or follows, min-replicas-to-write.
        quorum: Object.fromEntries(sentinels.map((s) => [s.node, s.sentinel?.quorum ?? null])),
        minReplicasToWrite: Object.fromEntries(
          [
            ...new Set([
              ...masters,
              ...replicasCaughtUp,
              ...minReplicas.filter(([, v]) => v !== undefined).map(([n]) => n),
            ]),
          ].map((n) => [n, minReplicas.find(([m]) => m === n)?.[1] ?? null]),
        ),
      },
    };
  }

  private async readMinReplicas(node: RunningNode, timeoutMs: number): Promise<number | undefined> {
    try {
      const reply = await this.conn(node)?.call(
        timeoutMs,
        'CONFIG',
        'GET',
        'min-replicas-to-write',
      );
      return Array.isArray(reply) ? Number(reply[1]) : undefined;
    } catch {
      return undefined;
    }
  }
}

import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';
import type { FinalHealth } from '../../../../shared/scenario-types';
import { readEtcdLeaderKey } from '../probes/etcd-leader-key.probe';
import { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';
import { readPatroniNode } from '../probes/patroni-node.probe';
import { PgProbeConnection } from '../../../../core/probes/pg-probe-connection';
import type {
  LabDefinition,
  LabNetwork,
  LabNodePlan,
  LabPlan,
  RunningNode,
} from '../../../../core/labs/lab-definition';
import { NodeObserver } from '../../../../core/labs/node-observer';
import {
  DEFAULT_PATRONI_SETTINGS,
  ETCD_CLIENT_PORT,
  PATRONI_CONFIG_PATH,
  PATRONI_CREDENTIALS,
  PATRONI_DATABASE,
  PATRONI_ENTRYPOINT,
  PATRONI_REST_PORT,
  PG_DATA_DIR,
  POSTGRES_PORT,
  etcdCommand,
  patroniYaml,
  validatePatroniSettings,
  type PatroniSettings,
} from './patroni-config';
import { caughtUpReplicas, judgePatroniReadiness } from './patroni-readiness';

const PG_NODES = 3;
/** Host numbers on the lab /24: PostgreSQL nodes .11-.13, etcd members .21-.23. */
const PG_HOST_BASE = 10;
const ETCD_HOST_BASE = 20;
const MiB = 1024 * 1024;

/**
 * Patroni: PostgreSQL 15 on 3 nodes managed by Patroni 3.0, with etcd 3.4 (1
 * member, or 3) as the DCS over its v2 API. Stage 0 starts etcd; stage 1 the
 * three PostgreSQL nodes: pg-1 bootstraps the cluster and takes the leader
 * key (so pg-1 is the initial leader on every run, as redis-1 is in the
 * Redis lab), while the replicas' containers start and wait, on their first
 * boot only, until etcd says the cluster is initialized
 * (`replicaFirstBootCommand`); then they clone pg-1 with pg_basebackup.
 * Patroni runs under a wrapper in each container: killing Patroni leaves
 * postgres running.
 */
export function patroniLab(overrides: Partial<PatroniSettings> = {}): LabDefinition {
  const settings: PatroniSettings = { ...DEFAULT_PATRONI_SETTINGS, ...overrides };
  validatePatroniSettings(settings);
  const pgNames = Array.from({ length: PG_NODES }, (_, i) => `pg-${i + 1}`);
  const etcdNames = Array.from({ length: settings.etcdNodes }, (_, i) => `etcd-${i + 1}`);
  const etcdText = settings.etcdNodes === 1 ? 'etcd' : `${settings.etcdNodes} etcd`;

  return {
    summary: {
      id: 'patroni',
      title: `Patroni — PostgreSQL 15, ${PG_NODES} nodes, ${etcdText}`,
      description:
        `Three PostgreSQL 15 servers managed by Patroni 3.0 (one leader, two streaming replicas), with ` +
        `${settings.etcdNodes === 1 ? 'one etcd 3.4 member' : `${settings.etcdNodes} etcd 3.4 members`} ` +
        `holding the leader key (ttl ${settings.ttl} s, loop_wait ${settings.loopWait} s, ` +
        `retry_timeout ${settings.retryTimeout} s${settings.synchronousMode ? ', synchronous_mode' : ''}).`,
      systems: ['postgresql 15', 'patroni 3.0', 'etcd 3.4'],
      nodes: [...etcdNames, ...pgNames],
    },
    images: ['etcd', 'patroni'],
    plan: (network) => planPatroni(network, settings, pgNames, etcdNames),
    openObserver: () => new PatroniObserver(settings),
  };
}

function planPatroni(
  network: LabNetwork,
  settings: PatroniSettings,
  pgNames: string[],
  etcdNames: string[],
): LabPlan {
  const etcdMembers = etcdNames.map((name, i) => ({
    name,
    ip: network.hostIp(ETCD_HOST_BASE + 1 + i),
  }));
  const token = `dojo-${network.subnet.replace(/[./]/g, '-')}`;
  const etcd: LabNodePlan[] = etcdMembers.map((m) => ({
    name: m.name,
    kind: 'etcd',
    image: 'etcd',
    stage: 0,
    ipv4: m.ip,
    cmd: etcdCommand(m, etcdMembers, token),
    files: [],
    probePorts: [ETCD_CLIENT_PORT],
    capAdd: ['NET_ADMIN'],
    memoryBytes: 256 * MiB,
  }));
  const etcdIps = etcdMembers.map((m) => m.ip);
  const pgs: LabNodePlan[] = pgNames.map((name, i) => {
    const ip = network.hostIp(PG_HOST_BASE + 1 + i);
    return {
      name,
      kind: 'postgres',
      image: 'patroni',
      stage: 1,
      ipv4: ip,
      cmd:
        i === 0
          ? [PATRONI_ENTRYPOINT, PATRONI_CONFIG_PATH]
          : replicaFirstBootCommand(etcdIps, settings.scope),
      files: [
        {
          path: PATRONI_CONFIG_PATH,
          content: patroniYaml(settings, { name, ip }, etcdIps, network.subnet),
        },
      ],
      probePorts: [POSTGRES_PORT, PATRONI_REST_PORT],
      capAdd: ['NET_ADMIN'],
      memoryBytes: 512 * MiB,
    };
  });
  return { nodes: [...etcd, ...pgs], stages: 2 };
}

/**
 * The command of a replica's container: on its first boot (an empty data
 * directory), wait until the cluster's `initialize` key in etcd holds a
 * system identifier (pg-1's bootstrap is done), then run Patroni through the
 * image's wrapper as pg-1 does. Without the wait a replica's Patroni could win
 * the race for that key and bootstrap the cluster itself. A later start (a
 * restarted container) runs Patroni at once, whatever etcd says.
 */
export function replicaFirstBootCommand(etcdIps: readonly string[], scope: string): string[] {
  const key = (ip: string) =>
    `curl -sf --max-time 1 http://${ip}:${ETCD_CLIENT_PORT}/v2/keys/service/${scope}/initialize`;
  const initialized = `{ ${etcdIps.map(key).join(' || ')}; } | grep -q '"value":"[0-9]'`;
  return [
    'bash',
    '-c',
    `if [ ! -s ${PG_DATA_DIR}/PG_VERSION ]; then until ${initialized}; do sleep 0.2; done; fi; ` +
      `exec ${PATRONI_ENTRYPOINT} ${PATRONI_CONFIG_PATH}`,
  ];
}

interface NodeConns {
  pg?: PgProbeConnection;
  rest?: HttpProbeConnection;
  etcd?: HttpProbeConnection;
}

/** Reads every node of a Patroni lab through long-lived loopback connections. */
class PatroniObserver extends NodeObserver<NodeConns> {
  protected override readonly dataKind = 'postgres';

  constructor(private readonly settings: PatroniSettings) {
    super();
  }

  protected override openConn(node: RunningNode): NodeConns {
    const c: NodeConns = {};
    const port = (p: number): number | undefined => node.hostPorts[p];
    if (node.plan.kind === 'etcd') {
      const p = port(ETCD_CLIENT_PORT);
      if (p !== undefined) c.etcd = new HttpProbeConnection(p);
    } else {
      const pgPort = port(POSTGRES_PORT);
      const restPort = port(PATRONI_REST_PORT);
      if (pgPort !== undefined)
        c.pg = new PgProbeConnection(pgPort, {
          user: PATRONI_CREDENTIALS.superuser.username,
          password: PATRONI_CREDENTIALS.superuser.password,
          database: PATRONI_DATABASE,
        });
      if (restPort !== undefined) c.rest = new HttpProbeConnection(restPort);
    }
    return c;
  }

  protected override closeConn(c: NodeConns): void {
    c.pg?.close();
    c.rest?.close();
    c.etcd?.close();
  }

  protected override readNode(node: RunningNode, timeoutMs: number): Promise<NodeObservation> {
    const c = this.conn(node) ?? {};
    return node.plan.kind === 'etcd'
      ? readEtcdLeaderKey(node.plan.name, c.etcd, timeoutMs, this.settings.scope)
      : readPatroniNode(node.plan.name, c.pg, c.rest, timeoutMs, this.nameOf);
  }

  override readiness(stage: number, latest: ProbeSample): Promise<ReadinessStatus> {
    return Promise.resolve(
      judgePatroniReadiness(latest, stage, {
        etcd: this.settings.etcdNodes,
        replicas: PG_NODES - 1,
        synchronousMode: this.settings.synchronousMode,
      }),
    );
  }

  /**
   * Final health from one fresh sample: the masters postgres reports, the
   * replicas streaming from the single master on its timeline with lag 0,
   * the leader key holder per etcd member (in `coordinatorViews`), and the
   * Patroni details (maintenance mode, timelines, Patroni's roles) in `patroni`.
   */
  override async finalHealth(
    timeoutMs: number,
  ): Promise<Omit<FinalHealth, 'activeFaults' | 'activeFences'>> {
    const sample = await this.sample(timeoutMs);
    return patroniFinalHealth(sample, this.settings.synchronousMode, PG_NODES - 1);
  }
}

/** The Patroni lab's final health from one sample (see FinalHealth.patroni). Pure. */
export function patroniFinalHealth(
  sample: ProbeSample,
  synchronousMode: boolean,
  replicasExpected: number,
): Omit<FinalHealth, 'activeFaults' | 'activeFences'> {
  const pgs = sample.nodes.filter((n) => n.kind === 'postgres');
  const etcd = sample.nodes.filter((n) => n.kind === 'etcd');
  const masters = pgs.filter((n) => n.role === 'master');
  const master = masters.length === 1 ? masters[0] : undefined;
  const replicasCaughtUp = master ? caughtUpReplicas(sample, master).map((n) => n.node) : [];
  const coordinatorViews = Object.fromEntries(
    etcd.map((n) => [n.node, n.role === 'dcs' ? (n.leaderKey?.holder ?? '?') : '?']),
  );
  const holder = etcd.find((n) => n.leaderKey)?.leaderKey?.holder;
  return {
    masters: masters.map((n) => n.node),
    replicasCaughtUp,
    replicasExpected,
    coordinatorViews,
    coordinationOk:
      etcd.length > 0 && etcd.every((n) => n.role === 'dcs' && n.leaderKey !== undefined),
    settingsReadBack: {},
    patroni: {
      ...(holder !== undefined ? { leaderKeyHolder: holder } : {}),
      ...(master?.timeline !== undefined ? { leaderTimeline: master.timeline } : {}),
      timelines: Object.fromEntries(
        pgs.filter((n) => n.timeline !== undefined).map((n) => [n.node, n.timeline as number]),
      ),
      patroniRoles: Object.fromEntries(pgs.map((n) => [n.node, n.patroniRole ?? 'unknown'])),
      maintenanceMode: pgs.some((n) => n.maintenance === true),
      synchronousMode,
      ...(master?.syncStandby !== undefined ? { syncStandby: master.syncStandby } : {}),
    },
  };
}

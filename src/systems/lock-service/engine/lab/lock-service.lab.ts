import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';
import type { FinalHealth } from '../../../../shared/scenario-types';
import { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';
import type {
  LabDefinition,
  LabNetwork,
  LabPlan,
  RunningNode,
} from '../../../../core/labs/lab-definition';
import { NodeObserver } from '../../../../core/labs/node-observer';
import { PgProbeConnection } from '../../../../core/probes/pg-probe-connection';
import { FENCE_SQL, parseFenceRow, type FenceRow } from '../probes/fence.probe';
import { readLockKey } from '../probes/lock-key.probe';
import {
  BELIEFS_PREFIX,
  DEFAULT_LOCK_SERVICE_SETTINGS,
  LOCK_ETCD_PORT,
  LOCK_KEY,
  STORAGE_LOGIN,
  STORAGE_PORT,
  STORAGE_SCRIPT,
  STORAGE_SQL,
  STORAGE_START,
  lockEtcdCommand,
  storageSql,
  validateLockServiceSettings,
  type LockServiceSettings,
} from './lock-service-config';
import { judgeLockReadiness, lockFinalHealth, lockHeadline } from './lock-service-health';

const MiB = 1024 * 1024;
/** Host numbers on the lab /24: etcd-1 at .11, storage at .21 (workers are clients from .100). */
const ETCD_HOST = 11;
const STORAGE_HOST = 21;

/**
 * The lock service (seed 004's worked example): etcd-1, one etcd 3.4 member
 * that keeps the lock under a lease, and storage, a PostgreSQL 15 that takes
 * the workers' writes with their fencing tokens and, with its check on,
 * refuses a token lower than the highest it has accepted. The workers are
 * the scenario's workload clients (mode `lock-worker`).
 */
export function lockServiceLab(overrides: Partial<LockServiceSettings> = {}): LabDefinition {
  const settings: LockServiceSettings = { ...DEFAULT_LOCK_SERVICE_SETTINGS, ...overrides };
  validateLockServiceSettings(settings);
  return {
    summary: {
      id: 'lock-service',
      title: 'Lock service — etcd lease, fencing tokens, storage',
      description:
        `A lock kept in etcd under a ${settings.leaseTtlSeconds} s lease whose revision is the fencing token, ` +
        `and a PostgreSQL storage node that takes writes with it (fencing check ${settings.fencingCheck ? 'on' : 'off'}). ` +
        'In a scenario, two workers take the lock and write.',
      systems: ['etcd 3.4', 'PostgreSQL 15'],
      nodes: ['etcd-1', 'storage'],
    },
    images: ['etcd', 'patroni'],
    plan: (network) => planLock(network, settings),
    openObserver: () => new LockObserver(),
  };
}

function planLock(network: LabNetwork, settings: LockServiceSettings): LabPlan {
  const etcdIp = network.hostIp(ETCD_HOST);
  return {
    stages: 1,
    nodes: [
      {
        name: 'etcd-1',
        kind: 'lock',
        image: 'etcd',
        stage: 0,
        ipv4: etcdIp,
        cmd: lockEtcdCommand(etcdIp),
        files: [],
        probePorts: [LOCK_ETCD_PORT],
        capAdd: ['NET_ADMIN'],
        memoryBytes: 256 * MiB,
      },
      {
        name: 'storage',
        kind: 'storage',
        image: 'patroni',
        stage: 0,
        ipv4: network.hostIp(STORAGE_HOST),
        cmd: ['bash', STORAGE_SCRIPT],
        files: [
          { path: STORAGE_SCRIPT, content: STORAGE_START, mode: 0o755 },
          { path: STORAGE_SQL, content: storageSql(settings.fencingCheck), mode: 0o644 },
        ],
        probePorts: [STORAGE_PORT],
        capAdd: ['NET_ADMIN'],
        memoryBytes: 256 * MiB,
      },
    ],
  };
}

type LockConn = HttpProbeConnection | PgProbeConnection;

/**
 * Reads etcd-1's lock and storage's fence through long-lived loopback
 * connections, and remembers the holder before the current one (no worker
 * lets go, so a new holder means the old one's lease ran out).
 */
class LockObserver extends NodeObserver<LockConn> {
  protected override readonly dataKind = 'storage';
  private last: { holder: string; token?: number } | undefined;
  private previous: { holder: string; token?: number } | undefined;

  protected override openConn(node: RunningNode): LockConn | undefined {
    const port = node.hostPorts[node.plan.kind === 'lock' ? LOCK_ETCD_PORT : STORAGE_PORT];
    if (port === undefined) return undefined;
    return node.plan.kind === 'lock'
      ? new HttpProbeConnection(port)
      : new PgProbeConnection(port, STORAGE_LOGIN);
  }

  protected override closeConn(c: LockConn): void {
    c.close();
  }

  protected override async readNode(
    node: RunningNode,
    timeoutMs: number,
  ): Promise<NodeObservation> {
    const name = node.plan.name;
    const conn = this.conn(node);
    const kind = node.plan.kind;
    const down = (error: string): NodeObservation => ({
      node: name,
      kind,
      role: 'unknown',
      state: 'unreachable',
      error,
    });
    if (!conn) return down('no published port yet');
    try {
      if (conn instanceof HttpProbeConnection) {
        const lock = await readLockKey(conn, LOCK_KEY, BELIEFS_PREFIX, timeoutMs);
        if (lock.holder && lock.holder !== this.last?.holder) {
          if (this.last) this.previous = this.last;
          this.last = {
            holder: lock.holder,
            ...(lock.token !== undefined ? { token: lock.token } : {}),
          };
        }
        const prev = this.previous;
        return {
          node: name,
          kind,
          role: 'dcs',
          state: 'running',
          lock: {
            ...lock,
            ...(prev ? { previousHolder: prev.holder } : {}),
            ...(prev?.token !== undefined ? { previousToken: prev.token } : {}),
          },
        };
      }
      const rows = await conn.query<FenceRow>(timeoutMs, FENCE_SQL);
      return {
        node: name,
        kind,
        role: 'master',
        state: 'running',
        fence: parseFenceRow(rows[0]),
      };
    } catch (e) {
      return down((e as Error).message);
    }
  }

  /** The headline's counts: the workers that say they hold the lock (see lockHeadline). */
  headline(
    nodes: readonly NodeObservation[],
  ): Pick<ProbeSample, 'mastersClaimed' | 'unknownNodes'> {
    return lockHeadline(nodes);
  }

  override async sample(timeoutMs: number): Promise<ProbeSample> {
    const s = await super.sample(timeoutMs);
    return { ...s, ...this.headline(s.nodes) };
  }

  override readiness(
    _stage: number,
    latest: ProbeSample,
    _timeoutMs: number,
  ): Promise<ReadinessStatus> {
    return Promise.resolve(judgeLockReadiness(latest));
  }

  override async finalHealth(
    timeoutMs: number,
  ): Promise<Omit<FinalHealth, 'activeFaults' | 'activeFences'>> {
    return lockFinalHealth(await this.sample(timeoutMs));
  }
}

import { durationMs, type WorkloadSpec } from '../../shared/scenario-schema';
import type { FileSpec } from '../runtime/container-runtime';
import type {
  HttpWorkloadClientConfig,
  PostgresWorkloadClientConfig,
  WorkloadClientConfig,
} from '../../workload/workload-config';
import { WORKLOAD_BUNDLE_PATH, WORKLOAD_CONFIG_PATH } from './workload-bundle';

/** Host numbers on the lab /24: clients at .31, .32, ... (data nodes .11-.13, sentinels .21-.23). */
const CLIENT_HOST_BASE = 30;
const SENTINEL_PORT = 26379;
const POSTGRES_PORT = 5432;
const HTTP_PORT = 80;
const MiB = 1024 * 1024;

/** One workload client container of a run. */
export interface WorkloadClientPlan {
  /** Client name (also the container's node name), e.g. `app-pinned`. */
  name: string;
  mode: WorkloadClientConfig['mode'];
  /** Fixed IPv4 address on the lab network. */
  ipv4: string;
  /** Lab image name (folder under lab-images/). */
  image: 'client';
  cmd: string[];
  /** The bundle and the client's config; copy into the container before it starts. */
  files: FileSpec[];
  /** For partitions made with iptables inside the client's own network namespace. */
  capAdd: string[];
  /** Memory limit, bytes. */
  memoryBytes: number;
  /** Seconds to give the client on stop: it drains writes in flight for up to its timeout. */
  stopGraceSeconds: number;
  /** The config written to the container (also in `files`). */
  config: WorkloadClientConfig;
}

export interface PlanWorkloadClientsInput {
  spec: WorkloadSpec;
  network: { hostIp(n: number): string };
  /** Asked in this order by the clients. `port` defaults to 26379. */
  sentinels: { name: string; ip: string; port?: number }[];
  /** Node name by IP (data nodes), to name the node each write went to. */
  nodes: Record<string, string>;
  masterName: string;
  /** The workload bundle (see bundleWorkload). */
  bundle: string;
}

/** Lays out one container per workload client. Pure. Throws on a Postgres-only mode (`multi-host`). */
export function planWorkloadClients(input: PlanWorkloadClientsInput): WorkloadClientPlan[] {
  const timeoutMs = durationMs(input.spec.timeout);
  return input.spec.clients.map((c, i) => {
    const mode = c.mode;
    if (mode !== 'sentinel' && mode !== 'pinned') {
      throw new Error(`workload client ${c.name}: mode ${mode} is not a Redis mode`);
    }
    const config: WorkloadClientConfig = {
      client: c.name,
      mode,
      rate: input.spec.rate,
      timeoutMs,
      masterName: input.masterName,
      sentinels: input.sentinels.map((s) => ({
        name: s.name,
        ip: s.ip,
        port: s.port ?? SENTINEL_PORT,
      })),
      nodes: { ...input.nodes },
    };
    return {
      name: c.name,
      mode,
      ...containerPlan(input.network.hostIp(CLIENT_HOST_BASE + 1 + i), config, input.bundle),
      config,
    };
  });
}

/** The container part of a client's plan, whatever its system. */
function containerPlan(
  ipv4: string,
  config: { timeoutMs: number },
  bundle: string,
): Omit<WorkloadClientPlan, 'name' | 'mode' | 'config'> {
  return {
    ipv4,
    image: 'client',
    cmd: ['node', WORKLOAD_BUNDLE_PATH, WORKLOAD_CONFIG_PATH],
    files: [
      { path: WORKLOAD_BUNDLE_PATH, content: bundle, mode: 0o644 },
      {
        path: WORKLOAD_CONFIG_PATH,
        content: JSON.stringify(config, null, 2) + '\n',
        mode: 0o644,
      },
    ],
    capAdd: ['NET_ADMIN'],
    memoryBytes: 128 * MiB,
    stopGraceSeconds: Math.ceil(config.timeoutMs / 1000) + 2,
  };
}

/** One Postgres workload client container of a run (same layout as the Redis one). */
export interface PostgresWorkloadClientPlan extends Omit<WorkloadClientPlan, 'mode' | 'config'> {
  mode: PostgresWorkloadClientConfig['mode'];
  config: PostgresWorkloadClientConfig;
}

export interface PlanPostgresWorkloadClientsInput {
  spec: WorkloadSpec;
  network: { hostIp(n: number): string };
  /** The PostgreSQL nodes, tried in this order by multi-host clients. `port` defaults to 5432. */
  hosts: { name: string; ip: string; port?: number }[];
  database: string;
  user: string;
  /** Omit with trust authentication. */
  password?: string;
  /** The workload bundle (see bundleWorkload). */
  bundle: string;
}

/**
 * Lays out one container per workload client of a PostgreSQL lab: modes
 * `pinned` and `multi-host`. Pure. Throws on `sentinel` (a Redis mode).
 */
export function planPostgresWorkloadClients(
  input: PlanPostgresWorkloadClientsInput,
): PostgresWorkloadClientPlan[] {
  const timeoutMs = durationMs(input.spec.timeout);
  return input.spec.clients.map((c, i) => {
    const mode = c.mode;
    if (mode !== 'pinned' && mode !== 'multi-host') {
      throw new Error(`workload client ${c.name}: mode ${mode} is not a PostgreSQL mode`);
    }
    const config: PostgresWorkloadClientConfig = {
      system: 'postgres',
      client: c.name,
      mode,
      rate: input.spec.rate,
      timeoutMs,
      hosts: hostsOf(c.hosts, input.hosts, c.name).map((h) => ({
        name: h.name,
        ip: h.ip,
        port: h.port ?? POSTGRES_PORT,
      })),
      database: input.database,
      user: input.user,
      ...(input.password !== undefined ? { password: input.password } : {}),
    };
    return {
      name: c.name,
      mode,
      ...containerPlan(input.network.hostIp(CLIENT_HOST_BASE + 1 + i), config, input.bundle),
      config,
    };
  });
}

/** The hosts a client knows: the ones it names, in its order, else all of them. */
function hostsOf<H extends { name: string }>(
  names: readonly string[] | undefined,
  all: readonly H[],
  client: string,
): H[] {
  if (!names) return [...all];
  return names.map((n) => {
    const h = all.find((x) => x.name === n);
    if (!h) throw new Error(`workload client ${client}: no PostgreSQL node "${n}"`);
    return h;
  });
}

/** One HTTP workload client container of a keepalived lab (same layout as the Redis one). */
export interface KeepalivedWorkloadClientPlan extends Omit<WorkloadClientPlan, 'mode' | 'config'> {
  mode: HttpWorkloadClientConfig['mode'];
  config: HttpWorkloadClientConfig;
}

export interface PlanKeepalivedWorkloadClientsInput {
  spec: WorkloadSpec;
  network: { hostIp(n: number): string };
  /** The virtual IP the clients request. */
  vip: string;
  /** The VRRP routers (name and interface IP), named in the clients' status lines. */
  routers: { name: string; ip: string }[];
  /** The workload bundle (see bundleWorkload). */
  bundle: string;
}

/**
 * Lays out one container per workload client of a keepalived lab: HTTP GETs
 * of the VIP on port 80, modes `http-session` and `http-oneshot`, in the
 * `client` image (Node 18) at .31, .32, ... Pure. Throws on any other mode.
 */
export function planKeepalivedWorkloadClients(
  input: PlanKeepalivedWorkloadClientsInput,
): KeepalivedWorkloadClientPlan[] {
  const timeoutMs = durationMs(input.spec.timeout);
  return input.spec.clients.map((c, i) => {
    const mode = c.mode;
    if (mode !== 'http-session' && mode !== 'http-oneshot') {
      throw new Error(`workload client ${c.name}: mode ${mode} is not a keepalived (HTTP) mode`);
    }
    const config: HttpWorkloadClientConfig = {
      system: 'http',
      client: c.name,
      mode,
      rate: input.spec.rate,
      timeoutMs,
      vip: input.vip,
      port: HTTP_PORT,
      routers: input.routers.map((r) => ({ name: r.name, ip: r.ip })),
    };
    return {
      name: c.name,
      mode,
      ...containerPlan(input.network.hostIp(CLIENT_HOST_BASE + 1 + i), config, input.bundle),
      config,
    };
  });
}

import { durationMs, type WorkloadSpec } from '../../shared/scenario-schema';
import type { FileSpec } from '../runtime/container-runtime';
import type { WorkloadClientConfig } from '../../workload/workload-config';
import { WORKLOAD_BUNDLE_PATH, WORKLOAD_CONFIG_PATH } from './workload-bundle';

/** Host numbers on the lab /24: clients at .31, .32, ... (data nodes .11-.13, sentinels .21-.23). */
const CLIENT_HOST_BASE = 30;
const SENTINEL_PORT = 26379;
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

/** Lays out one container per workload client. Pure. */
export function planWorkloadClients(input: PlanWorkloadClientsInput): WorkloadClientPlan[] {
  const timeoutMs = durationMs(input.spec.timeout);
  return input.spec.clients.map((c, i) => {
    const config: WorkloadClientConfig = {
      client: c.name,
      mode: c.mode,
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
      mode: c.mode,
      ipv4: input.network.hostIp(CLIENT_HOST_BASE + 1 + i),
      image: 'client',
      cmd: ['node', WORKLOAD_BUNDLE_PATH, WORKLOAD_CONFIG_PATH],
      files: [
        { path: WORKLOAD_BUNDLE_PATH, content: input.bundle, mode: 0o644 },
        {
          path: WORKLOAD_CONFIG_PATH,
          content: JSON.stringify(config, null, 2) + '\n',
          mode: 0o644,
        },
      ],
      capAdd: ['NET_ADMIN'],
      memoryBytes: 128 * MiB,
      stopGraceSeconds: Math.ceil(timeoutMs / 1000) + 2,
      config,
    };
  });
}

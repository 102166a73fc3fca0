import { durationMs, type WorkloadSpec } from '../../shared/scenario-schema';
import type { FileSpec } from '../runtime/container-runtime';
import { WORKLOAD_BUNDLE_PATH, WORKLOAD_CONFIG_PATH } from './workload-bundle';

/**
 * Host numbers on the lab /24: clients at .31, .32, ... (data nodes .11-.13,
 * sentinels or etcd .21-.23).
 */
const CLIENT_HOST_BASE = 30;
const MiB = 1024 * 1024;

/**
 * One workload client container of a run, whatever its system: the system's
 * client config (`C`, written to the container as JSON; its `timeoutMs`, ms,
 * sets the stop grace) and the container around it. Each system lays out its
 * own clients (its `*-workload-clients.ts`) with `clientContainerPlan`.
 */
export interface WorkloadClientPlan<
  C extends { mode: string; timeoutMs: number } = { mode: string; timeoutMs: number },
> {
  /** Client name (also the container's node name), e.g. `app-pinned`. */
  name: string;
  mode: C['mode'];
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
  config: C;
}

/**
 * The plan of the `index`-th client (0-based) of a run: its fixed address
 * (.31, .32, ...), the workload bundle and its config as files, NET_ADMIN
 * for partitions inside its namespace, 128 MiB, and a stop grace of its
 * timeout plus 2 s. Pure.
 */
export function clientContainerPlan<C extends { mode: string; timeoutMs: number }>(
  input: { name: string; index: number; network: { hostIp(n: number): string }; bundle: string },
  config: C,
): WorkloadClientPlan<C> {
  return {
    name: input.name,
    mode: config.mode,
    ipv4: input.network.hostIp(CLIENT_HOST_BASE + 1 + input.index),
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
    stopGraceSeconds: Math.ceil(config.timeoutMs / 1000) + 2,
    config,
  };
}

/**
 * Lays out one container per client of a workload spec, in order (.31,
 * .32, ...), each with the config `configOf` gives it (`timeoutMs`: the
 * spec's timeout, ms); a client whose mode is not one of `modes` is refused,
 * naming `system` (e.g. "is not a Redis mode"). Pure.
 */
export function planClients<M extends string, C extends { mode: M; timeoutMs: number }>(
  input: { spec: WorkloadSpec; network: { hostIp(n: number): string }; bundle: string },
  modes: readonly M[],
  system: string,
  configOf: (client: WorkloadSpec['clients'][number], mode: M, timeoutMs: number) => C,
): WorkloadClientPlan<C>[] {
  const timeoutMs = durationMs(input.spec.timeout);
  return input.spec.clients.map((c, index) => {
    const mode = modes.find((m) => m === c.mode);
    if (mode === undefined)
      throw new Error(`workload client ${c.name}: mode ${c.mode} is not a ${system} mode`);
    return clientContainerPlan(
      { name: c.name, index, network: input.network, bundle: input.bundle },
      configOf(c, mode, timeoutMs),
    );
  });
}

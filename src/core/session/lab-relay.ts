import type { LabNodePlan } from '../labs/lab-definition';
import { hostIpInSubnet } from '../labs/lab-definition';
import type { ContainerRuntime, NetworkInfo } from '../runtime/container-runtime';
import { LabTunnel } from '../workload/lab-tunnel';
import { bundleWorkload, WORKLOAD_BUNDLE_PATH } from '../workload/workload-bundle';

/**
 * How the app reaches a lab's ports (probe reads, event streams, agents). `published`: each
 * node publishes them on the engine's 127.0.0.1, which is this machine's only when the engine
 * is local. `tunnel`: nothing is published; a relay inside the lab network carries the
 * connections over one exec stream through the Docker API (LabTunnel), so a remote engine's
 * labs are watched the same way.
 */
export type DataPath = 'published' | 'tunnel';

/**
 * The data path for an engine at `endpoint` (ContainerRuntime.endpoint): `override` when it
 * names one (DOJO_DATA_PATH), else `published` for an engine on this machine (a unix socket,
 * a named pipe, tcp to a loopback address) and `tunnel` for any other. Throws on an override
 * that names neither.
 */
export function dataPathFor(endpoint: string, override?: string): DataPath {
  if (override) {
    if (override === 'published' || override === 'tunnel') return override;
    throw new Error(`DOJO_DATA_PATH must be published or tunnel, not "${override}"`);
  }
  const url = endpoint.split(' ')[0] ?? '';
  if (/^(unix|npipe):/.test(url)) return 'published';
  const host = /^[a-z]+:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/i.exec(url)?.[1] ?? '';
  return /^(127\.|localhost$|\[::1\]$)/.test(host) ? 'published' : 'tunnel';
}

/** The lab relay's host number in the lab network (clear of the labs' nodes, clients and VIPs). */
export const RELAY_HOST = 100;
/** The image the relay runs in (Node 18: the workload clients' image). */
export const RELAY_IMAGE = 'client';

/**
 * Starts a lab's relay: a container of the client image at RELAY_HOST in the lab network,
 * labelled with the run but not as a node (no node events; the run's removal takes it), and
 * the relay's exec in it (`node workload.mjs --relay`). Throws when the image is missing or
 * the engine refuses a step.
 */
export async function startRelay(
  runtime: ContainerRuntime,
  input: {
    image: string | undefined;
    name: string;
    labels: Record<string, string>;
    network: NetworkInfo;
  },
): Promise<LabTunnel> {
  const { image, network } = input;
  if (!image) throw new Error(`the lab relay's image ${RELAY_IMAGE} was not built`);
  const id = await runtime.createContainer({
    name: input.name,
    hostname: 'relay',
    image,
    cmd: ['sleep', 'infinity'],
    labels: input.labels,
    network: { name: network.name, ipv4: hostIpInSubnet(network.subnet, RELAY_HOST) },
    publishLoopback: [],
    memoryBytes: 64 * 1024 * 1024,
    stopTimeoutSeconds: 1,
    init: true,
  });
  await runtime.putFiles(id, [
    { path: WORKLOAD_BUNDLE_PATH, content: await bundleWorkload(), mode: 0o644 },
  ]);
  await runtime.startContainer(id);
  return LabTunnel.start(() => runtime.execPipe(id, ['node', WORKLOAD_BUNDLE_PATH, '--relay']));
}

/** A node's probe ports as the tunnel forwards them: container port -> local port on 127.0.0.1. */
export async function tunnelPorts(
  tunnel: LabTunnel,
  node: Pick<LabNodePlan, 'ipv4' | 'probePorts'>,
): Promise<Record<number, number>> {
  const pairs = await Promise.all(
    node.probePorts.map(async (p) => [p, await tunnel.forward(node.ipv4, p)] as const),
  );
  return Object.fromEntries(pairs);
}

import type { ContainerRuntime } from '../runtime/container-runtime';
import type { WorkloadClientPlan } from './workload-clients';

/** What starting a client needs from its plan (every system's client plan has these). */
export type ClientContainerPlan = Pick<
  WorkloadClientPlan,
  'name' | 'cmd' | 'ipv4' | 'capAdd' | 'memoryBytes' | 'stopGraceSeconds' | 'files'
>;

/**
 * Creates one workload client container on the lab network (hostname and
 * network alias = the client's name, at the plan's fixed address), copies in
 * the plan's files (the workload bundle and the client's config), and starts
 * it. Resolves with the container id.
 */
export async function startClientContainer(
  runtime: Pick<ContainerRuntime, 'createContainer' | 'putFiles' | 'startContainer'>,
  input: {
    plan: ClientContainerPlan;
    /** The container's name on the engine, e.g. `dojo-<run>-app-pinned`. */
    containerName: string;
    /** The client image's tag. */
    image: string;
    /** The run's labels (see runLabels): the container goes with the run. */
    labels: Record<string, string>;
    /** The lab network's name. */
    network: string;
  },
): Promise<string> {
  const { plan } = input;
  const id = await runtime.createContainer({
    name: input.containerName,
    hostname: plan.name,
    image: input.image,
    cmd: plan.cmd,
    labels: input.labels,
    network: { name: input.network, ipv4: plan.ipv4, aliases: [plan.name] },
    capAdd: plan.capAdd,
    memoryBytes: plan.memoryBytes,
    stopTimeoutSeconds: plan.stopGraceSeconds,
    init: true,
  });
  await runtime.putFiles(id, plan.files);
  await runtime.startContainer(id);
  return id;
}

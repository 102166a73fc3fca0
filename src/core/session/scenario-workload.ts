import type { Scenario } from '../../shared/scenario-schema';
import type { ScenarioEventBody, WriteRecord } from '../../shared/scenario-types';
import type { LabMember } from '../faults/fault-types';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { runLabels } from '../runtime/labels';
import type { ScenarioSystemAdapter } from '../systems/scenario-system';
import { startClientContainer } from '../workload/client-container';
import { bundleWorkload } from '../workload/workload-bundle';
import { followWrites } from '../workload/write-stream';
import type { RunController } from './run-controller';

/** What starting a scenario's workload needs. */
export interface WorkloadStart {
  runtime: ContainerRuntime;
  /** The run whose lab is up (its network, client image and running nodes). */
  controller: RunController;
  /** The system the scenario runs on: it plans the client containers. */
  system: ScenarioSystemAdapter;
  scenario: Scenario;
  /** Gets each batch of write records a client reports, as they come. */
  onWrites(records: WriteRecord[]): void;
  /** Gets the run event the system makes of a client's status line (see ScenarioSystemAdapter.clientStatus). */
  onClientEvent(event: ScenarioEventBody): void;
  /** Gets the stop of each client's write follower as soon as it follows (the run calls it at its end or abort). */
  addCloser(close: () => Promise<void> | void): void;
}

/** The workload once it runs. */
export interface StartedWorkload {
  /** The client containers as faults and actions address them. */
  clients: LabMember[];
  /** Seconds a client gets to finish its in-flight writes on stop: the longest grace of the plans, at least 1. */
  graceS: number;
}

/**
 * Starts the scenario's workload: one container per client the system plans,
 * on the lab's network, with the workload bundle, each followed for its
 * write records. Rejects when the lab has no network or client image, or a
 * client cannot be created or started.
 */
export async function startWorkload(input: WorkloadStart): Promise<StartedWorkload> {
  const { runtime, controller, scenario } = input;
  const network = controller.networkInfo;
  const image = controller.imageRefs.get('client');
  if (!network || !image) throw new Error('the lab has no network or client image');
  const nodes = controller.runningNodes();
  const plans = input.system.planClients({
    spec: scenario.workload,
    hostIp: (n: number) => `${network.subnet.split('.').slice(0, 3).join('.')}.${n}`,
    nodes,
    bundle: await bundleWorkload(),
  });
  const labId = controller.history.runId;
  let graceS = 1;
  const clients = await Promise.all(
    plans.map(async (plan) => {
      const id = await startClientContainer(runtime, {
        plan,
        containerName: `dojo-${labId}-${plan.name}`,
        image,
        labels: runLabels(labId, scenario.system, plan.name),
        network: network.name,
      });
      const toEvent = input.system.clientStatus?.bind(input.system);
      const follower = await followWrites(
        runtime,
        id,
        (records) => input.onWrites(records),
        toEvent
          ? (status) => {
              const event = toEvent(status as unknown as Record<string, unknown>);
              if (event) input.onClientEvent(event);
            }
          : undefined,
      );
      input.addCloser(() => follower.stop());
      graceS = Math.max(graceS, plan.stopGraceSeconds);
      return { name: plan.name, kind: 'client' as const, containerId: id, ipv4: plan.ipv4 };
    }),
  );
  return { clients, graceS };
}

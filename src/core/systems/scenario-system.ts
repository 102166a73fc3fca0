import type { LabSettingsInput, Scenario, WorkloadSpec } from '../../shared/scenario-schema';
import type { FaultInjectors } from '../faults/fault-types';
import type { FinalHealth, ScenarioEventBody } from '../../shared/scenario-types';
import type { NodeActionOptions, NodeMovePerformers } from '../actions/node-action-types';
import type { LabDefinition, RunningNode } from '../labs/lab-definition';
import type { ContainerRuntime } from '../runtime/container-runtime';
import type { WorkloadClientPlan } from '../workload/workload-clients';

/** The container part of a workload client's plan, whatever the system. */
export type ClientContainerPlan = Omit<WorkloadClientPlan, 'mode' | 'config'> & { mode: string };

/**
 * What a scenario needs from the system it runs on (one per
 * `ScenarioSystem`, registered in scenario-systems.ts): the lab with the run's settings, where the workload writes,
 * which live event streams to record, where the surviving writes are read
 * back from. The session (ScenarioRun) is the same for every system.
 */
export interface ScenarioSystemAdapter {
  /** The lab with these settings. */
  lab: LabDefinition;
  /** Settings in force, for the run history (numbers and booleans). */
  recorded: Record<string, number | boolean>;
  /** Options every node action of the run gets (e.g. the name Sentinel monitors). */
  actionOptions: Partial<NodeActionOptions>;
  /** One container per workload client of the scenario, on the run's network. Pure. */
  planClients(input: {
    spec: WorkloadSpec;
    hostIp: (n: number) => string;
    nodes: readonly RunningNode[];
    bundle: string;
  }): ClientContainerPlan[];
  /**
   * Starts the system's live event streams (Sentinel's pub/sub, a node
   * manager's log...) and records them with `append`. Returns the closers.
   */
  watch(
    runtime: ContainerRuntime,
    nodes: readonly RunningNode[],
    append: (event: ScenarioEventBody) => void,
  ): (() => void)[];
  /**
   * A run event from a workload client's status line (the line as the
   * client printed it, `type` removed), or undefined when the system records
   * none: the lock service's workers say when they take and lose the lock.
   * Absent: status lines are not recorded.
   */
  clientStatus?(status: Readonly<Record<string, unknown>>): ScenarioEventBody | undefined;
  /** The node the surviving writes are read back from at the end, if one can be named. */
  finalLeader(health: FinalHealth): string | undefined;
  /**
   * Every workload write key (`dojo:w:<client>:<seq6>`) the node holds. Throws
   * when it does not answer. Absent for a system whose workload leaves no data
   * behind (requests to a virtual IP answered by whichever router holds it); its ledger then counts
   * outcomes and the routers that answered, without fates.
   */
  readKeys?(runtime: ContainerRuntime, containerId: string): Promise<Set<string>>;
  /**
   * Every shared key (`dojo:s:*`, see `workload.sharedKeys`) the node holds,
   * with its value. Throws when it does not answer. Absent for a system whose
   * workload has no shared keys.
   */
  readShared?(runtime: ContainerRuntime, containerId: string): Promise<Record<string, string>>;
}

/** Builds a system's adapter for one scenario run (throws on a setting the trainee may not choose). */
export type ScenarioSystemFactory = (
  scenario: Scenario,
  trainee?: LabSettingsInput,
) => ScenarioSystemAdapter;

/**
 * One system as the engine knows it: the adapter a scenario run uses, its
 * lab as the catalog offers it, and the lab's default settings (every setting a scenario may set, for the
 * catalog's trainee settings). Registered once in scenario-systems.ts.
 */
export interface SystemEngine {
  adapter: ScenarioSystemFactory;
  /** The system's lab with its default settings, as the lab catalog offers it. */
  defaultLab(): LabDefinition;
  /** The default value of every setting a scenario of this system may set. */
  defaultSettings(): Record<string, unknown>;
  /** The injectors of this system's own fault kinds (its FaultKinds in shared/). */
  faults: FaultInjectors;
  /** The performers of this system's own moves (its MoveKinds in shared/), and of shared ones it carries out its way (export-keys). */
  moves: NodeMovePerformers;
}

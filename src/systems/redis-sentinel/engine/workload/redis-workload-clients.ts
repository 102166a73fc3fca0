import type { WorkloadSpec } from '../../../../shared/scenario-schema';
import type { WorkloadClientConfig } from '../../../../workload/workload-config';
import { planClients, type WorkloadClientPlan } from '../../../../core/workload/workload-clients';

const SENTINEL_PORT = 26379;

/** One Redis workload client container of a run. */
export type RedisWorkloadClientPlan = WorkloadClientPlan<WorkloadClientConfig>;

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

/**
 * Lays out one container per workload client of a Redis Sentinel lab: modes
 * `sentinel` and `pinned`, with the scenario's shared keys if any. Pure. Throws on any other mode.
 */
export function planWorkloadClients(input: PlanWorkloadClientsInput): RedisWorkloadClientPlan[] {
  return planClients(
    input,
    ['sentinel', 'pinned'] as const,
    'Redis',
    (c, mode, timeoutMs): WorkloadClientConfig => ({
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
      ...(input.spec.sharedKeys !== undefined ? { sharedKeys: input.spec.sharedKeys } : {}),
    }),
  );
}

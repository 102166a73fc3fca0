import type { WorkloadSpec } from '../../../../shared/scenario-schema';
import type { HttpWorkloadClientConfig } from '../../../../workload/workload-config';
import { planClients, type WorkloadClientPlan } from '../../../../core/workload/workload-clients';

const HTTP_PORT = 80;

/** One HTTP workload client container of a keepalived lab. */
export type KeepalivedWorkloadClientPlan = WorkloadClientPlan<HttpWorkloadClientConfig>;

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
  return planClients(
    input,
    ['http-session', 'http-oneshot'] as const,
    'keepalived (HTTP)',
    (c, mode, timeoutMs): HttpWorkloadClientConfig => ({
      system: 'http',
      client: c.name,
      mode,
      rate: input.spec.rate,
      timeoutMs,
      vip: input.vip,
      port: HTTP_PORT,
      routers: input.routers.map((r) => ({ name: r.name, ip: r.ip })),
    }),
  );
}

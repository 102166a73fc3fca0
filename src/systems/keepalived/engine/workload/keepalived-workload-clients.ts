import { durationMs, type WorkloadSpec } from '../../../../shared/scenario-schema';
import type { HttpWorkloadClientConfig } from '../../../../workload/workload-config';
import {
  clientContainerPlan,
  type WorkloadClientPlan,
} from '../../../../core/workload/workload-clients';

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
  const timeoutMs = durationMs(input.spec.timeout);
  return input.spec.clients.map((c, index) => {
    const mode = c.mode;
    if (mode !== 'http-session' && mode !== 'http-oneshot') {
      throw new Error(`workload client ${c.name}: mode ${mode} is not a keepalived (HTTP) mode`);
    }
    return clientContainerPlan(
      { name: c.name, index, network: input.network, bundle: input.bundle },
      {
        system: 'http',
        client: c.name,
        mode,
        rate: input.spec.rate,
        timeoutMs,
        vip: input.vip,
        port: HTTP_PORT,
        routers: input.routers.map((r) => ({ name: r.name, ip: r.ip })),
      },
    );
  });
}

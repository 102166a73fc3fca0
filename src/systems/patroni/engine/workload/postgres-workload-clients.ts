import type { WorkloadSpec } from '../../../../shared/scenario-schema';
import type { PostgresWorkloadClientConfig } from '../../../../workload/workload-config';
import { planClients, type WorkloadClientPlan } from '../../../../core/workload/workload-clients';

const POSTGRES_PORT = 5432;

/** One Postgres workload client container of a run. */
export type PostgresWorkloadClientPlan = WorkloadClientPlan<PostgresWorkloadClientConfig>;

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
 * `pinned` and `multi-host`. Pure. Throws on any other mode.
 */
export function planPostgresWorkloadClients(
  input: PlanPostgresWorkloadClientsInput,
): PostgresWorkloadClientPlan[] {
  return planClients(
    input,
    ['pinned', 'multi-host'] as const,
    'PostgreSQL',
    (c, mode, timeoutMs): PostgresWorkloadClientConfig => ({
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
    }),
  );
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

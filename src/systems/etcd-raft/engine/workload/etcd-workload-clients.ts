import type { WorkloadSpec } from '../../../../shared/scenario-schema';
import type { EtcdWorkloadClientConfig } from '../../../../workload/workload-config';
import { planClients, type WorkloadClientPlan } from '../../../../core/workload/workload-clients';
import { ETCD_RAFT_CLIENT_PORTS } from '../../shared/etcd-raft.traits';

/** One etcd workload client container of a run. */
export type EtcdWorkloadClientPlan = WorkloadClientPlan<EtcdWorkloadClientConfig>;

/**
 * Lays out one container per workload client of an etcd (Raft) lab: modes
 * `pinned` (through the first of its hosts) and `multi-host` (moves on after
 * an error or timeout). A client's hosts are the members it names, in its
 * order, else every member from raft-1 (the leader at the start). Pure.
 * Throws on any other mode or an unknown member.
 */
export function planEtcdWorkloadClients(input: {
  spec: WorkloadSpec;
  network: { hostIp(n: number): string };
  members: { name: string; ip: string }[];
  bundle: string;
}): EtcdWorkloadClientPlan[] {
  return planClients(
    input,
    ['pinned', 'multi-host'] as const,
    'etcd',
    (c, mode, timeoutMs): EtcdWorkloadClientConfig => ({
      system: 'etcd',
      client: c.name,
      mode,
      rate: input.spec.rate,
      timeoutMs,
      hosts: (c.hosts ?? input.members.map((m) => m.name)).map((n) => {
        const m = input.members.find((x) => x.name === n);
        if (!m) throw new Error(`workload client ${c.name}: no etcd member "${n}"`);
        return { name: m.name, ip: m.ip, port: ETCD_RAFT_CLIENT_PORTS.raft };
      }),
    }),
  );
}

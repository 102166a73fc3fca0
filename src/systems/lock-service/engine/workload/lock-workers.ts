import type { WorkloadSpec } from '../../../../shared/scenario-schema';
import type { LockWorkerConfig } from '../../../../workload/workload-config';
import { planClients, type WorkloadClientPlan } from '../../../../core/workload/workload-clients';
import {
  BELIEFS_PREFIX,
  LOCK_ETCD_PORT,
  LOCK_KEY,
  STORAGE_LOGIN,
  STORAGE_PORT,
} from '../lab/lock-service-config';

/** How long the other workers wait before their first try, ms: the first one listed takes the lock. */
const FIRST_HOLDER_HEAD_START_MS = 2000;

/** One lock worker's container of a run. */
export type LockWorkerPlan = WorkloadClientPlan<LockWorkerConfig>;

/**
 * Lays out one container per worker of a lock-service scenario (mode
 * `lock-worker`): each takes the lock in etcd-1 under a lease of
 * `leaseTtlSeconds` and, while it holds it, writes to storage `rate` times a
 * second with its fencing token. Pure. Throws on another mode or a lab
 * without etcd-1 or storage.
 */
export function planLockWorkers(input: {
  spec: WorkloadSpec;
  network: { hostIp(n: number): string };
  etcd: { name: string; ip: string } | undefined;
  storage: { name: string; ip: string } | undefined;
  leaseTtlSeconds: number;
  bundle: string;
}): LockWorkerPlan[] {
  const { etcd, storage } = input;
  if (!etcd || !storage) throw new Error('the lock-service lab has no etcd-1 or no storage node');
  return planClients(
    input,
    ['lock-worker'] as const,
    'lock-service',
    (c, mode, timeoutMs): LockWorkerConfig => ({
      system: 'lock',
      mode,
      client: c.name,
      etcd: { name: etcd.name, ip: etcd.ip, port: LOCK_ETCD_PORT },
      storage: {
        name: storage.name,
        ip: storage.ip,
        port: STORAGE_PORT,
        user: STORAGE_LOGIN.user,
        database: STORAGE_LOGIN.database,
      },
      lockKey: LOCK_KEY,
      beliefPrefix: BELIEFS_PREFIX,
      leaseTtlSeconds: input.leaseTtlSeconds,
      writeEveryMs: Math.max(20, Math.round(1000 / input.spec.rate)),
      acquireEveryMs: 500,
      timeoutMs,
      // The scenario's first worker takes the lock: the others try a moment later.
      firstTryAfterMs: input.spec.clients.indexOf(c) === 0 ? 0 : FIRST_HOLDER_HEAD_START_MS,
    }),
  );
}

import { describe, expect, it } from 'vitest';
import { workloadSchema } from '../../../../shared/scenario-schema';
import { hostIpInSubnet } from '../../../../core/labs/lab-definition';
import { WORKLOAD_CONFIG_PATH } from '../../../../core/workload/workload-bundle';
import { parseLockWorkerConfig } from '../../../../workload/workload-config';
import { planLockWorkers } from './lock-workers';

const network = { hostIp: (n: number) => hostIpInSubnet('10.215.4.0/24', n) };
const etcd = { name: 'etcd-1', ip: '10.215.4.11' };
const storage = { name: 'storage', ip: '10.215.4.21' };

/** The workload of zombie-lock-holder.yaml: two lock workers, 5 writes a second, 1 s timeout. */
const spec = workloadSchema.parse({
  rate: 5,
  timeout: '1s',
  clients: [
    { name: 'worker-1', mode: 'lock-worker' },
    { name: 'worker-2', mode: 'lock-worker' },
  ],
});

describe('planLockWorkers', () => {
  it('gives each worker etcd-1, storage with its login, the lock key, the board and the lease TTL', () => {
    const plans = planLockWorkers({
      spec,
      network,
      etcd,
      storage,
      leaseTtlSeconds: 7,
      bundle: '// bundle',
    });
    expect(plans.map((p) => [p.name, p.mode, p.ipv4])).toEqual([
      ['worker-1', 'lock-worker', '10.215.4.31'],
      ['worker-2', 'lock-worker', '10.215.4.32'],
    ]);
    const [w1, w2] = plans;
    expect(w1!.config).toMatchObject({
      system: 'lock',
      mode: 'lock-worker',
      client: 'worker-1',
      etcd: { name: 'etcd-1', ip: '10.215.4.11', port: 2379 },
      storage: {
        name: 'storage',
        ip: '10.215.4.21',
        port: 5432,
        user: 'postgres',
        database: 'postgres',
      },
      lockKey: 'dojo/lock',
      beliefPrefix: 'dojo/beliefs/',
      leaseTtlSeconds: 7,
      // rate 5: one write every 200 ms while holding; the spec's 1 s timeout.
      writeEveryMs: 200,
      timeoutMs: 1000,
    });
    expect(w2!.config.client).toBe('worker-2');
    // The first worker listed tries at once and takes the lock; the other waits its turn.
    expect(w1!.config.firstTryAfterMs).toBe(0);
    expect(w2!.config.firstTryAfterMs).toBeGreaterThan(0);
  });

  it("writes each worker's config as JSON into its container, one the worker accepts", () => {
    const plans = planLockWorkers({
      spec,
      network,
      etcd,
      storage,
      leaseTtlSeconds: 5,
      bundle: '// bundle',
    });
    for (const p of plans) {
      const file = p.files.find((f) => f.path === WORKLOAD_CONFIG_PATH);
      expect(file).toBeDefined();
      const written: unknown = JSON.parse(String(file!.content));
      expect(written).toEqual(p.config);
      expect(parseLockWorkerConfig(written)).toEqual(p.config);
    }
  });

  it('refuses a client whose mode is not a lock worker, naming the mode', () => {
    const mixed = workloadSchema.parse({
      rate: 5,
      timeout: '1s',
      clients: [
        { name: 'worker-1', mode: 'lock-worker' },
        { name: 'app-pinned', mode: 'pinned' },
      ],
    });
    expect(() =>
      planLockWorkers({
        spec: mixed,
        network,
        etcd,
        storage,
        leaseTtlSeconds: 5,
        bundle: '',
      }),
    ).toThrow('workload client app-pinned: mode pinned is not a lock-service mode');
  });

  it('refuses a lab without etcd-1 or without storage', () => {
    const input = { spec, network, etcd, storage, leaseTtlSeconds: 5, bundle: '' };
    expect(() => planLockWorkers({ ...input, etcd: undefined })).toThrow(
      'the lock-service lab has no etcd-1 or no storage node',
    );
    expect(() => planLockWorkers({ ...input, storage: undefined })).toThrow(
      'the lock-service lab has no etcd-1 or no storage node',
    );
  });
});

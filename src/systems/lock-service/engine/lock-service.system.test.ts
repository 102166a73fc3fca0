import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../core/scenarios/scenario-loader';
import type { RunningNode } from '../../../core/labs/lab-definition';
import type { Scenario } from '../../../shared/scenario-schema';
import type { LockWorkerConfig } from '../../../workload/workload-config';
import { lockEventOf, lockServiceSystem } from './lock-service.system';

/** A scenario file from scenarios/, parsed and checked as the loader does. */
function scenarioFile(file: string): Scenario {
  const parsed = parseScenarioText(
    fs.readFileSync(new URL(`../../../../scenarios/${file}`, import.meta.url), 'utf8'),
    file,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

describe('lockEventOf', () => {
  it("turns a worker's status line into a lock event with its token", () => {
    expect(
      lockEventOf({
        client: 'worker-1',
        system: 'lock',
        holding: true,
        token: 7,
        detail: 'acquired, token 7',
        at: 1_765_000_000_000,
      }),
    ).toEqual({
      kind: 'lock-event',
      node: 'worker-1',
      holding: true,
      token: 7,
      detail: 'acquired, token 7',
      at: 1_765_000_000_000,
    });
  });

  it('reads a worker that lost the lock, without a token', () => {
    expect(
      lockEventOf({
        client: 'worker-1',
        system: 'lock',
        holding: false,
        detail: 'lease expired: lost the lock (token 7)',
        at: 1_765_000_000_000,
      }),
    ).toEqual({
      kind: 'lock-event',
      node: 'worker-1',
      holding: false,
      detail: 'lease expired: lost the lock (token 7)',
      at: 1_765_000_000_000,
    });
  });

  it("is undefined for a line that is not a lock worker's, or without a boolean holding", () => {
    expect(
      lockEventOf({ client: 'app-pinned', system: 'redis', holding: true, detail: 'x' }),
    ).toBeUndefined();
    expect(lockEventOf({ client: 'worker-1', holding: true, detail: 'x' })).toBeUndefined();
    expect(
      lockEventOf({ client: 'worker-1', system: 'lock', holding: 'true', detail: 'x' }),
    ).toBeUndefined();
    expect(lockEventOf({ client: 'worker-1', system: 'lock', detail: 'x' })).toBeUndefined();
  });

  it('cuts a long detail to 300 characters, leaves out a token or time that is not a number', () => {
    const e = lockEventOf({
      client: 'worker-2',
      system: 'lock',
      holding: true,
      token: 1.5,
      detail: 'x'.repeat(1000),
      at: 'now',
    });
    expect(e).toEqual({
      kind: 'lock-event',
      node: 'worker-2',
      holding: true,
      detail: 'x'.repeat(300),
    });
  });
});

describe('lockServiceSystem', () => {
  it('refuses a scenario of another system', () => {
    const redis = scenarioFile('redis-sentinel/stale-leader.yaml');
    expect(redis.system).not.toBe('lock-service');
    expect(() => lockServiceSystem(redis)).toThrow('stale-leader is not a lock-service scenario');
  });

  it("builds zombie-lock-holder's lab with the scenario's settings recorded", () => {
    const adapter = lockServiceSystem(scenarioFile('lock-service/zombie-lock-holder.yaml'));
    expect(adapter.lab.summary.id).toBe('lock-service');
    expect(adapter.recorded).toMatchObject({ fencingCheck: false, leaseTtlSeconds: 5 });
    expect(
      adapter.clientStatus?.({
        client: 'worker-1',
        system: 'lock',
        holding: true,
        token: 7,
        detail: 'acquired, token 7',
      }),
    ).toEqual({
      kind: 'lock-event',
      node: 'worker-1',
      holding: true,
      token: 7,
      detail: 'acquired, token 7',
    });
  });

  it("lays out the scenario's workers against the lab's etcd-1 and storage, with its lease TTL", () => {
    const scenario = scenarioFile('lock-service/zombie-lock-holder.yaml');
    const adapter = lockServiceSystem(scenario);
    const running = (name: string, kind: string, ipv4: string) =>
      ({ plan: { name, kind, ipv4 }, containerId: name, hostPorts: {} }) as unknown as RunningNode;
    const plans = adapter.planClients({
      spec: scenario.workload,
      hostIp: (n) => `10.9.8.${n}`,
      nodes: [running('etcd-1', 'lock', '10.9.8.11'), running('storage', 'storage', '10.9.8.21')],
      bundle: '',
    });
    expect(plans.map((p) => p.name)).toEqual(['worker-1', 'worker-2']);
    for (const p of plans) {
      const config = (p as unknown as { config: LockWorkerConfig }).config;
      expect(config.etcd).toMatchObject({ name: 'etcd-1', ip: '10.9.8.11' });
      expect(config.storage).toMatchObject({ name: 'storage', ip: '10.9.8.21' });
      expect(config.leaseTtlSeconds).toBe(5);
    }
  });

  it("takes the trainee's fencing check before the start", () => {
    const adapter = lockServiceSystem(scenarioFile('lock-service/zombie-lock-holder.yaml'), {
      fencingCheck: true,
    });
    expect(adapter.recorded).toMatchObject({ fencingCheck: true, leaseTtlSeconds: 5 });
  });

  it("refuses a setting that is not the trainee's to choose", () => {
    expect(() =>
      lockServiceSystem(scenarioFile('lock-service/zombie-lock-holder.yaml'), {
        leaseTtlSeconds: 10,
      }),
    ).toThrow('setting "leaseTtlSeconds" is not the trainee\'s to choose in zombie-lock-holder');
  });
});

import { describe, expect, it } from 'vitest';
import type { LabMember } from '../faults/fault-types';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { performNodeAction } from './node-actions';

/** A runtime that fails every call: validation must answer before touching Docker. */
const runtime = new Proxy(
  {},
  {
    get: () => () => Promise.reject(new Error('Docker must not be called')),
  },
) as ContainerRuntime;
const member = (name: string, kind: LabMember['kind']): LabMember => ({
  name,
  kind,
  containerId: `id-${name}`,
  ipv4: '10.0.0.1',
});
const redisRun = {
  runtime,
  members: new Map(
    [member('redis-1', 'redis'), member('sentinel-1', 'sentinel')].map((m) => [m.name, m]),
  ),
};

describe('performNodeAction (validation, no Docker)', () => {
  it('says a Patroni move needs a Patroni lab in a run without PostgreSQL nodes', async () => {
    for (const kind of ['maintenance-on', 'maintenance-off'] as const) {
      const r = await performNodeAction(redisRun, { kind });
      expect(r).toMatchObject({ ok: false, detail: expect.stringMatching(/needs a Patroni lab/) });
    }
  });

  it('checks the candidate of switchover and failover like a node', async () => {
    expect(
      (await performNodeAction(redisRun, { kind: 'switchover', candidate: 'pg-2' })).detail,
    ).toMatch(/no node "pg-2"/);
    expect(
      (await performNodeAction(redisRun, { kind: 'failover', candidate: 'redis-1' })).detail,
    ).toMatch(/does not apply to redis-1 \(a redis; it fits postgres nodes\)/);
    expect((await performNodeAction(redisRun, { kind: 'stop-postgres', node: 'redis-1' })).ok).toBe(
      false,
    );
  });

  it('turns a Docker failure into { ok: false } instead of throwing', async () => {
    const r = await performNodeAction(redisRun, { kind: 'stop', node: 'redis-1' });
    expect(r).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/stop on redis-1 failed: Docker must not be called/),
    });
  });
});

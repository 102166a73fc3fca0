import { describe, expect, it } from 'vitest';
import type { FaultContext, LabMember } from '../../../../core/faults/fault-types';
import type { ContainerRuntime, ExecResult } from '../../../../core/runtime/container-runtime';
import { stopPostgres } from './patroni-node-actions';

/**
 * stop-postgres in maintenance mode against a scripted node: Patroni answers
 * paused, pg_ctl stops postgres, and `pg_ctl status` then reports it down for
 * good, or running again after `upAfterPolls` polls (what Patroni 3.0 does now
 * and then for a replica with a pending pg_rewind check).
 */
function pausedNode(upAfterPolls: number | undefined): { ctx: FaultContext; polls: () => number } {
  let polls = 0;
  const ok = (stdout: string, exitCode = 0): ExecResult => ({ exitCode, stdout, stderr: '' });
  const exec = (_id: string, cmd: string[]): Promise<ExecResult> => {
    const line = cmd.join(' ');
    if (line.includes('pgrep')) return Promise.resolve(ok('4242\n'));
    if (line.includes('/config')) return Promise.resolve(ok('{"loop_wait": 1, "ttl": 10}\n200'));
    if (line.includes('/patroni'))
      return Promise.resolve(ok('{"state": "running", "role": "replica", "pause": true}\n200'));
    if (line.includes('pg_ctl') && cmd.includes('stop'))
      return Promise.resolve(ok('waiting for server to shut down.... done\nserver stopped\n'));
    if (line.includes('pg_ctl') && cmd.includes('status')) {
      polls++;
      const up = upAfterPolls !== undefined && polls > upAfterPolls;
      return Promise.resolve(ok(up ? 'pg_ctl: server is running (PID: 77)\n' : '', up ? 0 : 3));
    }
    return Promise.reject(new Error(`unexpected exec: ${line}`));
  };
  const member: LabMember = {
    name: 'pg-3',
    kind: 'postgres',
    containerId: 'id-pg-3',
    ipv4: '10.0.0.13',
  };
  const ctx = {
    runtime: { exec } as unknown as ContainerRuntime,
    members: new Map([[member.name, member]]),
  };
  return { ctx, polls: () => polls };
}

describe('stop-postgres in maintenance mode', () => {
  it('watches one Patroni loop (loop_wait + 1 s) and says postgres stayed down', async () => {
    const node = pausedNode(undefined);
    const started = Date.now();
    const r = await stopPostgres(node.ctx, [...node.ctx.members.values()][0] as LabMember);
    expect(r.ok).toBe(true);
    expect(r.detail).toMatch(
      /^postgres on pg-3 stopped \(pg_ctl stop -m fast, \d+\.\d s\): port 5432 refuses; Patroni is in maintenance mode and left it down through its next loop/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(node.polls()).toBeGreaterThan(2);
  });

  it('fails and says so when Patroni starts postgres again in maintenance mode', async () => {
    const node = pausedNode(2);
    const r = await stopPostgres(node.ctx, [...node.ctx.members.values()][0] as LabMember);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(
      /^postgres on pg-3 stopped .*, but Patroni started it again \d+\.\d s later although in maintenance mode .*: postgres runs; stop Patroni or the container to keep it down$/,
    );
    expect(node.polls()).toBe(3);
  });
});

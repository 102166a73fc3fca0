import { describe, expect, it } from 'vitest';
import type { ContainerRuntime, ExecResult } from '../../../../core/runtime/container-runtime';
import type { FaultContext, LabMember } from '../../../../core/faults/fault-types';
import { injectKillPatroni } from './kill-patroni.fault';

/** A runtime whose execs answer from a queue (a result, or an error to throw). */
function fakeCtx(answers: (ExecResult | Error)[]): { ctx: FaultContext; scripts: string[] } {
  const scripts: string[] = [];
  const runtime = {
    exec: async (_id: string, cmd: string[]): Promise<ExecResult> => {
      scripts.push(cmd.join(' '));
      const next = answers.shift();
      if (!next) throw new Error('no answer left');
      if (next instanceof Error) throw next;
      return next;
    },
  } as unknown as ContainerRuntime;
  const pg1: LabMember = { name: 'pg-1', kind: 'postgres', containerId: 'c1', ipv4: '10.0.0.11' };
  const etcd: LabMember = { name: 'etcd-1', kind: 'etcd', containerId: 'c2', ipv4: '10.0.0.21' };
  return { ctx: { runtime, members: new Map([pg1, etcd].map((m) => [m.name, m])) }, scripts };
}
const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '' });
const spec = { id: 'kp', kind: 'kill-patroni', node: 'pg-1', at: { after: '0s' } } as const;

describe('injectKillPatroni', () => {
  it('reports the killed pid, the role postgres kept and the silent REST API', async () => {
    const { ctx, scripts } = fakeCtx([ok('killed 8 rest=000 recovery=f\n')]);
    const f = await injectKillPatroni(ctx, spec);
    expect(scripts[0]).toContain('kill -9');
    expect(f).toMatchObject({ pids: [8], wasPrimary: true });
    expect(f.detail).toMatch(/pid 8.*serving as primary, unmanaged and unfenced; REST API silent/);
  });

  it('throws when there is no Patroni to kill or the node is not a Patroni node', async () => {
    const { ctx } = fakeCtx([
      { exitCode: 3, stdout: '', stderr: 'Patroni is not running on this node\n' },
    ]);
    await expect(injectKillPatroni(ctx, spec)).rejects.toThrow(/Patroni is not running/);
    await expect(injectKillPatroni(ctx, { ...spec, node: 'etcd-1' })).rejects.toThrow(
      /not a Patroni node/,
    );
  });

  it('revert never throws: a paused node is a problem to report, and a later revert finishes the job once', async () => {
    const { ctx, scripts } = fakeCtx([
      ok('killed 8 rest=000 recovery=t\n'),
      new Error(
        '(HTTP code 409) unexpected - Container c1 is paused, unpause the container before exec',
      ),
      ok('started 77\n'),
    ]);
    const f = await injectKillPatroni(ctx, spec);
    const first = await f.revert();
    expect(first).toMatchObject({
      ok: false,
      problems: [{ member: 'pg-1', error: 'the container is paused' }],
    });
    const second = await f.revert();
    expect(second).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/restarted on pg-1 \(pid 77/),
    });
    expect(scripts[2]).toContain('--start-patroni');
    expect(await f.revert()).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/already back/),
    });
    expect(scripts).toHaveLength(3);
  });

  it('revert on a stopped node has nothing to do: the wrapper starts Patroni with the container', async () => {
    const { ctx } = fakeCtx([
      ok('killed 8 rest=000 recovery=f\n'),
      new Error('(HTTP code 409) unexpected - Container c1 is not running'),
    ]);
    const f = await injectKillPatroni(ctx, spec);
    expect(await f.revert()).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/is stopped/),
    });
  });
});

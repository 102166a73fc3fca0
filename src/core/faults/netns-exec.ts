import { randomBytes } from 'node:crypto';
import type { ContainerInfo, ExecResult } from '../runtime/container-runtime';
import { LABEL } from '../runtime/labels';
import { errorText, type FaultContext, type LabMember } from './fault-types';

/**
 * Runs shell scripts in a member's network namespace, whatever state the
 * member is in:
 * - running: a plain `docker exec` (as root);
 * - paused: Docker refuses execs in a frozen container, so a short-lived
 *   helper container joins the member's network namespace
 *   (`--network container:<id>`, NET_ADMIN) and runs the script there. The
 *   frozen processes never run; the rules apply to their sockets all the same.
 *   This works on Docker Desktop too (no host `nsenter`);
 * - stopped: there is no network namespace (Docker makes a fresh one on the
 *   next start), so there is nothing to run the script in;
 * - missing: the container is gone.
 */
export type NetnsTarget =
  | { status: 'ready'; via: 'exec' | 'helper'; runner: NetnsRunner }
  | { status: 'stopped' | 'missing' }
  | { status: 'failed'; error: string };

/** Runs scripts in one member's network namespace until closed. */
export interface NetnsRunner {
  /** Runs `bash -c script` as root; rejects on timeout (ExecTimeoutError). */
  run(script: string, timeoutMs: number): Promise<ExecResult>;
  /** Removes the helper container, if one was made. Never throws. */
  close(): Promise<void>;
}

/** Label value marking helper containers (they carry no `dojo.node`, so the run ignores their events). */
export const NETNS_HELPER_ROLE = 'netns-helper';

/**
 * Finds out how to reach `member`'s network namespace, making a helper
 * container when the member is paused. Call `close()` on a ready runner.
 */
export async function openNetns(ctx: FaultContext, member: LabMember): Promise<NetnsTarget> {
  const { runtime } = ctx;
  let info: ContainerInfo;
  try {
    info = await runtime.inspectContainer(member.containerId);
  } catch (err) {
    if (/404|no such container/i.test(errorText(err))) return { status: 'missing' };
    return { status: 'failed', error: errorText(err) };
  }
  if (info.state === 'running') {
    return {
      status: 'ready',
      via: 'exec',
      runner: {
        run: (script, timeoutMs) =>
          // One long-lived shell per container runs every script (no exec per fence or probe round).
          runtime.exec(member.containerId, ['bash', '-c', script], {
            user: 'root',
            timeoutMs,
            reuse: true,
          }),
        close: async () => undefined,
      },
    };
  }
  if (info.state !== 'paused') return { status: 'stopped' };

  const labels: Record<string, string> = { ...info.labels, 'dojo.role': NETNS_HELPER_ROLE };
  delete labels[LABEL.node];
  let helperId: string | undefined;
  try {
    helperId = await runtime.createContainer({
      name: `${info.name}-netns-${randomBytes(3).toString('hex')}`,
      image: info.image,
      cmd: ['sleep', 'infinity'],
      labels,
      // Docker's network mode `container:<id>`: share the member's namespace.
      network: { name: `container:${member.containerId}` },
      capAdd: ['NET_ADMIN'],
      init: true,
    });
    await runtime.startContainer(helperId);
  } catch (err) {
    if (helperId) await runtime.removeContainer(helperId).catch(() => undefined);
    return { status: 'failed', error: `helper container: ${errorText(err)}` };
  }
  const id = helperId;
  return {
    status: 'ready',
    via: 'helper',
    runner: {
      run: (script, timeoutMs) =>
        runtime.exec(id, ['bash', '-c', script], { user: 'root', timeoutMs }),
      close: () => runtime.removeContainer(id).catch(() => undefined),
    },
  };
}

/** What running one script in a member's namespace came to. */
export type NetnsOutcome =
  | { status: 'done'; via: 'exec' | 'helper'; result: ExecResult }
  | { status: 'stopped' | 'missing' }
  | { status: 'failed'; error: string };

/** Opens the member's namespace, runs one script, closes. Never throws. */
export async function runInNetns(
  ctx: FaultContext,
  member: LabMember,
  script: string,
  timeoutMs: number,
): Promise<NetnsOutcome> {
  // A second try covers a member paused between the state check and the exec.
  for (let attempt = 0; ; attempt++) {
    const target = await openNetns(ctx, member);
    if (target.status !== 'ready') return target;
    try {
      const result = await target.runner.run(script, timeoutMs);
      return { status: 'done', via: target.via, result };
    } catch (err) {
      if (attempt === 0 && target.via === 'exec' && /paused/i.test(errorText(err))) continue;
      return { status: 'failed', error: errorText(err) };
    } finally {
      await target.runner.close();
    }
  }
}

/** An outcome as a problem sentence, or undefined when the script ran and exited 0. */
export function outcomeProblem(outcome: NetnsOutcome): string | undefined {
  if (outcome.status === 'failed') return outcome.error;
  if (outcome.status !== 'done') return undefined;
  const { exitCode, stderr, stdout } = outcome.result;
  if (exitCode === 0) return undefined;
  const text = (stderr.trim() || stdout.trim()).split('\n').slice(-2).join(' ');
  return `exit ${exitCode}${text ? `: ${text}` : ''}`;
}

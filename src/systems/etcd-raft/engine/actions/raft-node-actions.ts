import type { FaultContext, LabMember } from '../../../../core/faults/fault-types';
import { bashIn, briefOutput, execErrorText } from '../../../../core/faults/container-exec';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';
import type { ContainerRuntime } from '../../../../core/runtime/container-runtime';
import { ETCD_CLIENT_PORT } from '../lab/etcd-raft-config';

/** Docker budget of one etcdctl script, ms. */
const EXEC_TIMEOUT_MS = 15_000;

/** The client URLs of every member of the run, comma-separated (etcdctl's --endpoints). */
function endpoints(ctx: FaultContext): string {
  return [...ctx.members.values()]
    .filter((m) => m.kind === 'raft')
    .map((m) => `http://${m.ipv4}:${ETCD_CLIENT_PORT}`)
    .join(',');
}

/**
 * The script of move-leader to `name`, run inside that member: finds its own
 * id in `etcdctl member list` (hex, as move-leader takes it), then asks the
 * members for the leader and has it hand over (etcdctl finds the leader among
 * the endpoints itself). Prints `leader=<name>` once a member other than the
 * old leader reports it leads, else fails with etcdctl's words.
 */
export function moveLeaderScript(name: string, eps: string): string {
  return [
    'set -o pipefail',
    `eps='${eps}'`,
    `id=$(ETCDCTL_API=3 etcdctl --endpoints="$eps" --command-timeout=3s member list | awk -F', ' '$3 == "${name}" {print $1}')`,
    `[ -n "$id" ] || { echo "Error: ${name} is not in the member list (no majority to ask?)" >&2; exit 1; }`,
    `ETCDCTL_API=3 etcdctl --endpoints="$eps" --command-timeout=5s move-leader "$id"`,
  ].join('\n');
}

/**
 * move-leader: hands the leadership to `node` (a planned transfer, no
 * election timeout) through the current leader. Refused by etcd when no
 * member leads or the target is cut off or behind; the detail says so in
 * etcdctl's words.
 */
export async function moveLeader(ctx: FaultContext, node: LabMember): Promise<NodeActionResult> {
  try {
    const r = await bashIn(ctx, node, moveLeaderScript(node.name, endpoints(ctx)), EXEC_TIMEOUT_MS);
    if (r.exitCode !== 0)
      return { ok: false, detail: `move-leader to ${node.name} failed: ${briefOutput(r)}` };
    return {
      ok: true,
      detail: `leadership handed to ${node.name} in ${(r.ms / 1000).toFixed(1)} s (${briefOutput(r)})`,
      leader: node.name,
    };
  } catch (err) {
    return {
      ok: false,
      detail: `cannot move the leadership to ${node.name}: ${execErrorText(err)}`,
    };
  }
}

/**
 * Every workload key (`dojo:w:`) the member holds, read inside its container
 * with a linearizable `etcdctl get --prefix --keys-only` on its own client
 * port (so it needs a leader and a majority behind it). Throws when the
 * member does not answer.
 */
export async function readRaftWorkloadKeys(
  runtime: ContainerRuntime,
  containerId: string,
  timeoutMs = 15_000,
): Promise<Set<string>> {
  const r = await runtime.exec(
    containerId,
    [
      'etcdctl',
      `--endpoints=http://127.0.0.1:${ETCD_CLIENT_PORT}`,
      '--command-timeout=10s',
      'get',
      'dojo:w:',
      '--prefix',
      '--keys-only',
    ],
    { timeoutMs, env: { ETCDCTL_API: '3' } },
  );
  if (r.exitCode !== 0)
    throw new Error(
      `reading workload keys failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
    );
  return new Set(
    r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('dojo:w:')),
  );
}

import type { ContainerRuntime } from '../../../../core/runtime/container-runtime';
import type { FaultContext, LabMember } from '../../../../core/faults/fault-types';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';
import {
  QUICK_EXEC_MS,
  briefOutput,
  execErrorText,
  execIn,
} from '../../../../core/faults/container-exec';
import { psqlArgv } from '../../../../core/workload/read-back';
import { STORAGE_LOGIN } from '../lab/lock-service-config';

/** psql on storage as postgres over its socket (see psqlArgv). */
const psql = (sql: string): string[] => [
  ...psqlArgv({ user: STORAGE_LOGIN.user, database: STORAGE_LOGIN.database }),
  '-c',
  sql,
];

/**
 * The move `fencing-check`: turns storage's check on or off in place (the
 * fence row's `check_on`); from the next write on, a token lower than the
 * highest accepted is refused (on) or taken (off). Refused on a node that is
 * not storage.
 */
export async function setFencingCheck(
  ctx: FaultContext,
  node: LabMember,
  on: boolean,
): Promise<NodeActionResult> {
  if (node.kind !== 'storage')
    return { ok: false, detail: `fencing-check: ${node.name} is not the storage node` };
  try {
    const r = await execIn(
      ctx,
      node,
      psql(
        `UPDATE dojo_fence SET check_on = ${on ? 'true' : 'false'} WHERE id = 1 RETURNING highest`,
      ),
      { user: 'postgres', timeoutMs: QUICK_EXEC_MS },
    );
    if (r.exitCode !== 0)
      return { ok: false, detail: `fencing-check on ${node.name} failed: ${briefOutput(r)}` };
    const highest = r.stdout.trim();
    return {
      ok: true,
      detail: on
        ? `${node.name} now refuses any write whose token is below ${highest} (the highest it has accepted), and below any higher one it accepts later.`
        : `${node.name} takes every write again, whatever its token (highest accepted so far: ${highest}).`,
    };
  } catch (e) {
    return { ok: false, detail: `fencing-check on ${node.name}: ${execErrorText(e)}` };
  }
}

/**
 * Every write storage accepted, as workload keys (`dojo:lock:<worker>:<seq6>`,
 * the key each worker's record names). Throws when storage does not answer.
 */
export async function readLockWriteKeys(
  runtime: ContainerRuntime,
  containerId: string,
): Promise<Set<string>> {
  const r = await runtime.exec(
    containerId,
    psql("SELECT 'dojo:lock:' || worker || ':' || lpad(seq::text, 6, '0') FROM dojo_lock_writes"),
    { timeoutMs: 10_000, user: 'postgres' },
  );
  if (r.exitCode !== 0)
    throw new Error(
      `reading storage's writes failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
    );
  return new Set(
    r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

import type { FaultSpec } from '../../../../shared/scenario-schema';
import {
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
} from '../../../../core/faults/fault-types';
import { killPatroniScript, startPatroniScript } from './patroni-cli';
import { bashIn, briefOutput, execErrorText } from '../../../../core/faults/container-exec';

export type KillPatroniFaultSpec = Extract<FaultSpec, { kind: 'kill-patroni' }>;

/** A kill-patroni fault in place, with what the kill found. */
export interface KillPatroniFault extends ActiveFault {
  readonly spec: KillPatroniFaultSpec;
  /** The Patroni pids killed. */
  readonly pids: number[];
  /** Whether postgres on the node was a primary right after the kill (undefined: it did not answer). */
  readonly wasPrimary: boolean | undefined;
  /** Wall time from the exec's start until Patroni was gone and its REST API silent, ms. */
  readonly killMs: number;
}

/** Budget of the kill and of the restart script, ms. */
const SCRIPT_TIMEOUT_MS = 15_000;

/**
 * The unmanaged primary: `kill -9` of the Patroni process on a PostgreSQL
 * node (exec as root, found with pgrep like the image's wrapper does). The
 * wrapper keeps the container alive, so postgres keeps serving in whatever
 * role it had, and nothing fences it: Patroni's REST API goes silent and the
 * leader key expires after ttl, at which point another node is promoted.
 * Throws when the node is not a PostgreSQL node, is not running, or has no
 * Patroni to kill.
 *
 * Revert starts Patroni again through the wrapper
 * (`dojo-patroni-entrypoint --start-patroni`) unless it already runs (a
 * trainee may have restarted the node); Patroni then demotes and rewinds a
 * node that lost the leader key. A stopped node needs nothing: its next
 * start runs the wrapper, which starts Patroni.
 */
export async function injectKillPatroni(
  ctx: FaultContext,
  spec: KillPatroniFaultSpec,
): Promise<KillPatroniFault> {
  const member = memberByName(ctx, spec.node);
  if (member.kind !== 'postgres') {
    throw new Error(
      `kill-patroni ${spec.id}: ${spec.node} is a ${member.kind} node, not a Patroni node`,
    );
  }
  let r;
  try {
    r = await bashIn(ctx, member, killPatroniScript(), SCRIPT_TIMEOUT_MS);
  } catch (err) {
    throw new Error(`kill-patroni ${spec.id}: cannot reach ${spec.node}: ${execErrorText(err)}`, {
      cause: err,
    });
  }
  const m = /killed ([\d ]+) rest=(\d+) recovery=(\S*)/.exec(r.stdout);
  if (r.exitCode !== 0 || !m) {
    throw new Error(
      `kill-patroni ${spec.id}: could not kill Patroni on ${spec.node} (${briefOutput(r)})`,
    );
  }
  const pids = (m[1] ?? '').trim().split(/\s+/).map(Number);
  const restSilent = m[2] === '000';
  const wasPrimary = m[3] === 'f' ? true : m[3] === 't' ? false : undefined;
  const role =
    wasPrimary === true
      ? 'postgres keeps serving as primary, unmanaged and unfenced'
      : wasPrimary === false
        ? 'postgres keeps running as a replica, unmanaged'
        : 'postgres did not answer right after the kill';
  let done = false;

  const revert = async (): Promise<FaultStepReport> => {
    if (done)
      return stepReport(`kill-patroni ${spec.id}: Patroni already back on ${spec.node}`, []);
    let out;
    try {
      out = await bashIn(ctx, member, startPatroniScript(), SCRIPT_TIMEOUT_MS);
    } catch (err) {
      const why = execErrorText(err);
      if (/not running|gone/.test(why)) {
        // Its next start runs the wrapper, which starts Patroni; a removed node has nothing to restore.
        done = true;
        return stepReport(
          `kill-patroni ${spec.id}: ${spec.node} is ${why === 'the container is gone' ? 'gone' : 'stopped'}; its wrapper starts Patroni with the container`,
          [],
        );
      }
      return stepReport(`kill-patroni ${spec.id}: Patroni not restarted on ${spec.node}`, [
        { member: spec.node, error: why },
      ]);
    }
    const started = /(running|started) (\d+)/.exec(out.stdout);
    if (out.exitCode !== 0 || !started) {
      return stepReport(`kill-patroni ${spec.id}: Patroni not restarted on ${spec.node}`, [
        { member: spec.node, error: briefOutput(out) },
      ]);
    }
    done = true;
    return stepReport(
      started[1] === 'running'
        ? `kill-patroni ${spec.id}: Patroni was already running again on ${spec.node} (pid ${started[2]})`
        : `kill-patroni ${spec.id}: Patroni restarted on ${spec.node} (pid ${started[2]}, ${out.ms} ms); it now reconciles the node with the leader key`,
      [],
    );
  };

  return {
    id: spec.id,
    spec,
    pids,
    wasPrimary,
    killMs: r.ms,
    injectedAt: Date.now(),
    detail:
      `kill-patroni ${spec.id}: Patroni (pid ${pids.join(', ')}) on ${spec.node} killed with SIGKILL; ` +
      `${role}; REST API ${restSilent ? 'silent' : `still answered (HTTP ${m[2]})`} (${r.ms} ms)`,
    revert,
  };
}

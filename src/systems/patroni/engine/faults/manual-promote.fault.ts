import type { FaultSpec } from '../../../../shared/scenario-schema';
import {
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
} from '../../../../core/faults/fault-types';
import { findPatroniHost, inRecovery, runPgCtl, setMaintenance } from './patroni-cli';
import { briefOutput, execErrorText } from '../../../../core/faults/container-exec';

export type ManualPromoteFaultSpec = Extract<FaultSpec, { kind: 'manual-promote' }>;

/** A manual promotion in place. */
export interface ManualPromoteFault extends ActiveFault {
  readonly spec: ManualPromoteFaultSpec;
  /** Whether this fault turned maintenance mode on (false: it was on already, or not asked for). */
  readonly pausedByFault: boolean;
  /** Duration of `patronictl pause --wait`, ms (0 without maintenance). */
  readonly pauseMs: number;
  /** Duration of `pg_ctl promote -w`, ms. */
  readonly promoteMs: number;
}

/** Budget of a patronictl pause/resume with --wait, ms. */
const MAINTENANCE_TIMEOUT_MS = 45_000;

/**
 * The well-meaning manual promotion: maintenance mode on (`patronictl pause
 * --wait`, run on a node whose Patroni answers) unless `maintenance` is
 * false, then `pg_ctl promote` of the replica's data directory as postgres.
 * During maintenance Patroni leaves the rogue primary alone: two primaries on
 * different timelines until resume, and `patronictl list` still shows the
 * rogue as a Replica. Without maintenance Patroni demotes it within loop_wait.
 * Throws when the node is not a replica (a primary cannot be promoted) or
 * postgres does not answer; a pause it made is undone when the promote fails.
 *
 * Revert: `patronictl resume --wait` when this fault paused the cluster
 * (Patroni then demotes the rogue and rewinds it: what only it had is lost).
 * A cluster already paused before the fault is left paused.
 */
export async function injectManualPromote(
  ctx: FaultContext,
  spec: ManualPromoteFaultSpec,
): Promise<ManualPromoteFault> {
  const member = memberByName(ctx, spec.node);
  const what = `manual-promote ${spec.id}`;
  if (member.kind !== 'postgres') {
    throw new Error(`${what}: ${spec.node} is a ${member.kind} node, not a PostgreSQL node`);
  }
  let standby: boolean;
  try {
    standby = await inRecovery(ctx, member);
  } catch (err) {
    throw new Error(`${what}: ${execErrorText(err)}`, { cause: err });
  }
  if (!standby) {
    throw new Error(
      `${what}: ${spec.node} is not a replica (pg_is_in_recovery() = f): there is nothing to promote`,
    );
  }

  let pausedByFault = false;
  let pauseMs = 0;
  let pauseNote = '';
  if (spec.maintenance) {
    const host = await findPatroniHost(ctx, [spec.node]);
    if (!host) throw new Error(`${what}: no Patroni answers to turn maintenance mode on`);
    const p = await setMaintenance(ctx, host.member, true, MAINTENANCE_TIMEOUT_MS);
    if (!p.ok) throw new Error(`${what}: patronictl pause failed (${p.output})`);
    pausedByFault = !p.already;
    pauseMs = p.ms;
    pauseNote = p.already
      ? 'maintenance mode was on already; '
      : `maintenance mode on (patronictl pause --wait, ${p.ms} ms); `;
  }

  const resumeIfPaused = async (): Promise<string> => {
    if (!pausedByFault) return '';
    const host = await findPatroniHost(ctx);
    if (!host) return '; maintenance mode left on (no Patroni answers)';
    const r = await setMaintenance(ctx, host.member, false, MAINTENANCE_TIMEOUT_MS);
    return r.ok
      ? '; maintenance mode turned off again'
      : `; maintenance mode left on (${r.output})`;
  };

  let promote;
  try {
    promote = await runPgCtl(ctx, member, ['promote', '-w', '-t', '30']);
  } catch (err) {
    const undo = await resumeIfPaused().catch(() => '');
    throw new Error(
      `${what}: pg_ctl promote on ${spec.node} failed: ${execErrorText(err)}${undo}`,
      {
        cause: err,
      },
    );
  }
  // Without maintenance mode Patroni may restart the rogue as a standby before pg_ctl sees it
  // out of recovery (pg_ctl then says "did not promote in time" as soon as the postmaster it
  // waits on is gone: seen once in CI, 850 ms in). That is this variant's own ending, not a
  // failure to put the fault in place.
  const beaten =
    !spec.maintenance &&
    promote.exitCode !== 0 &&
    /did not promote in time/.test(`${promote.stdout}${promote.stderr}`);
  if (promote.exitCode !== 0 && !beaten) {
    const undo = await resumeIfPaused().catch(() => '');
    throw new Error(
      `${what}: pg_ctl promote on ${spec.node} failed (${briefOutput(promote)})${undo}`,
    );
  }

  let resumed = !pausedByFault;
  const revert = async (): Promise<FaultStepReport> => {
    if (!spec.maintenance) {
      return stepReport(
        `${what}: nothing to undo (without maintenance mode Patroni deals with ${spec.node} itself)`,
        [],
      );
    }
    if (resumed) {
      return stepReport(
        pausedByFault
          ? `${what}: maintenance mode already off`
          : `${what}: maintenance mode was on before the fault; left as it is`,
        [],
      );
    }
    try {
      const host = await findPatroniHost(ctx, [spec.node]);
      if (!host) {
        return stepReport(`${what}: maintenance mode still on`, [
          { member: spec.node, error: 'no Patroni answers to run patronictl resume' },
        ]);
      }
      const r = await setMaintenance(ctx, host.member, false, MAINTENANCE_TIMEOUT_MS);
      if (!r.ok) {
        return stepReport(`${what}: maintenance mode still on`, [
          { member: host.member.name, error: `patronictl resume: ${r.output}` },
        ]);
      }
      resumed = true;
      return stepReport(
        r.already
          ? `${what}: maintenance mode was already off (turned off by someone else)`
          : `${what}: maintenance mode off (patronictl resume --wait, ${r.ms} ms); Patroni now demotes the second primary`,
        [],
      );
    } catch (err) {
      return stepReport(`${what}: maintenance mode still on`, [
        { member: spec.node, error: execErrorText(err) },
      ]);
    }
  };

  return {
    id: spec.id,
    spec,
    pausedByFault,
    pauseMs,
    promoteMs: promote.ms,
    injectedAt: Date.now(),
    detail: beaten
      ? `${what}: pg_ctl promote sent to ${spec.node}; Patroni restarted its postgres as a standby before pg_ctl saw it promoted (${promote.ms} ms)`
      : `${what}: ${pauseNote}${spec.node} promoted with pg_ctl promote (${promote.ms} ms): ` +
        (spec.maintenance
          ? 'a second primary Patroni leaves alone until maintenance mode ends'
          : 'a second primary until Patroni demotes it at its next loop'),
    revert,
  };
}

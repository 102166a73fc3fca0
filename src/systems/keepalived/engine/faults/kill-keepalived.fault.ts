import type { FaultSpec } from '../../../../shared/scenario-schema';
import {
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
} from '../../../../core/faults/fault-types';
import {
  killKeepalivedScript,
  parseScriptLine,
  startKeepalivedScript,
  vipOf,
} from './keepalived-cli';
import { bashIn, briefOutput, execErrorText } from '../../../../core/faults/container-exec';

export type KillKeepalivedFaultSpec = Extract<FaultSpec, { kind: 'kill-keepalived' }>;

/** A kill-keepalived fault in place, with what the kill found. */
export interface KillKeepalivedFault extends ActiveFault {
  readonly spec: KillKeepalivedFaultSpec;
  /** The keepalived pids killed (main process and VRRP child). */
  readonly pids: number[];
  /** Whether the VIP was still on the router's interface once keepalived was gone. */
  readonly vipLeft: boolean;
  /** Wall time from SIGKILL until no keepalived process was left, ms. */
  readonly killMs: number;
}

/** Budget of the kill and of the restart script, ms. */
const SCRIPT_TIMEOUT_MS = 10_000;
/** How long the restart waits for keepalived's processes, ms. */
const START_WAIT_MS = 5000;

/**
 * `kill -9` of keepalived on a router: both its processes at once, so it
 * sends no priority-0 advert and leaves the VIP on the interface, where the
 * kernel keeps answering ARP for it. The router's wrapper keeps the
 * container (and its HTTP responder) alive. Its peer hears no adverts,
 * becomes MASTER after about 3 x advert_int and takes the VIP too: two
 * routers hold it. Throws when the node is not a router, is not running, or
 * runs no keepalived.
 *
 * Revert starts keepalived again through the wrapper (`dojo-vrrp-router
 * --start-keepalived`) unless it already runs (a trainee may have started
 * it); it starts in BACKUP and the election decides. A stopped router needs
 * nothing: its wrapper starts keepalived with the container.
 */
export async function injectKillKeepalived(
  ctx: FaultContext,
  spec: KillKeepalivedFaultSpec,
): Promise<KillKeepalivedFault> {
  const what = `kill-keepalived ${spec.id}`;
  const member = memberByName(ctx, spec.node);
  if (member.kind !== 'router') {
    throw new Error(`${what}: ${spec.node} is a ${member.kind}, not a router`);
  }
  let r;
  try {
    r = await bashIn(ctx, member, killKeepalivedScript(vipOf(member)), SCRIPT_TIMEOUT_MS);
  } catch (err) {
    throw new Error(`${what}: cannot reach ${spec.node}: ${execErrorText(err)}`, { cause: err });
  }
  const line = parseScriptLine(r.stdout);
  if (r.exitCode !== 0 || line.word !== 'killed') {
    throw new Error(`${what}: could not kill keepalived on ${spec.node} (${briefOutput(r)})`);
  }
  const pids = line.args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const vipLeft = line.values.vip === '1';
  const killMs = Number(line.values.ms ?? r.ms);
  let done = false;

  const revert = async (): Promise<FaultStepReport> => {
    if (done) return stepReport(`${what}: keepalived already back on ${spec.node}`, []);
    let out;
    try {
      out = await bashIn(ctx, member, startKeepalivedScript(START_WAIT_MS), SCRIPT_TIMEOUT_MS);
    } catch (err) {
      const why = execErrorText(err);
      if (/not running|gone/.test(why)) {
        done = true;
        return stepReport(
          why === 'the container is gone'
            ? `${what}: ${spec.node} is gone, nothing to restart`
            : `${what}: ${spec.node} is stopped; its wrapper starts keepalived with the container`,
          [],
        );
      }
      return stepReport(`${what}: keepalived not restarted on ${spec.node}`, [
        { member: spec.node, error: why },
      ]);
    }
    const started = parseScriptLine(out.stdout);
    if (out.exitCode !== 0 || (started.word !== 'running' && started.word !== 'started')) {
      return stepReport(`${what}: keepalived not restarted on ${spec.node}`, [
        { member: spec.node, error: briefOutput(out) },
      ]);
    }
    done = true;
    const pid = started.args[0] ?? '?';
    return stepReport(
      started.word === 'running'
        ? `${what}: keepalived was already running again on ${spec.node} (pid ${pid})`
        : `${what}: keepalived restarted on ${spec.node} (pid ${pid}, ${started.values.ms ?? out.ms} ms); it starts in BACKUP and the election decides`,
      [],
    );
  };

  return {
    id: spec.id,
    spec,
    pids,
    vipLeft,
    killMs,
    injectedAt: Date.now(),
    detail:
      `${what}: keepalived (pid ${pids.join(', ')}) on ${spec.node} killed with SIGKILL in ${killMs} ms; ` +
      (vipLeft
        ? 'the VIP stays on its interface and its kernel keeps answering ARP for it'
        : 'it did not hold the VIP'),
    revert,
  };
}

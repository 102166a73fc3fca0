import type { FaultSpec } from '../../../../shared/scenario-schema';
import { KEEPALIVED_CONFIG_PATH } from '../lab/keepalived-config';
import {
  memberByName,
  stepReport,
  type ActiveFault,
  type FaultContext,
  type FaultStepReport,
  type LabMember,
} from '../../../../core/faults/fault-types';
import { parseScriptLine, reloadKeepalivedScript } from './keepalived-cli';
import { bashIn, briefOutput, execErrorText, execIn } from '../../../../core/faults/container-exec';
import {
  describeVrrpChange,
  readVrrpConfig,
  rewriteVrrpConfig,
  type VrrpConfigChange,
} from './vrrp-config-edit';

export type VrrpConfigFaultSpec = Extract<FaultSpec, { kind: 'vrrp-config' }>;

/** A vrrp-config fault in place: the router's own config, and the one pushed. */
export interface VrrpConfigFault extends ActiveFault {
  readonly spec: VrrpConfigFaultSpec;
  /** The router's keepalived.conf before the fault (what revert writes back). */
  readonly original: string;
  /** The keepalived.conf the fault wrote. */
  readonly pushed: string;
}

const EXEC_TIMEOUT_MS = 15_000;

/** The change a spec asks for (only the fields it sets). */
export function changeOf(spec: VrrpConfigFaultSpec): VrrpConfigChange {
  return {
    ...(spec.virtualRouterId !== undefined ? { virtualRouterId: spec.virtualRouterId } : {}),
    ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
    ...(spec.authPass !== undefined ? { authPass: spec.authPass } : {}),
  };
}

/** Writes a config to the router and reloads keepalived (SIGHUP); says what the reload did. */
async function pushConfig(ctx: FaultContext, member: LabMember, text: string): Promise<string> {
  await ctx.runtime.putFiles(member.containerId, [{ path: KEEPALIVED_CONFIG_PATH, content: text }]);
  const r = await bashIn(ctx, member, reloadKeepalivedScript(), EXEC_TIMEOUT_MS);
  const line = parseScriptLine(r.stdout);
  if (r.exitCode !== 0) throw new Error(`reload failed (${briefOutput(r)})`);
  return line.word === 'reloaded'
    ? `keepalived reloaded (SIGHUP to pid ${line.args[0] ?? '?'})`
    : 'keepalived is not running: the file takes effect when it starts';
}

/**
 * A bad configuration pushed to one router: its current keepalived.conf
 * (read from the router) rewritten by rewriteVrrpConfig (another
 * `virtual_router_id`, `priority` and/or authentication), written back and
 * keepalived reloaded with SIGHUP. With another virtual_router_id or
 * password the two routers drop each other's adverts and both become
 * MASTER; another priority changes who wins. Throws when the node is not a
 * running router, the spec changes nothing, or the file cannot be written.
 *
 * Revert writes the router's own file back and reloads; a stopped router
 * gets the file and reads it at its next start.
 */
export async function injectVrrpConfig(
  ctx: FaultContext,
  spec: VrrpConfigFaultSpec,
): Promise<VrrpConfigFault> {
  const what = `vrrp-config ${spec.id}`;
  const member = memberByName(ctx, spec.node);
  if (member.kind !== 'router') {
    throw new Error(`${what}: ${spec.node} is a ${member.kind}, not a router`);
  }
  let original: string;
  try {
    const r = await execIn(ctx, member, ['cat', KEEPALIVED_CONFIG_PATH], {
      timeoutMs: EXEC_TIMEOUT_MS,
    });
    if (r.exitCode !== 0) throw new Error(briefOutput(r));
    original = r.stdout;
  } catch (err) {
    throw new Error(
      `${what}: cannot read ${KEEPALIVED_CONFIG_PATH} on ${spec.node}: ${execErrorText(err)}`,
      {
        cause: err,
      },
    );
  }
  const pushed = rewriteVrrpConfig(original, changeOf(spec));
  const change = describeVrrpChange(readVrrpConfig(original), readVrrpConfig(pushed));
  if (pushed === original) {
    throw new Error(`${what}: ${spec.node}'s keepalived.conf already says that (${change})`);
  }
  let reload: string;
  try {
    reload = await pushConfig(ctx, member, pushed);
  } catch (err) {
    await ctx.runtime
      .putFiles(member.containerId, [{ path: KEEPALIVED_CONFIG_PATH, content: original }])
      .catch(() => undefined);
    throw new Error(`${what}: could not push the config to ${spec.node}: ${execErrorText(err)}`, {
      cause: err,
    });
  }
  let done = false;

  const revert = async (): Promise<FaultStepReport> => {
    if (done) return stepReport(`${what}: ${spec.node}'s own config is already back`, []);
    try {
      const note = await pushConfig(ctx, member, original);
      done = true;
      return stepReport(`${what}: ${spec.node}'s own keepalived.conf restored; ${note}`, []);
    } catch (err) {
      const why = execErrorText(err);
      if (why === 'the container is not running' || why === 'the container is gone') {
        // putFiles reached a stopped container's file system; it reads the file at its next start.
        done = true;
        return stepReport(
          why === 'the container is gone'
            ? `${what}: ${spec.node} is gone, nothing to restore`
            : `${what}: ${spec.node}'s own keepalived.conf restored; it is stopped and reads it at its next start`,
          [],
        );
      }
      return stepReport(`${what}: ${spec.node}'s config not restored`, [
        { member: spec.node, error: why },
      ]);
    }
  };

  return {
    id: spec.id,
    spec,
    original,
    pushed,
    injectedAt: Date.now(),
    detail: `${what}: ${spec.node}'s keepalived.conf now has ${change}; ${reload}`,
    revert,
  };
}

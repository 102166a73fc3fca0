import type { FaultContext, LabMember } from '../../../../core/faults/fault-types';
import {
  announceVipScript,
  parseScriptLine,
  seconds,
  startKeepalivedScript,
  stopKeepalivedScript,
  vipOf,
} from '../faults/keepalived-cli';
import { bashIn, briefOutput, execErrorText } from '../../../../core/faults/container-exec';
import type { NodeActionResult } from '../../../../core/actions/node-action-types';

/**
 * The palette's keepalived moves on a router, run with the router's own
 * tools (kill, the image's wrapper, arping), so the history shows what a
 * trainee would have typed. Each returns `{ ok, detail }` with one sentence
 * and its figures; none throws for an expected failure (a stopped router,
 * keepalived already in the asked state, a router without the VIP).
 */

/** How long a clean stop may take before the move gives up, ms (keepalived needs about 1 s). */
const STOP_WAIT_MS = 5000;
/** How long a start may take until keepalived's VRRP process runs, ms. */
const START_WAIT_MS = 5000;
/** Docker budget of one script, ms. */
const EXEC_TIMEOUT_MS = 20_000;

/** `ms=` of a script line as seconds, else the exec's own duration. */
const took = (values: Record<string, string>, fallbackMs: number): string =>
  seconds(values.ms !== undefined ? Number(values.ms) : fallbackMs);

/** Runs a script; a Docker error (stopped, paused, gone) comes back as a failed result. */
async function run(
  ctx: FaultContext,
  node: LabMember,
  script: string,
  what: string,
): Promise<{ exitCode: number; stdout: string; stderr: string; ms: number } | NodeActionResult> {
  try {
    return await bashIn(ctx, node, script, EXEC_TIMEOUT_MS);
  } catch (err) {
    return { ok: false, detail: `cannot ${what} on ${node.name}: ${execErrorText(err)}` };
  }
}

const failed = (r: object): r is NodeActionResult => 'ok' in r;

/**
 * Stops keepalived on a router with SIGTERM (a clean stop: its VRRP process
 * sends a priority-0 advert, so the peer takes over at once, and removes the
 * VIP) and waits until it is gone (at most 5 s). The router and its services
 * stay: a fence of the router's claim on the VIP. keepalived not running
 * counts as done only when the VIP is not left on the interface (a killed
 * keepalived leaves it there, and then stopping nothing fences nothing).
 */
export async function stopKeepalived(
  ctx: FaultContext,
  node: LabMember,
): Promise<NodeActionResult> {
  return (await stopOnce(ctx, node)).result;
}

/** stopKeepalived, and whether keepalived was found not running (a restart then just starts it). */
async function stopOnce(
  ctx: FaultContext,
  node: LabMember,
): Promise<{ result: NodeActionResult; notRunning: boolean }> {
  const r = await run(
    ctx,
    node,
    stopKeepalivedScript(vipOf(node), STOP_WAIT_MS),
    'stop keepalived',
  );
  if (failed(r)) return { result: r, notRunning: false };
  const line = parseScriptLine(r.stdout);
  const vipLeft = line.values.vip === '1';
  if (line.word === 'not-running') {
    return {
      notRunning: true,
      result: vipLeft
        ? {
            ok: false,
            detail: `keepalived is not running on ${node.name}, yet the VIP is still on its interface and its kernel answers ARP for it: stopping keepalived fences nothing here`,
          }
        : {
            ok: true,
            detail: `keepalived was not running on ${node.name}; it does not hold the VIP`,
          },
    };
  }
  if (line.word === 'still-running') {
    return {
      notRunning: false,
      result: {
        ok: false,
        detail: `keepalived on ${node.name} (pid ${line.args[0] ?? '?'}) was still running ${took(line.values, r.ms)} after SIGTERM`,
      },
    };
  }
  if (r.exitCode !== 0 || line.word !== 'stopped') {
    return {
      notRunning: false,
      result: {
        ok: false,
        detail: `stopping keepalived on ${node.name} failed (${briefOutput(r)})`,
      },
    };
  }
  return {
    notRunning: false,
    result: {
      ok: true,
      detail: `keepalived stopped on ${node.name} in ${took(line.values, r.ms)}; ${
        vipLeft ? 'yet the VIP is still on its interface' : 'the VIP left its interface'
      }`,
    },
  };
}

/**
 * Starts keepalived on a router through the image's wrapper
 * (`dojo-vrrp-router --start-keepalived`, its log going to the router's
 * log); it starts in BACKUP and the election decides. Refused when
 * keepalived already runs.
 */
export async function startKeepalived(
  ctx: FaultContext,
  node: LabMember,
): Promise<NodeActionResult> {
  const r = await run(ctx, node, startKeepalivedScript(START_WAIT_MS), 'start keepalived');
  if (failed(r)) return r;
  const line = parseScriptLine(r.stdout);
  if (line.word === 'running') {
    return {
      ok: false,
      detail: `keepalived already runs on ${node.name} (pid ${line.args[0] ?? '?'}): nothing to start (use restart-keepalived to restart it)`,
    };
  }
  if (r.exitCode !== 0 || line.word !== 'started') {
    return { ok: false, detail: `keepalived did not start on ${node.name} (${briefOutput(r)})` };
  }
  return {
    ok: true,
    detail: `keepalived started on ${node.name} in ${took(line.values, r.ms)} (pid ${line.args[0] ?? '?'}); it starts in BACKUP and the election decides`,
  };
}

/** Stops keepalived on a router (as stopKeepalived) and starts it again (as startKeepalived). */
export async function restartKeepalived(
  ctx: FaultContext,
  node: LabMember,
): Promise<NodeActionResult> {
  const stopped = await stopOnce(ctx, node);
  if (!stopped.result.ok && !stopped.notRunning) return stopped.result;
  const started = await startKeepalived(ctx, node);
  return { ok: started.ok, detail: `${stopped.result.detail}; then ${started.detail}` };
}

/**
 * Announces the VIP from the router with gratuitous ARP (`arping -U -S
 * <vip> -i eth0 -c 3 <vip>`), so the neighbours whose ARP entry for the VIP
 * still points at another MAC move to this router's at once. Refused when
 * the router does not hold the VIP.
 */
export async function announceVip(ctx: FaultContext, node: LabMember): Promise<NodeActionResult> {
  const vip = vipOf(node);
  const r = await run(ctx, node, announceVipScript(vip), 'announce the VIP');
  if (failed(r)) return r;
  if (r.exitCode === 3) {
    return {
      ok: false,
      detail: `${node.name} does not hold the VIP ${vip}: announcing it from there would point the clients at a router that drops it`,
    };
  }
  const line = parseScriptLine(r.stdout);
  if (r.exitCode !== 0 || line.word !== 'announced') {
    return { ok: false, detail: `arping on ${node.name} failed (${briefOutput(r)})` };
  }
  return {
    ok: true,
    detail: `${node.name} announced the VIP ${vip} with ${line.values.sent ?? '?'} gratuitous ARP packets in ${took(line.values, r.ms)}; neighbours now point it at its MAC`,
  };
}

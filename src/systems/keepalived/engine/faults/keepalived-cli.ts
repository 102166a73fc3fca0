/**
 * keepalived inside the keepalived lab's routers, run with the router's own
 * tools (pgrep, kill, ip, arping, the image's wrapper), one `docker exec`
 * each (~50-100 ms). Shared by the keepalived faults and the palette's
 * keepalived moves. The script builders and parsers are pure (unit-tested).
 */
import { hostIpInSubnet } from '../../../../core/labs/lab-definition';
import { LAB_INTERFACE, ROUTER_ENTRYPOINT, VIP_HOST } from '../lab/keepalived-config';
import { assertIpv4 } from '../../../../core/faults/iptables-rules';
import { bashIn } from '../../../../core/faults/container-exec';
import type { FaultContext, LabMember } from '../../../../core/faults/fault-types';

/** keepalived's main process writes its pid here (the wrapper's `--pid`). */
export const KEEPALIVED_PIDFILE = '/run/keepalived.pid';
/** How keepalived's processes are found: `pgrep -x` of the process name (the main one and its VRRP child). */
const PGREP = 'pgrep -x keepalived';

/** The VIP of a router's lab /24 (host VIP_HOST, like the lab plans it). */
export function vipOf(member: Pick<LabMember, 'ipv4'>): string {
  return hostIpInSubnet(`${member.ipv4}/24`, VIP_HOST);
}

/** Bash that sets `vip=1` when the VIP is on the lab interface, else `vip=0`. */
function vipHeldLine(vip: string): string {
  return `vip=0; ip -4 -o addr show dev ${LAB_INTERFACE} | grep -qF ' ${assertIpv4(vip)}/' && vip=1`;
}

/** Bash that waits until no keepalived process is left, at most `ms`. */
function waitGoneLines(ms: number): string[] {
  return [
    `s=$(date +%s%3N)`,
    `while ${PGREP} >/dev/null && [ $(( $(date +%s%3N) - s )) -lt ${Math.round(ms)} ]; do sleep 0.05; done`,
  ];
}

/**
 * SIGKILL of keepalived's processes (the main one and its VRRP child, so
 * neither can clean up: no priority-0 advert, the VIP stays on the
 * interface). They are stopped (SIGSTOP) first: the VRRP child asks for a
 * SIGTERM when its parent dies (PR_SET_PDEATHSIG), and if the parent died
 * while the child still ran it would shut down cleanly and take the VIP
 * with it. Prints `killed <pids> ms=<ms> vip=<0|1>`; exit 3 when
 * keepalived is not running, 4 when it survives 2.5 s.
 */
export function killKeepalivedScript(vip: string): string {
  return [
    `pids=$(${PGREP} | tr '\\n' ' ')`,
    `[ -n "$pids" ] || { echo 'keepalived is not running on this router' >&2; exit 3; }`,
    'kill -STOP $pids',
    'kill -9 $pids',
    ...waitGoneLines(2500),
    `${PGREP} >/dev/null && { echo 'keepalived survived SIGKILL' >&2; exit 4; }`,
    vipHeldLine(vip),
    'echo "killed ${pids% } ms=$(( $(date +%s%3N) - s )) vip=$vip"',
  ].join('\n');
}

/**
 * SIGTERM to keepalived's main process (a clean stop: its VRRP child sends
 * a priority-0 advert and removes the VIP), then waits until every
 * keepalived process is gone, at most `waitMs`. Prints `stopped <pid>
 * ms=<ms> vip=<0|1>`, or `not-running vip=<0|1>` (exit 0 both); exit 4 with
 * `still-running ...` when it outlives the wait.
 */
export function stopKeepalivedScript(vip: string, waitMs: number): string {
  return [
    `pid=$(cat ${KEEPALIVED_PIDFILE} 2>/dev/null)`,
    `{ [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; } || pid=$(${PGREP} -o)`,
    `if [ -z "$pid" ]; then ${vipHeldLine(vip)}; echo "not-running vip=$vip"; exit 0; fi`,
    'kill -TERM "$pid"',
    ...waitGoneLines(waitMs),
    'ms=$(( $(date +%s%3N) - s ))',
    vipHeldLine(vip),
    `${PGREP} >/dev/null && { echo "still-running $pid ms=$ms vip=$vip"; exit 4; }`,
    'echo "stopped $pid ms=$ms vip=$vip"',
  ].join('\n');
}

/**
 * Starts keepalived through the image's wrapper (`dojo-vrrp-router
 * --start-keepalived`) unless it already runs, then waits (at most
 * `waitMs`) until its main process has written its pid and its VRRP child
 * runs. keepalived's log goes to the container's output (PID 1's stdout,
 * i.e. docker logs, where the log probe reads it), not to this exec, whose
 * stream would otherwise stay open. Prints `running <pid>` (it was already
 * running) or `started <pid> ms=<ms>`; exit 1 when it did not come up.
 */
export function startKeepalivedScript(waitMs: number): string {
  return [
    `pid=$(${PGREP} -o)`,
    '[ -n "$pid" ] && { echo "running $pid"; exit 0; }',
    's=$(date +%s%3N)',
    `${ROUTER_ENTRYPOINT} --start-keepalived </dev/null >/proc/1/fd/1 2>&1`,
    `up() { p=$(cat ${KEEPALIVED_PIDFILE} 2>/dev/null); [ -n "$p" ] && kill -0 "$p" 2>/dev/null && [ "$(${PGREP} | wc -l)" -ge 2 ]; }`,
    `while ! up && [ $(( $(date +%s%3N) - s )) -lt ${Math.round(waitMs)} ]; do sleep 0.05; done`,
    `up || { echo 'keepalived did not start (see the router log)' >&2; exit 1; }`,
    'echo "started $p ms=$(( $(date +%s%3N) - s ))"',
  ].join('\n');
}

/** Sends SIGHUP to keepalived's main process (reload its configuration). Prints `reloaded <pid>` or `not-running`. */
export function reloadKeepalivedScript(): string {
  return [
    `pid=$(cat ${KEEPALIVED_PIDFILE} 2>/dev/null)`,
    `{ [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; } || pid=$(${PGREP} -o)`,
    '[ -n "$pid" ] || { echo not-running; exit 0; }',
    'kill -HUP "$pid" && echo "reloaded $pid"',
  ].join('\n');
}

/**
 * Announces the VIP with gratuitous ARP from the router: `arping -U -S <vip>
 * -i eth0 -c 3 <vip>` (Thomas Habets' arping; 0.2 s apart, 2 s at most).
 * Nobody answers a gratuitous ARP, so arping's exit 1 "no reply" counts as
 * done when packets went out. Exit 3 when the router does not hold the VIP.
 * Prints `announced sent=<n> ms=<ms>`.
 */
export function announceVipScript(vip: string): string {
  const ip = assertIpv4(vip);
  return [
    vipHeldLine(ip),
    `[ "$vip" = 1 ] || { echo 'this router does not hold the VIP' >&2; exit 3; }`,
    's=$(date +%s%3N)',
    `out=$(arping -U -S ${ip} -i ${LAB_INTERFACE} -c 3 -W 0.2 -w 2 ${ip} 2>&1); rc=$?`,
    `sent=$(printf '%s\\n' "$out" | sed -n 's/^\\([0-9][0-9]*\\) packets transmitted.*/\\1/p')`,
    `if [ "$rc" -gt 1 ] || [ "\${sent:-0}" -lt 1 ]; then printf '%s\\n' "$out" >&2; exit 5; fi`,
    'echo "announced sent=$sent ms=$(( $(date +%s%3N) - s ))"',
  ].join('\n');
}

/** Prints `pids=<pids> vip=<0|1>`: keepalived's processes and whether the VIP is on the interface. */
export function keepalivedStatusScript(vip: string): string {
  return [vipHeldLine(vip), `echo "pids=$(${PGREP} | tr '\\n' ' ' | sed 's/ $//') vip=$vip"`].join(
    '\n',
  );
}

/** A script's status line: its first word, the plain words after it, and its `key=value` words. */
export interface ScriptLine {
  word: string;
  args: string[];
  values: Record<string, string>;
}

/** Reads the last non-empty line a keepalived script printed. Pure. */
export function parseScriptLine(stdout: string): ScriptLine {
  const line =
    stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? '';
  const values: Record<string, string> = {};
  const words: string[] = [];
  for (const w of line.split(/\s+/).filter(Boolean)) {
    const eq = w.indexOf('=');
    if (eq > 0) values[w.slice(0, eq)] = w.slice(eq + 1);
    else words.push(w);
  }
  return { word: words[0] ?? '', args: words.slice(1), values };
}

/** What keepalived looks like on a router right now. */
export interface KeepalivedStatus {
  /** Pids of its processes (empty: not running). */
  pids: number[];
  /** Whether the VIP is on the lab interface. */
  vipHeld: boolean;
}

/** Reads keepalived's processes and the VIP on a router. Throws on Docker errors (stopped, paused, gone). */
export async function keepalivedStatus(
  ctx: FaultContext,
  member: LabMember,
): Promise<KeepalivedStatus> {
  const r = await bashIn(ctx, member, keepalivedStatusScript(vipOf(member)));
  const { values } = parseScriptLine(r.stdout);
  return {
    pids: (values.pids ?? '')
      .split(/\s+/)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0),
    vipHeld: values.vip === '1',
  };
}

/** Seconds with one decimal, for detail lines. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

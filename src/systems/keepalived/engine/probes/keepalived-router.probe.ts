import type { NodeObservation } from '../../../../shared/lab-types';
import type { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';

/**
 * Where a router's state agent answers: a static file that the agent's loop
 * (dojo-vrrp-state in the keepalived image) rewrites every 200 ms, served by
 * busybox httpd.
 */
export const ROUTER_STATE_PATH = '/state.json';

/**
 * A router reading older than this (ms, by its `t` against the probe's clock)
 * is no reading: the agent's loop has stopped or stalls, so what it last
 * wrote is not the router's state now.
 */
export const ROUTER_READING_STALE_MS = 2000;

/** keepalived's numeric VRRP states in its JSON dump (vrrp.h). */
const VRRP_STATES: Record<number, string> = { 0: 'INIT', 1: 'BACKUP', 2: 'MASTER', 3: 'FAULT' };

/** What one router's state agent reported. */
export interface RouterState {
  /** When the agent took this reading (ms since epoch, the container's clock); absent from an older agent. */
  takenAt?: number;
  /** The state the notify script last recorded (`MASTER`, `BACKUP`, `FAULT`...; `INIT` before the first call). */
  notifyState?: string;
  /** Whether keepalived's main process runs. */
  keepalivedRunning: boolean;
  /** The lab interface's MAC address. */
  mac?: string;
  /** IPv4 addresses on the lab interface. */
  ipv4: string[];
  /**
   * `virtual_router_id` in the router's config file on disk
   * (/etc/dojo/keepalived.conf), which a config push may have rewritten;
   * absent when the agent could not read it.
   */
  configVrid?: number;
  /** The instance as keepalived's JSON dump shows it; absent when no dump came this time. */
  instance?: {
    /** `MASTER`, `BACKUP`, `FAULT`, `INIT` (or `STATE <n>` for another number). */
    state: string;
    virtualRouterId: number;
    effectivePriority: number;
    advertsReceived: number;
    advertsSent: number;
    becameMaster: number;
  };
}

interface IpAddrEntry {
  address?: string;
  addr_info?: { family?: string; local?: string }[];
}

interface DumpEntry {
  data?: { state?: number; vrid?: number; effective_priority?: number };
  stats?: { advert_rcvd?: number; advert_sent?: number; become_master?: number };
}

/**
 * Parses the agent's JSON: `{notify: "STATE ms", keepalivedPid, addr: <ip -j
 * addr>, keepalived: <keepalived.json> | null, configVrid: n | null}`. The dump is read right after
 * keepalived writes it; a torn read would not parse, and then the instance is
 * left out (the notify state and `ip addr` still count). Pure.
 */
export function parseRouterState(body: string): RouterState {
  const raw = JSON.parse(body) as {
    t?: number;
    notify?: string;
    keepalivedPid?: number | null;
    addr?: IpAddrEntry[] | null;
    keepalived?: DumpEntry[] | null;
    configVrid?: number | null;
  };
  const iface = raw.addr?.[0];
  const state: RouterState = {
    keepalivedRunning: typeof raw.keepalivedPid === 'number',
    ipv4: (iface?.addr_info ?? [])
      .filter((a) => a.family === 'inet' && typeof a.local === 'string')
      .map((a) => a.local as string),
  };
  const notify = raw.notify?.trim().split(/\s+/)[0];
  if (notify) state.notifyState = notify;
  if (typeof raw.t === 'number') state.takenAt = raw.t;
  if (iface?.address) state.mac = iface.address.toLowerCase();
  if (typeof raw.configVrid === 'number') state.configVrid = raw.configVrid;
  const dump = raw.keepalived?.[0];
  if (dump?.data && typeof dump.data.state === 'number') {
    state.instance = {
      state: VRRP_STATES[dump.data.state] ?? `STATE ${dump.data.state}`,
      virtualRouterId: dump.data.vrid ?? 0,
      effectivePriority: dump.data.effective_priority ?? 0,
      advertsReceived: dump.stats?.advert_rcvd ?? 0,
      advertsSent: dump.stats?.advert_sent ?? 0,
      becameMaster: dump.stats?.become_master ?? 0,
    };
  }
  return state;
}

/**
 * One router as an observation. Role: `master` when keepalived says MASTER,
 * `replica` in any other state it reports; `unknown` when the agent did not
 * answer or keepalived is not running (then nothing claims anything, though
 * the VIP may still sit on the interface: `vipHeld` says so). Pure.
 */
export function routerObservation(
  node: string,
  state: RouterState | undefined,
  vip: string,
  extra: { error?: string; rttMs?: number; readingAgeMs?: number } = {},
): NodeObservation {
  if (!state) {
    return {
      node,
      kind: 'router',
      role: 'unknown',
      state: 'unreachable',
      ...(extra.error ? { error: extra.error } : {}),
    };
  }
  const vrrpState = state.keepalivedRunning
    ? (state.instance?.state ?? state.notifyState)
    : undefined;
  const obs: NodeObservation = {
    node,
    kind: 'router',
    role: vrrpState === undefined ? 'unknown' : vrrpState === 'MASTER' ? 'master' : 'replica',
    state: 'running',
    vipHeld: state.ipv4.includes(vip),
  };
  if (vrrpState !== undefined) obs.vrrpState = vrrpState;
  if (state.notifyState !== undefined) obs.notifyState = state.notifyState;
  if (state.mac !== undefined) obs.mac = state.mac;
  if (state.instance && state.keepalivedRunning) {
    obs.vrrpPriority = state.instance.effectivePriority;
    obs.advertsReceived = state.instance.advertsReceived;
    obs.advertsSent = state.instance.advertsSent;
  }
  if (extra.rttMs !== undefined) obs.rttMs = extra.rttMs;
  if (extra.readingAgeMs !== undefined) obs.readingAgeMs = extra.readingAgeMs;
  if (!state.keepalivedRunning) obs.error = 'keepalived is not running';
  return obs;
}

/** One GET of a router's state agent: its state, or why there is none. */
export type RouterStateRead =
  | {
      state: RouterState;
      rttMs: number;
      /** How old the agent's reading was when it arrived, ms (0 when it carries no time). */
      ageMs: number;
      error?: undefined;
    }
  | { state?: undefined; error: string };

/**
 * GETs a router's state agent through its published port (no `docker
 * exec`), within `timeoutMs`. Never throws: no answer, or a reading older
 * than ROUTER_READING_STALE_MS, is an error (the router reads unknown).
 */
export async function fetchRouterState(
  conn: HttpProbeConnection | undefined,
  timeoutMs: number,
): Promise<RouterStateRead> {
  if (!conn) return { error: 'no published agent port' };
  const started = Date.now();
  try {
    const reply = await conn.get(timeoutMs, ROUTER_STATE_PATH);
    if (reply.status !== 200) throw new Error(`state agent answered HTTP ${reply.status}`);
    const state = parseRouterState(reply.body);
    const age = state.takenAt === undefined ? 0 : Date.now() - state.takenAt;
    if (age > ROUTER_READING_STALE_MS) throw new Error(`router reading is ${age} ms old`);
    return { state, rttMs: Date.now() - started, ageMs: Math.max(0, age) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** A router's observation from one read of its agent (see routerObservation). Pure. */
export function observeRouterRead(
  node: string,
  read: RouterStateRead,
  vip: string,
): NodeObservation {
  return read.state
    ? routerObservation(node, read.state, vip, { rttMs: read.rttMs, readingAgeMs: read.ageMs })
    : routerObservation(node, undefined, vip, { error: read.error });
}

/**
 * Reads one router through its state agent's published port (one HTTP GET,
 * no `docker exec`), within `timeoutMs`. Never throws: a silent agent reads
 * `unknown` with the error.
 */
export async function readKeepalivedRouter(
  node: string,
  conn: HttpProbeConnection | undefined,
  timeoutMs: number,
  vip: string,
): Promise<NodeObservation> {
  return observeRouterRead(node, await fetchRouterState(conn, timeoutMs), vip);
}

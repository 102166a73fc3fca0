import { isUnreadable, type NodeObservation, type ProbeSample } from '../../../shared/lab-types';
import type { Scenario } from '../../../shared/scenario-schema';
import type { AuthoritativeNode } from '../../../core/grading/system-grading';

/**
 * What grading reads from a keepalived lab's probe samples: routers in VRRP
 * MASTER, the MACs the client node sees answer ARP for the VIP, which router
 * owns a MAC, and when the split ended. Pure functions.
 */

/** Routers in VRRP state MASTER in a sample, in sample order. */
export function routersInMaster(s: ProbeSample): string[] {
  return s.nodes.filter((n) => n.kind === 'router' && n.role === 'master').map((n) => n.node);
}

/** The client node's observation when it answered (role `client`), else undefined. */
export function vipClientOf(s: ProbeSample): NodeObservation | undefined {
  return s.nodes.find((n) => n.kind === 'vip-client' && n.role === 'client');
}

/** The MACs the client saw answer one ARP request for the VIP; empty when the client was silent. */
export function vipMacsOf(s: ProbeSample): string[] {
  return vipClientOf(s)?.vipArpMacs ?? [];
}

/** The owners of those MACs (router names, or the MAC itself when it is no router's). */
export function vipMacOwnersOf(s: ProbeSample): string[] {
  const c = vipClientOf(s);
  return c?.vipArpNodes ?? c?.vipArpMacs ?? [];
}

/** Whether a sample shows the dual master: two routers in MASTER, or two MACs answering ARP for the VIP. */
export function isSplitSample(s: ProbeSample): boolean {
  return routersInMaster(s).length > 1 || vipMacsOf(s).length > 1;
}

/**
 * When the split ended: the first sample after `tellAt` from which on, to
 * the last sample, no sample shows two routers in MASTER or two MACs for the
 * VIP (ms since epoch). Undefined while the last sample is still split, or
 * when no sample follows the last split one.
 */
export function findSplitEnd(samples: readonly ProbeSample[], tellAt: number): number | undefined {
  let lastSplit = -1;
  let firstAfter = -1;
  samples.forEach((s, i) => {
    if (s.t < tellAt) return;
    if (firstAfter < 0) firstAfter = i;
    if (isSplitSample(s)) lastSplit = i;
  });
  if (firstAfter < 0) return undefined;
  return samples[lastSplit >= 0 ? lastSplit + 1 : firstAfter]?.t;
}

/** MAC address -> router name, from every router observation that reported its MAC. */
export function routerMacs(samples: readonly ProbeSample[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of samples)
    for (const n of s.nodes) if (n.kind === 'router' && n.mac) out[n.mac.toLowerCase()] = n.node;
  return out;
}

/** A router's MAC from the samples (the latest one reported), if any. */
export function macOfRouter(macs: Record<string, string>, router: string): string | undefined {
  let found: string | undefined;
  for (const [mac, node] of Object.entries(macs)) if (node === router) found = mac;
  return found;
}

/** `router-2's MAC` for a known MAC, else the MAC itself. */
export function macName(macs: Record<string, string>, mac: string): string {
  const owner = macs[mac.toLowerCase()];
  return owner ? `${owner}'s MAC` : mac;
}

/**
 * The scenario's `authoritative` router, else the router with the highest
 * VRRP priority in the run's settings (`router1Priority`, `router2Priority`
 * name router-1 and router-2; a tie names nobody).
 */
export function authoritativeRouter(
  scenario: Scenario,
  settings: Record<string, number | boolean>,
): AuthoritativeNode | undefined {
  const priorities = Object.entries(settings)
    .map(([k, v]) => [/^router(\d+)Priority$/.exec(k)?.[1], v] as const)
    .filter((e): e is [string, number] => e[0] !== undefined && typeof e[1] === 'number')
    .map(([i, p]) => ({ node: `router-${i}`, priority: p }));
  const priorityOf = (node: string) => priorities.find((p) => p.node === node)?.priority;
  if (scenario.authoritative) {
    const p = priorityOf(scenario.authoritative);
    return {
      node: scenario.authoritative,
      from: 'scenario',
      ...(p !== undefined ? { priority: p } : {}),
    };
  }
  const sorted = [...priorities].sort((a, b) => b.priority - a.priority);
  const [top, next] = sorted;
  if (!top || (next && next.priority === top.priority)) return undefined;
  return { node: top.node, from: 'priority', priority: top.priority };
}

/**
 * The last sample in which every router was read (none unreadable), if any:
 * what a check falls back on when a router could not be read when the final
 * health was taken (an unreadable probe is never a negative).
 */
export function lastFullRouterReading(samples: readonly ProbeSample[]): ProbeSample | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    const routers = s.nodes.filter((n) => n.kind === 'router');
    if (routers.length > 0 && !routers.some(isUnreadable)) return s;
  }
  return undefined;
}

/** How old the last full reading may be, before the last sample, to stand for the end, ms. */
export const LAST_READING_MAX_AGE_MS = 10_000;

/**
 * The routers in MASTER at the end: the final health's, unless a router
 * could not be read then and none was read in MASTER; then the last sample
 * that read every router, when it is at most LAST_READING_MAX_AGE_MS older
 * than the last sample (`from` says which, `at` when). Undefined when
 * neither tells: the end is not known.
 */
export function mastersAtEnd(
  finalMasters: readonly string[] | undefined,
  unread: readonly string[],
  samples: readonly ProbeSample[],
): { masters: string[]; from: 'final-health' | 'last-reading'; at?: number } | undefined {
  if (finalMasters && (finalMasters.length > 0 || unread.length === 0))
    return { masters: [...finalMasters], from: 'final-health' };
  const last = lastFullRouterReading(samples);
  const end = samples.at(-1)?.t;
  if (last && end !== undefined && end - last.t <= LAST_READING_MAX_AGE_MS)
    return { masters: routersInMaster(last), from: 'last-reading', at: last.t };
  return undefined;
}

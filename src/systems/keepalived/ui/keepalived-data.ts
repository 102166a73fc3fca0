import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import {
  secondsSince,
  thinned,
  type OffsetRow,
  type RoleLane,
} from '../../../renderer/src/charts/chart-data';

/**
 * keepalived lab tells read from probe samples: each router's VRRP state,
 * who holds the VIP, the MACs answering ARP for it, the client's neighbour
 * entry, and the adverts each router receives and sends.
 */

/** The VRRP states keepalived reports, in legend order. */
export const VRRP_STATES = ['MASTER', 'BACKUP', 'FAULT', 'INIT'] as const;

/** The routers of a sample (kind `router`), in the sample's order. */
export function routersOf(sample: ProbeSample | undefined): NodeObservation[] {
  return (sample?.nodes ?? []).filter((n) => n.kind === 'router');
}

/** The client node of a sample (kind `vip-client`), if probed. */
export function vipClientOf(sample: ProbeSample | undefined): NodeObservation | undefined {
  return sample?.nodes.find((n) => n.kind === 'vip-client');
}

/**
 * A router's VRRP state as a lane class: `MASTER`, `BACKUP`, `FAULT`,
 * `INIT`, or `unknown` when the router did not answer (paused, stopped,
 * keepalived silent) or reported something else.
 */
export function vrrpStateClass(obs: NodeObservation): string {
  if (obs.role === 'unknown' || obs.vrrpState === undefined) return 'unknown';
  const state = obs.vrrpState.toUpperCase();
  return (VRRP_STATES as readonly string[]).includes(state) ? state : 'unknown';
}

/** One swimlane per router: its VRRP state. */
export function vrrpStateLanes(routers: string[]): RoleLane[] {
  return routers.map((node) => ({ node, label: node, roleOf: vrrpStateClass }));
}

/** Whether the router has the VIP on its interface: `held`, `not-held`, or `unknown` (no answer). */
export function vipHeldClass(obs: NodeObservation): string {
  if (obs.role === 'unknown' || obs.vipHeld === undefined) return 'unknown';
  return obs.vipHeld ? 'held' : 'not-held';
}

/** One swimlane per router: whether it holds the VIP. */
export function vipHolderLanes(routers: string[]): RoleLane[] {
  return routers.map((node) => ({ node, label: node, roleOf: vipHeldClass }));
}

/** The lane class of a reading of the client: the router it names, `none`, or `unknown` (no answer). */
function clientClass(obs: NodeObservation, router: string | undefined): string {
  if (obs.role !== 'client') return 'unknown';
  return router ?? 'none';
}

/**
 * Two swimlanes for the client: the router its neighbour (ARP) entry for the
 * VIP points at, and the router that answered its last HTTP GET. A lane
 * changing colour is the client's traffic moving to another router.
 */
export function vipClientLanes(client: string): RoleLane[] {
  return [
    {
      node: client,
      label: 'ARP entry',
      roleOf: (o) =>
        clientClass(o, o.vipNeighbour?.mac ? (o.vipNeighbour.node ?? 'other') : undefined),
    },
    { node: client, label: 'HTTP from', roleOf: (o) => clientClass(o, o.vipHttpResponder) },
  ];
}

/** Routers with the VIP on their interface. */
export function vipHolders(sample: ProbeSample | undefined): string[] {
  return routersOf(sample)
    .filter((r) => r.role !== 'unknown' && r.vipHeld === true)
    .map((r) => r.node);
}

/** Routers in VRRP state MASTER. */
export function vrrpMasters(sample: ProbeSample | undefined): string[] {
  return routersOf(sample)
    .filter((r) => vrrpStateClass(r) === 'MASTER')
    .map((r) => r.node);
}

/** What the client saw answer ARP for the VIP: each MAC with the router owning it. */
export interface ArpAnswer {
  mac: string;
  /** The router owning the MAC (the MAC itself when it is no router's). */
  node: string;
}

/** The MACs answering ARP for the VIP, or undefined when the client did not answer. */
export function arpAnswers(sample: ProbeSample | undefined): ArpAnswer[] | undefined {
  const client = vipClientOf(sample);
  if (!client || client.role !== 'client' || client.vipArpMacs === undefined) return undefined;
  return client.vipArpMacs.map((mac, i) => ({ mac, node: client.vipArpNodes?.[i] ?? mac }));
}

/** The router each known MAC belongs to, from the routers' own readings (newest wins). */
export function routerMacs(samples: ProbeSample[]): Map<string, string> {
  const macs = new Map<string, string>();
  for (const s of samples) for (const r of routersOf(s)) if (r.mac) macs.set(r.mac, r.node);
  return macs;
}

/** Series keys of the VIP counts chart. */
export const VIP_COUNT_KEYS = ['MACs answering ARP', 'routers holding the VIP'] as const;
export type VipCountRow = { x: number } & Record<(typeof VIP_COUNT_KEYS)[number], number | null>;

/**
 * Over time: how many MACs answer ARP for the VIP (the client's view) and how
 * many routers hold it (their own view). Healthy = 1 and 1. A bucket keeps its
 * largest count, so a one-sample second MAC still shows.
 */
export function vipCountRows(samples: ProbeSample[], t0: number, maxPoints = 240): VipCountRow[] {
  return thinned(samples, maxPoints).map((bucket) => {
    let macs: number | null = null;
    let holders: number | null = null;
    for (const s of bucket) {
      const arp = arpAnswers(s);
      if (arp) macs = Math.max(macs ?? 0, arp.length);
      if (routersOf(s).some((r) => r.role !== 'unknown'))
        holders = Math.max(holders ?? 0, vipHolders(s).length);
    }
    return {
      x: secondsSince(bucket[bucket.length - 1]!.t, t0),
      'MACs answering ARP': macs,
      'routers holding the VIP': holders,
    };
  });
}

/** A router's advert counter as read in a sample (undefined when unread). */
function counter(
  s: ProbeSample,
  router: string,
  field: 'advertsReceived' | 'advertsSent',
): number | undefined {
  const obs = s.nodes.find((n) => n.node === router);
  return obs && obs.role !== 'unknown' ? obs[field] : undefined;
}

/**
 * Per second between two samples, or undefined when either reading is
 * missing or the counter went down (keepalived restarted).
 */
function rate(
  from: ProbeSample,
  to: ProbeSample,
  router: string,
  field: 'advertsReceived' | 'advertsSent',
): number | undefined {
  const a = counter(from, router, field);
  const b = counter(to, router, field);
  const dt = (to.t - from.t) / 1000;
  if (a === undefined || b === undefined || dt <= 0 || b < a) return undefined;
  return Math.round(((b - a) / dt) * 100) / 100;
}

/** Index of the newest sample at least `windowMs` older than `samples[i]` (-1: none). */
function referenceIndex(samples: ProbeSample[], i: number, windowMs: number): number {
  const limit = samples[i]!.t - windowMs;
  let j = i - 1;
  while (j >= 0 && samples[j]!.t > limit) j--;
  return j;
}

/** The series key of a router's received / sent advert rate. */
export const advertKey = (router: string, dir: 'rx' | 'tx') => `${router} ${dir}`;

/**
 * VRRP adverts per second per router, received (`<router> rx`) and sent
 * (`<router> tx`), from keepalived's counters, each over the `windowMs`
 * before the point (null: unread, or keepalived restarted). A MASTER sends
 * one per advert_int; a BACKUP receives them; a flat 0 `rx` while the peer
 * sends is a router that cannot hear.
 */
export function advertRows(
  samples: ProbeSample[],
  t0: number,
  routers: string[],
  maxPoints = 240,
  windowMs = 2000,
): OffsetRow[] {
  const rows: OffsetRow[] = [];
  let end = -1;
  for (const bucket of thinned(samples, maxPoints)) {
    end += bucket.length;
    const last = samples[end]!;
    const ref = referenceIndex(samples, end, windowMs);
    const row: OffsetRow = { x: secondsSince(last.t, t0) };
    for (const r of routers) {
      const from = ref >= 0 ? samples[ref]! : undefined;
      row[advertKey(r, 'rx')] = from ? (rate(from, last, r, 'advertsReceived') ?? null) : null;
      row[advertKey(r, 'tx')] = from ? (rate(from, last, r, 'advertsSent') ?? null) : null;
    }
    rows.push(row);
  }
  return rows;
}

/** A router's advert rates over the newest `windowMs` of samples (undefined: not enough readings). */
export interface AdvertRates {
  rx?: number;
  tx?: number;
}

/** Each router's adverts received and sent per second, over the newest `windowMs`. */
export function advertRates(
  samples: ProbeSample[],
  routers: string[],
  windowMs = 3000,
): Record<string, AdvertRates> {
  const out: Record<string, AdvertRates> = {};
  const i = samples.length - 1;
  const ref = i >= 0 ? referenceIndex(samples, i, windowMs) : -1;
  for (const r of routers) {
    const rates: AdvertRates = {};
    if (ref >= 0) {
      const rx = rate(samples[ref]!, samples[i]!, r, 'advertsReceived');
      const tx = rate(samples[ref]!, samples[i]!, r, 'advertsSent');
      if (rx !== undefined) rates.rx = rx;
      if (tx !== undefined) rates.tx = tx;
    }
    out[r] = rates;
  }
  return out;
}

/**
 * Routers that hear nothing while another router sends: their adverts-received
 * counter stood still over the newest `windowMs` while a peer's sent counter
 * rose. (A healthy MASTER hears nothing too, but then its BACKUP sends nothing.)
 */
export function deafRouters(rates: Record<string, AdvertRates>): string[] {
  const names = Object.keys(rates);
  return names.filter(
    (r) => rates[r]!.rx === 0 && names.some((o) => o !== r && (rates[o]!.tx ?? 0) > 0),
  );
}

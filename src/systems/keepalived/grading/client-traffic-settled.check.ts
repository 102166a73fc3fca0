import type { CheckResult, WriteRecord } from '../../../shared/scenario-types';
import {
  missingTell,
  seconds,
  since,
  verdict,
  type GradingContext,
} from '../../../core/grading/grading-context';
import {
  macName,
  macOfRouter,
  mastersAtEnd,
  routersInMaster,
  vipClientOf,
} from './keepalived-facts';
import { failureKind } from './request-failures';
import {
  TIME_BAND_CREDIT,
  bandText,
  timeBandOf,
  timeBandsOf,
} from '../../../core/grading/time-bands';

/** Traffic needed after the split (and after settling) to judge it, ms. */
export const MIN_SETTLED_TRAFFIC_MS = 2000;

/**
 * The routers in MASTER at the end (see mastersAtEnd: the final health's,
 * else the last reading of every router), else the last sample's when there
 * is no final health; undefined when a router could not be read and nothing
 * recent says.
 */
function finalMasters(ctx: GradingContext): string[] | undefined {
  const last = ctx.samples.at(-1);
  if (!ctx.finalHealth) return last ? routersInMaster(last) : [];
  const unread = Object.keys(ctx.finalHealth.keepalived?.unreadable ?? {});
  return mastersAtEnd(ctx.finalHealth.masters, unread, ctx.samples)?.masters;
}

/** The router the client node's neighbour entry for the VIP points at, at the end (final health, else the last reading). */
function finalNeighbour(ctx: GradingContext): string | undefined {
  const fromHealth = ctx.finalHealth?.keepalived?.neighbourRouter;
  if (fromHealth) return fromHealth;
  for (let i = ctx.samples.length - 1; i >= 0; i--) {
    const c = vipClientOf(ctx.samples[i]!);
    if (c) return c.vipNeighbour?.node;
  }
  return undefined;
}

/** Count per key, as `a 3, b 1`. */
function tally(records: readonly WriteRecord[], key: (w: WriteRecord) => string): string {
  const counts = new Map<string, number>();
  for (const w of records) counts.set(key(w), (counts.get(key(w)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

/** What a request that was not settled did, for the sentence; `macs` names the MAC it went to. */
function outcomeWord(w: WriteRecord, macs: Record<string, string>): string {
  if (w.outcome === 'timeout') return 'timed out';
  const kind = failureKind(w);
  if (w.outcome === 'fail') return `failed${kind ? ` (${kind})` : ''}`;
  return `answered by ${w.node}${w.via ? ` through ${macName(macs, w.via)}` : ''}`;
}

/**
 * client-traffic-settled (keepalived): once the split ended (RunFacts.splitEndedAt),
 * the requests through the VIP settled, graded by how long that took in the
 * scenario's time bands (`timeBandsOf`: full credit, half, fail; a person
 * first has to see the apps still on the other MAC and announce the VIP),
 * and stayed settled to the end: every request answered by
 * the final master, sent to its MAC (`via`; MACs named from the routers'
 * observations), none failed or timed out, with at least 2 s of such
 * traffic, and the client node's neighbour entry for the VIP on the master.
 * Requests still going to another router's MAC mean the apps' ARP entries
 * were never moved back: the fix is a gratuitous ARP from the master.
 * Fail when the split never ended; unknown without a fault, a tell, or
 * enough traffic after the split.
 */
export function clientTrafficSettled(ctx: GradingContext): CheckResult {
  const missing = missingTell(ctx);
  if (missing) return verdict(ctx, 'unknown', missing);
  const end = ctx.splitEndedAt;
  if (end === undefined)
    return verdict(
      ctx,
      'fail',
      'The dual master never ended, so the traffic had no single router to settle on: clients could land on either router until the end.',
      { ended: false },
    );
  const masters = finalMasters(ctx);
  if (!masters)
    return verdict(
      ctx,
      'unknown',
      `The split ended at ${since(ctx, end)}, but a router could not be read when the final health was taken and no recent reading of every router says which one ended in MASTER, so where the traffic should have settled is not known.`,
      { ended: true },
    );
  const master = masters.length === 1 ? masters[0] : undefined;
  if (!master)
    return verdict(
      ctx,
      'fail',
      `The split ended at ${since(ctx, end)}, but no single router was in MASTER at the end, so there was no router for the traffic to settle on.`,
      { ended: true },
    );
  const masterMac = macOfRouter(ctx.routerMacs, master);
  const word = (w: WriteRecord) => outcomeWord(w, ctx.routerMacs);
  const routerOf = (mac: string) => ctx.routerMacs[mac.toLowerCase()] ?? mac;
  const after = ctx.writes.filter((w) => w.sentAt >= end).sort((a, b) => a.sentAt - b.sentAt);
  const lastSent = after.at(-1)?.sentAt;
  if (lastSent === undefined || lastSent - end < MIN_SETTLED_TRAFFIC_MS)
    return verdict(
      ctx,
      'unknown',
      `Only ${lastSent === undefined ? 0 : seconds(end, lastSent)} s of requests after the split ended at ${since(ctx, end)}: too little traffic to tell whether it settled.`,
      { ended: true, master },
    );
  const viaOther = (w: WriteRecord) =>
    w.via !== undefined && masterMac !== undefined && w.via.toLowerCase() !== masterMac;
  const isOff = (w: WriteRecord) => w.outcome !== 'ack' || w.node !== master || viaOther(w);
  const offIdx = after.findLastIndex(isOff);
  const off = after.filter(isOff);
  const lastOff = after[offIdx];
  const settledAt = lastOff ? (after[offIdx + 1]?.sentAt ?? lastSent) : end;
  const bands = timeBandsOf(ctx);
  const tail = after.slice(offIdx + 1);
  const neighbour = finalNeighbour(ctx);
  const figures = {
    master,
    splitEndedAt: end - ctx.t0,
    settleSeconds: seconds(end, settledAt),
    offRequests: off.length,
    viaOtherMac: off.filter(viaOther).length,
    settledRequests: tail.length,
    fullWithinSeconds: bands.full,
    partialWithinSeconds: bands.partial,
    ...(neighbour ? { neighbour } : {}),
  };
  const ended = `the split ended at ${since(ctx, end)}`;
  const still = lastOff !== undefined && lastSent - lastOff.sentAt < MIN_SETTLED_TRAFFIC_MS;
  const band = still ? 'late' : timeBandOf(seconds(end, settledAt), bands);
  if (lastOff && band === 'late') {
    const until = still ? 'until the scenario ended' : `until ${since(ctx, lastOff.sentAt)}`;
    const strayed = off.filter(viaOther);
    if (strayed.length > 0) {
      const rogue = [...new Set(strayed.map((w) => routerOf(w.via!)))].join(' and ');
      return verdict(
        ctx,
        'fail',
        `After ${ended}, ${strayed.length} requests still went to ${rogue}'s MAC ${until} (${tally(strayed, word)}${still ? '' : `; ${bandText(band, bands)}`}): the apps' ARP entries for the VIP still pointed at ${rogue}, which no longer held it. Make ${master} announce the VIP (gratuitous ARP: announce-vip ${master}) so they move to its MAC.`,
        { ...figures, band },
      );
    }
    return verdict(
      ctx,
      'fail',
      `After ${ended}, ${off.length} requests were not answered by ${master} ${until} (${tally(off, word)}), ${still ? 'and it never settled' : bandText(band, bands)}.`,
      { ...figures, band },
    );
  }
  if (neighbour && neighbour !== master)
    return verdict(
      ctx,
      'fail',
      `The requests settled on ${master}, but the client node's neighbour entry for the VIP still pointed at ${neighbour} at the end: the next app to use that entry goes to the wrong router. Make ${master} announce the VIP (announce-vip ${master}).`,
      figures,
    );
  const tailMs = lastSent - settledAt;
  if (tailMs < MIN_SETTLED_TRAFFIC_MS)
    return verdict(
      ctx,
      'unknown',
      `The traffic settled on ${master} only ${seconds(settledAt, lastSent)} s before the last request: too little to tell whether it stayed there.`,
      figures,
    );
  const how =
    off.length === 0
      ? 'at once'
      : `within ${seconds(end, settledAt)} s (${off.length} request(s) in between: ${tally(off, word)})`;
  return verdict(
    ctx,
    'pass',
    `After ${ended} the traffic settled on ${master} ${how}${off.length === 0 ? '' : `, ${bandText(band, bands)}`}: the last ${tail.length} requests (${seconds(settledAt, lastSent)} s) were all answered by ${master} through its own MAC${neighbour === master ? `, and the client's neighbour entry for the VIP points at ${master}` : ''}.`,
    { ...figures, band },
    TIME_BAND_CREDIT[band],
  );
}

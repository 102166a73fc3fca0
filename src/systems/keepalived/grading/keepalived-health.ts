import type { FinalHealth, KeepalivedFinalHealth } from '../../../shared/scenario-types';

/** Names joined for a sentence: `a`, `a and b`, `a, b and c`. */
function and(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A VRRP state for a sentence: `BACKUP`, or `silent` when keepalived did not answer. */
function stateWord(state: string | undefined): string {
  return state === undefined || state === 'unknown' ? 'silent' : state;
}

/** Whether `list` is exactly `[one]`. */
function only(list: readonly string[], one: string): boolean {
  return list.length === 1 && list[0] === one;
}

/**
 * What is wrong with a keepalived lab's final health (see
 * FinalHealth.keepalived), in words: not exactly one MASTER, the VIP not on
 * it alone, a backup that does not hear its adverts, keepalived not running
 * on a router, routers in different VRRP groups (virtual_router_id), the
 * client's neighbour entry or the ARP answers for the VIP on another MAC
 * than the master's. Only what was read counts: a router or client that
 * could not be read (`unreadable`, `clientUnreadable`) is never called
 * "not running", "without the VIP" or "not answering ARP"; a problem that
 * would need its reading is left out (see keepalivedUnread). Faults and
 * fences left are the caller's. Pure.
 */
export function keepalivedHealthProblems(h: FinalHealth, k: KeepalivedFinalHealth): string[] {
  const problems: string[] = [];
  const unread = Object.keys(k.unreadable ?? {});
  const clientRead = k.clientUnreadable === undefined;
  // One router read in MASTER is the master the rest is measured against, even
  // when another router could not be read (were it MASTER too, that is a split anyway).
  const master = h.masters.length === 1 ? h.masters[0] : undefined;
  if (h.masters.length > 1)
    problems.push(
      `${and(h.masters)} are ${h.masters.length === 2 ? 'both' : 'all'} in VRRP MASTER`,
    );
  else if (h.masters.length === 0 && unread.length === 0)
    problems.push('no router is in VRRP MASTER');
  if (k.vipHolders.length === 0) {
    if (unread.length === 0) problems.push('no router holds the VIP');
  } else if (master ? !only(k.vipHolders, master) : unread.length === 0 || k.vipHolders.length > 1)
    problems.push(
      `the VIP sits on ${and(k.vipHolders)}${master ? `, not on ${master} alone` : ''}`,
    );
  const routers = Object.keys(k.vrrpStates).filter((r) => !unread.includes(r));
  const backups = routers.filter((r) => r !== master);
  const deaf = backups.filter((r) => !h.replicasCaughtUp.includes(r));
  if (master && h.replicasCaughtUp.length < h.replicasExpected) {
    if (deaf.length > 0)
      problems.push(
        `${deaf.map((r) => `${r} (${stateWord(k.vrrpStates[r])})`).join(', ')} is not a BACKUP hearing ${master}'s adverts`,
      );
    else if (unread.length === 0)
      problems.push(
        `${h.replicasCaughtUp.length} of ${h.replicasExpected} backups hear ${master}'s adverts`,
      );
  }
  const stopped = Object.entries(k.keepalivedRunning)
    .filter(([r, running]) => !running && !unread.includes(r))
    .map(([r]) => r);
  if (stopped.length > 0) problems.push(`keepalived is not running on ${and(stopped)}`);
  const vrids = Object.entries(k.virtualRouterIds);
  if (new Set(vrids.map(([, id]) => id)).size > 1)
    problems.push(
      `two VRRP groups: ${vrids.map(([r, id]) => `${r} has virtual_router_id ${id}`).join(', ')}`,
    );
  if (!clientRead) return problems;
  if (master && k.neighbourRouter !== master)
    problems.push(
      k.neighbourRouter
        ? `the client's neighbour entry for the VIP points at ${k.neighbourRouter}, not ${master}`
        : "the client has no neighbour entry for the VIP on a router's MAC",
    );
  if (k.arpAnswerers.length === 0) problems.push('nobody answers ARP for the VIP');
  else if (
    master ? !only(k.arpAnswerers, master) : unread.length === 0 || k.arpAnswerers.length > 1
  )
    problems.push(`ARP for the VIP is answered by ${and(k.arpAnswerers)}`);
  return problems;
}

/**
 * What of a keepalived lab's final health could not be read, one phrase per
 * node: `router-2 could not be read (timeout)`, `the client could not be
 * read (...)`. Empty when everything was read. Pure.
 */
export function keepalivedUnread(k: KeepalivedFinalHealth): string[] {
  return [
    ...Object.entries(k.unreadable ?? {}).map(([r, why]) => `${r} could not be read (${why})`),
    ...(k.clientUnreadable !== undefined
      ? [`the client could not be read (${k.clientUnreadable})`]
      : []),
  ];
}

/**
 * The unknown sentence of a keepalived final health whose readings were
 * incomplete but showed no problem: what could not be read, that its health
 * is therefore not known, and, honestly, the client calls an unread router
 * answered (`answeredBy`: answered requests per router over the run).
 */
export function keepalivedUnknownSentence(
  k: KeepalivedFinalHealth,
  answeredBy: Readonly<Record<string, number>> = {},
): string {
  const unread = Object.keys(k.unreadable ?? {});
  const served = unread
    .filter((r) => (answeredBy[r] ?? 0) > 0 || k.httpResponder === r)
    .map((r) => {
      const n = answeredBy[r] ?? 0;
      const last = k.httpResponder === r;
      const calls =
        n > 0
          ? `${n} of the client's calls through the VIP${last ? ', the last one too' : ''}`
          : "the client's last call through the VIP";
      return `Yet ${r} answered ${calls}: it was serving, only its probe was not read`;
    });
  return `Final health unknown: ${keepalivedUnread(k).join(' and ')} when it was taken, so whether one router alone is VRRP MASTER and holds the VIP is not known${served.length ? `. ${served.join('; ')}` : ''}.`;
}

/** The keepalived pass sentence (call only when there are no problems). */
export function keepalivedHealthySentence(h: FinalHealth, k: KeepalivedFinalHealth): string {
  const master = h.masters[0] ?? '?';
  const backups = Object.keys(k.vrrpStates).filter((r) => r !== master);
  const vrid = Object.values(k.virtualRouterIds)[0];
  const routers = Object.keys(k.keepalivedRunning);
  return `Healthy at the end: ${master} the only VRRP MASTER and the only router holding the VIP, ${backups.length ? `${and(backups)} BACKUP and hearing its adverts` : 'no backup expected'}, keepalived running on ${routers.length === 2 ? 'both routers' : and(routers)} in one VRRP group${vrid !== undefined ? ` (virtual_router_id ${vrid})` : ''}, the client's ARP entry on ${master}'s MAC and only ${master} answering ARP for the VIP, no block or fence left.`;
}

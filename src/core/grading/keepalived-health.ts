import type { FinalHealth, KeepalivedFinalHealth } from '../../shared/scenario-types';

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
 * than the master's. Faults and fences left are the caller's. Pure.
 */
export function keepalivedHealthProblems(h: FinalHealth, k: KeepalivedFinalHealth): string[] {
  const problems: string[] = [];
  const master = h.masters.length === 1 ? h.masters[0] : undefined;
  if (!master)
    problems.push(
      h.masters.length === 0
        ? 'no router is in VRRP MASTER'
        : `${and(h.masters)} are ${h.masters.length === 2 ? 'both' : 'all'} in VRRP MASTER`,
    );
  if (k.vipHolders.length === 0) problems.push('no router holds the VIP');
  else if (!master || !only(k.vipHolders, master))
    problems.push(
      `the VIP sits on ${and(k.vipHolders)}${master ? `, not on ${master} alone` : ''}`,
    );
  const routers = Object.keys(k.vrrpStates);
  const backups = routers.filter((r) => r !== master);
  const deaf = backups.filter((r) => !h.replicasCaughtUp.includes(r));
  if (master && h.replicasCaughtUp.length < h.replicasExpected)
    problems.push(
      deaf.length > 0
        ? `${deaf.map((r) => `${r} (${stateWord(k.vrrpStates[r])})`).join(', ')} is not a BACKUP hearing ${master}'s adverts`
        : `${h.replicasCaughtUp.length} of ${h.replicasExpected} backups hear ${master}'s adverts`,
    );
  const stopped = Object.entries(k.keepalivedRunning)
    .filter(([, running]) => !running)
    .map(([r]) => r);
  if (stopped.length > 0) problems.push(`keepalived is not running on ${and(stopped)}`);
  const vrids = Object.entries(k.virtualRouterIds);
  if (new Set(vrids.map(([, id]) => id)).size > 1)
    problems.push(
      `two VRRP groups: ${vrids.map(([r, id]) => `${r} has virtual_router_id ${id}`).join(', ')}`,
    );
  if (master && k.neighbourRouter !== master)
    problems.push(
      k.neighbourRouter
        ? `the client's neighbour entry for the VIP points at ${k.neighbourRouter}, not ${master}`
        : "the client has no neighbour entry for the VIP on a router's MAC",
    );
  if (k.arpAnswerers.length === 0) problems.push('nobody answers ARP for the VIP');
  else if (!master || !only(k.arpAnswerers, master))
    problems.push(`ARP for the VIP is answered by ${and(k.arpAnswerers)}`);
  return problems;
}

/** The keepalived pass sentence (call only when there are no problems). */
export function keepalivedHealthySentence(h: FinalHealth, k: KeepalivedFinalHealth): string {
  const master = h.masters[0] ?? '?';
  const backups = Object.keys(k.vrrpStates).filter((r) => r !== master);
  const vrid = Object.values(k.virtualRouterIds)[0];
  const routers = Object.keys(k.keepalivedRunning);
  return `Healthy at the end: ${master} the only VRRP MASTER and the only router holding the VIP, ${backups.length ? `${and(backups)} BACKUP and hearing its adverts` : 'no backup expected'}, keepalived running on ${routers.length === 2 ? 'both routers' : and(routers)} in one VRRP group${vrid !== undefined ? ` (virtual_router_id ${vrid})` : ''}, the client's ARP entry on ${master}'s MAC and only ${master} answering ARP for the VIP, no block or fence left.`;
}

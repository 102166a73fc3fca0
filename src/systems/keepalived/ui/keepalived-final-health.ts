import type { FinalHealth, KeepalivedFinalHealth } from '../../../shared/scenario-types';
import {
  caughtUp,
  leftovers,
  only,
  pairs,
  unrecordedRows,
  type HealthRow,
} from '../../../renderer/src/components/final-health-kit';

/**
 * A keepalived lab's final health: its own facts when the reading has them;
 * without them the shared facts and one row that says keepalived's part was
 * not recorded, never another system's wording.
 */
export function keepalivedFinalHealthRows(h: FinalHealth): HealthRow[] {
  if (h.keepalived) return keepalivedRowsOf(h, h.keepalived);
  return unrecordedRows(h, {
    masters: 'routers in MASTER',
    system: 'keepalived',
    systemName: 'keepalived',
  });
}

/**
 * keepalived wording: routers in MASTER, who holds the VIP and who answers
 * ARP for it, where the client's entry points, keepalived running, VRRP
 * states and virtual_router_ids (a mismatch = two VRRP groups).
 */
function keepalivedRowsOf(h: FinalHealth, k: KeepalivedFinalHealth): HealthRow[] {
  const master = h.masters.length === 1 ? h.masters[0] : undefined;
  const states = Object.values(k.vrrpStates);
  const unread = Object.keys(k.unreadable ?? {});
  const running = [
    ...Object.entries(k.keepalivedRunning).map(([r, up]) => `${r}=${up ? 'yes' : 'NO'}`),
    ...unread.map((r) => `${r}=could not be read`),
  ];
  const vrids = new Set(Object.values(k.virtualRouterIds));
  const clientRead = k.clientUnreadable === undefined;
  // A router that could not be read makes a failed router row unknown, never "not healthy".
  const routers = (ok: boolean): boolean | 'unknown' =>
    ok || unread.length === 0 ? ok : 'unknown';
  const client = (value: string, ok: boolean): [string, boolean | 'unknown'] =>
    clientRead ? [value, routers(ok)] : ['could not be read', 'unknown'];
  return [
    [
      'routers in MASTER',
      h.masters.join(', ') || 'none',
      h.masters.length > 1 ? false : routers(master !== undefined && unread.length === 0),
      'masters',
    ],
    [
      'VIP on the interface of',
      k.vipHolders.join(', ') || 'nobody',
      k.vipHolders.length > 1 ? false : routers(only(k.vipHolders, master) && unread.length === 0),
      'vip-holders',
    ],
    [
      'MACs answering ARP for the VIP',
      ...client(k.arpAnswerers.join(', ') || 'nobody answers', only(k.arpAnswerers, master)),
      'arp-answerers',
    ],
    [
      "the client's ARP entry points at",
      ...client(
        k.neighbourRouter ?? 'no entry (or an unknown MAC)',
        k.neighbourRouter !== undefined && k.neighbourRouter === master,
      ),
      'neighbour',
    ],
    [
      'last GET answered by',
      ...client(
        k.httpResponder ?? 'no answer',
        k.httpResponder !== undefined && k.httpResponder === master,
      ),
      'http-responder',
    ],
    [
      'backups hearing the MASTER',
      caughtUp(h),
      routers(h.replicasCaughtUp.length >= h.replicasExpected),
      'replicas',
    ],
    [
      'keepalived running',
      running.join(' · ') || '—',
      Object.values(k.keepalivedRunning).some((up) => !up)
        ? false
        : routers(running.length > 0 && unread.length === 0),
      'keepalived-running',
    ],
    [
      'VRRP states',
      pairs(k.vrrpStates),
      routers(
        states.filter((x) => x === 'MASTER').length === 1 &&
          states.every((x) => x === 'MASTER' || x === 'BACKUP'),
      ),
      'vrrp-states',
    ],
    ['virtual_router_id', pairs(k.virtualRouterIds), vrids.size === 1, 'vrid'],
    [
      'one MASTER, its MAC alone for the VIP',
      h.coordinationOk ? 'yes' : unread.length || !clientRead ? 'not known' : 'no',
      h.coordinationOk || clientRead ? routers(h.coordinationOk) : 'unknown',
      'quorum-ok',
    ],
    ...leftovers(h),
  ];
}

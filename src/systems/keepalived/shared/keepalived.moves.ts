import { DOWN, FENCE, NONE, type MoveKinds } from '../../../shared/move-kinds';

/**
 * keepalived's own moves on a router: stop keepalived (a clean stop sends a
 * priority-0 advert and removes the VIP: a fence), start and restart it, and
 * announce the VIP (a gratuitous ARP from the router holding it).
 */
export const KEEPALIVED_MOVE_KINDS = {
  'stop-keepalived': { effect: FENCE, fits: ['router'] },
  'start-keepalived': { effect: NONE, fits: ['router'] },
  'restart-keepalived': { effect: DOWN, fits: ['router'] },
  'announce-vip': { effect: NONE, fits: ['router'] },
} satisfies Partial<MoveKinds>;

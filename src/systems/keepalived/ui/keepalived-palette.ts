import {
  DECLARE,
  PAUSE_RESUME,
  RESTART_CONTAINER,
  STOP_START,
  type NodeMove,
  type SystemPalette,
} from '../../../renderer/src/components/palette-kit';

/**
 * keepalived routers: keepalived itself (a clean stop is a fence: a
 * priority-0 advert and the VIP removed), the gratuitous ARP that moves
 * neighbours to this router, process moves, declare. No client isolation,
 * demote or export: a router holds no data.
 */
const ROUTER_MOVES: NodeMove[][] = [
  [
    {
      kind: 'stop-keepalived',
      label: 'Stop keepalived',
      title:
        'SIGTERM to keepalived: a priority-0 advert goes out and the VIP is removed; the router and its services stay (a fence)',
      tone: 'fence',
    },
    {
      kind: 'start-keepalived',
      label: 'Start keepalived',
      title: 'Start keepalived again: it starts in BACKUP and the election decides',
      tone: 'safe',
    },
    {
      kind: 'restart-keepalived',
      label: 'Restart keepalived',
      title: 'Stop then start keepalived (it comes back in BACKUP and the election decides)',
    },
  ],
  [
    {
      kind: 'announce-vip',
      label: 'Announce VIP',
      title:
        'Gratuitous ARP from this router: neighbours move their ARP entry for the VIP to it (refused if it does not hold the VIP)',
    },
  ],
  PAUSE_RESUME,
  [...STOP_START, RESTART_CONTAINER],
  [
    {
      ...DECLARE,
      title: 'Declare this router the one that must stay MASTER (graded)',
    },
  ],
];

/** The keepalived lab's client: process moves only (it watches the VIP; it is no fence). */
const VIP_CLIENT_MOVES: NodeMove[][] = [PAUSE_RESUME, [...STOP_START, RESTART_CONTAINER]];

/** keepalived's palette: the routers' moves and the client node's. */
export const keepalivedPalette: SystemPalette = {
  nodeMoves: { router: ROUTER_MOVES, 'vip-client': VIP_CLIENT_MOVES },
};

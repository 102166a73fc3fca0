import type { SystemEventLogLine } from '../../../shared/system-traits';

/** What the keepalived lab looked like at the end of a scenario (see FinalHealth.keepalived). */
export interface KeepalivedFinalHealth {
  /** Routers with the VIP on their interface (`ip addr`). */
  vipHolders: string[];
  /** The MACs the client saw answer ARP for the VIP, named by router (the MAC itself when no router's). */
  arpAnswerers: string[];
  /** The router the client's neighbour entry for the VIP points at (absent: no entry or an unknown MAC). */
  neighbourRouter?: string;
  /** The router that answered the client node's last HTTP GET of the VIP. */
  httpResponder?: string;
  /** Whether keepalived runs, per router. */
  keepalivedRunning: Record<string, boolean>;
  /** VRRP state per router as keepalived reports it (`unknown` = silent). */
  vrrpStates: Record<string, string>;
  /** virtual_router_id per router, from keepalived's own dump (a mismatch = two separate VRRP groups). */
  virtualRouterIds: Record<string, number>;
  /**
   * Routers whose state agent could not be read when the final health was
   * taken (router -> why, e.g. `timeout`). Such a router is unknown, not
   * negative: it is in no list above, has no `keepalivedRunning` or
   * `virtualRouterIds` entry, and its `vrrpStates` entry is `unreadable`.
   * Absent when every router was read.
   */
  unreadable?: Record<string, string>;
  /**
   * Why the client node could not be read (absent when it was): then
   * `arpAnswerers`, `neighbourRouter` and `httpResponder` are not known,
   * rather than empty.
   */
  clientUnreadable?: string;
}

/**
 * What a keepalived log line says happened on a router: it entered a VRRP
 * state (`entering-master`, `entering-backup`, `entering-fault`); as MASTER it
 * heard a lower-priority advert and forced a new election (the peer also
 * claims MASTER but cannot hear us); it heard a higher-priority advert and
 * steps down; sending its advert failed (a local firewall drops it);
 * keepalived started or stopped.
 */
export type KeepalivedLogEvent =
  | 'entering-master'
  | 'entering-backup'
  | 'entering-fault'
  | 'lower-priority-advert'
  | 'higher-priority-advert'
  | 'advert-send-error'
  | 'started'
  | 'stopped';

/** How each keepalived log event reads, in the run view's event list and the debrief's timeline. */
export const KEEPALIVED_EVENT_WORDS: Readonly<Record<KeepalivedLogEvent, string>> = {
  'entering-master': 'entering MASTER',
  'entering-backup': 'entering BACKUP',
  'entering-fault': 'entering FAULT',
  'lower-priority-advert': 'lower-priority advert: forcing election',
  'higher-priority-advert': 'higher-priority advert',
  'advert-send-error': 'advert send error',
  started: 'keepalived started',
  stopped: 'keepalived stopped',
};

/** A line of a router's keepalived log that marks a state change or a VRRP tell (see KeepalivedLogEvent): a run event. */
export interface KeepalivedEventBody {
  kind: 'keepalived-event';
  node: string;
  event: KeepalivedLogEvent;
  line: string;
}

/** keepalived's part of a scenario's FinalHealth. */
export interface KeepalivedFinalHealthPart {
  /**
   * keepalived lab only. The common fields of FinalHealth mean here: `masters` =
   * routers in VRRP state MASTER; `replicasCaughtUp` = routers in BACKUP,
   * without the VIP, whose adverts-received counter rose while the final
   * health was read (they hear the master); `replicasExpected` = 1;
   * `coordinatorViews` = the client node's neighbour entry (`client` -> the
   * router its MAC belongs to, `?` when none); `coordinationOk` = one MASTER
   * holds the VIP and its MAC is the only one answering ARP for it.
   */
  keepalived?: KeepalivedFinalHealth;
}

/** keepalived log events worth a warning in the run log. */
const KEEPALIVED_WARNINGS: ReadonlySet<string> = new Set([
  'lower-priority-advert',
  'advert-send-error',
  'entering-fault',
  'stopped',
]);

/** How a keepalived event reads in the run log. */
export function keepalivedEventLogLine(e: KeepalivedEventBody): SystemEventLogLine {
  return {
    level: KEEPALIVED_WARNINGS.has(e.event) ? 'warn' : 'info',
    text: `${e.node} keepalived: ${e.event} — ${e.line}`,
  };
}

/** The reading fields of the keepalived lab's nodes (a router, the client node): part of NodeObservation. */
export interface KeepalivedObservation {
  /**
   * keepalived lab, router: the VRRP state keepalived reports for the
   * instance (`MASTER`, `BACKUP`, `FAULT`, `INIT`), from its JSON dump
   * (SIGRTMIN+2), or from the notify script when the dump did not come.
   */
  vrrpState?: string;
  /** keepalived lab, router: the last state keepalived passed to the notify script. */
  notifyState?: string;
  /** keepalived lab, router: whether the VIP is configured on its interface (`ip addr`). */
  vipHeld?: boolean;
  /** keepalived lab, router: the MAC address of its lab interface (what it answers ARP with). */
  mac?: string;
  /** keepalived lab, router: effective VRRP priority (1-255). */
  vrrpPriority?: number;
  /** keepalived lab, router: VRRP adverts received since keepalived started (counter). */
  advertsReceived?: number;
  /** keepalived lab, router: VRRP adverts sent since keepalived started (counter). */
  advertsSent?: number;
  /**
   * keepalived lab, client: the distinct MAC addresses that answered one ARP
   * request for the VIP (`arping`), sorted. One = healthy; two = two routers
   * hold the VIP (dual master); none = nobody holds it.
   */
  vipArpMacs?: string[];
  /** keepalived lab, client: the routers owning `vipArpMacs`, same order (the MAC itself when it is no router's). */
  vipArpNodes?: string[];
  /**
   * keepalived lab, client: its neighbour (ARP cache) entry for the VIP
   * (`ip neigh`): the MAC, the router owning it, and the kernel's state
   * (`REACHABLE`, `STALE`, `FAILED`...). Absent when there is no entry.
   */
  vipNeighbour?: { mac?: string; node?: string; state: string };
  /** keepalived lab, client: the router that answered its latest HTTP GET of the VIP (absent: no answer). */
  vipHttpResponder?: string;
}

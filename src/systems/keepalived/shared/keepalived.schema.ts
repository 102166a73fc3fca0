import { z } from 'zod';
import {
  withValueDocs,
  nodeName,
  faultId,
  faultDuration,
  faultTimingSchema,
  type TraineeSettingForm,
} from '../../../shared/schema-parts';

/**
 * keepalived's own parts of the scenario file format: its lab settings, its
 * fault kinds (block-vrrp, kill-keepalived, vrrp-config) and its moves on a
 * router (stop/start/restart-keepalived, announce-vip).
 */

/**
 * Settings of the keepalived (VRRP) lab a scenario may set (see
 * src/systems/keepalived/engine/lab/keepalived-config.ts). A misconfigured pair is made
 * with a `vrrp-config` fault, not here, so the lab always starts healthy.
 */
export const keepalivedSettingsSchema = z
  .object({
    /** How adverts travel: `multicast` to 224.0.0.18 (VRRP's default) or `unicast` to the peer's address. */
    transport: withValueDocs(
      z.enum(['multicast', 'unicast']),
      'keepalived lab: how VRRP adverts travel between the two routers; default multicast.',
      {
        multicast: "Adverts go to VRRP's multicast group 224.0.0.18 (VRRP's default).",
        unicast: "Each router sends its adverts from its own address straight to its peer's.",
      },
    ).optional(),
    /** Seconds between two adverts of the MASTER (`advert_int`). */
    advertIntSeconds: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe(
        'keepalived lab: seconds between two adverts of the MASTER (advert_int), 1-10; default 1. A BACKUP that hears none for about 3 × this becomes MASTER.',
      ),
    /** A BACKUP with a higher priority does not take over from a running MASTER. */
    nopreempt: z
      .boolean()
      .optional()
      .describe(
        "keepalived lab: keepalived's nopreempt: a BACKUP with a higher priority does not take over from a running MASTER. Default false.",
      ),
    /** VRRP priority of router-1 and router-2 (1-254; default 150 and 100). */
    routerPriorities: z
      .tuple([
        z.number().int().min(1).max(254).describe("router-1's VRRP priority, 1-254 (default 150)."),
        z.number().int().min(1).max(254).describe("router-2's VRRP priority, 1-254 (default 100)."),
      ])
      .optional()
      .describe(
        'keepalived lab: the VRRP priorities of router-1 and router-2, each 1-254 (higher wins the election); default [150, 100]. Without authoritative, right-router-kept expects the higher one to end as MASTER.',
      ),
  })
  .strict()
  .describe('Settings of the keepalived (VRRP) lab; the lab always starts healthy.');
export type KeepalivedSettingsInput = z.infer<typeof keepalivedSettingsSchema>;

/**
 * keepalived lab: drop VRRP (IP protocol 112) in the routers' own network
 * namespaces, like a host firewall or a bad cable would. `inbound`: the
 * router no longer hears adverts (it is deaf); `outbound`: its adverts no
 * longer leave (it is mute); `both`. Unicast adverts are VRRP too and are
 * dropped alike. Revert removes the rules; a restarted router gets them back.
 */
export const blockVrrpFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('block-vrrp')
      .describe(
        "keepalived lab: drops VRRP (IP protocol 112, multicast and unicast adverts alike) in the routers' own network namespaces, like a host firewall or a bad cable would. The revert removes the rules; a restarted router gets them back.",
      ),
    nodes: z
      .array(nodeName)
      .min(1)
      .max(2)
      .describe('The routers that drop VRRP: router-1, router-2, or both.'),
    direction: withValueDocs(
      z.enum(['both', 'inbound', 'outbound']),
      'What each listed router drops; default both.',
      {
        both: 'The router neither hears nor sends adverts.',
        inbound:
          'The router no longer hears adverts (it is deaf): it becomes MASTER after about 3 × advert_int.',
        outbound: 'Its adverts no longer leave (it is mute): its peer becomes MASTER.',
      },
    ).default('both'),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict();

/**
 * keepalived lab: `kill -9` of keepalived on a router. Unlike a clean stop it
 * sends no priority-0 advert and leaves the VIP on the interface, where the
 * kernel keeps answering ARP for it. Revert starts keepalived again.
 */
export const killKeepalivedFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('kill-keepalived')
      .describe(
        'keepalived lab: kill -9 of keepalived on a router. Unlike a clean stop it sends no priority-0 advert and leaves the VIP on the interface, where the kernel keeps answering ARP for it; the revert starts keepalived again.',
      ),
    node: nodeName.describe('The router (router-1 or router-2) whose keepalived is killed.'),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict();

/**
 * keepalived lab: a bad configuration pushed to one router (its
 * keepalived.conf rewritten, keepalived reloaded with SIGHUP): another
 * `virtualRouterId` or `authPass` than its peer's (the two no longer accept
 * each other's adverts and both become MASTER), or another `priority`.
 * Revert puts the router's own configuration back and reloads.
 */
export const vrrpConfigFaultSchema = z
  .object({
    id: faultId,
    kind: z
      .literal('vrrp-config')
      .describe(
        "keepalived lab: a bad configuration pushed to one router (its keepalived.conf rewritten, keepalived reloaded with SIGHUP). Set at least one of virtualRouterId, authPass and priority to a value that changes it; the revert puts the router's own file back and reloads.",
      ),
    node: nodeName.describe('The router (router-1 or router-2) that gets the bad configuration.'),
    virtualRouterId: z
      .number()
      .int()
      .min(1)
      .max(255)
      .optional()
      .describe(
        "The virtual_router_id pushed, 1-255 (the lab's is 51): with another id than its peer's, the two ignore each other's adverts and both become MASTER. Absent: unchanged.",
      ),
    /** A VRRPv2 password (1-8 characters), or null for no authentication. */
    authPass: z
      .union([z.string().regex(/^[A-Za-z0-9_.-]{1,8}$/, '1-8 characters'), z.null()])
      .optional()
      .describe(
        "The VRRPv2 password pushed (auth_pass: 1-8 letters, digits, _ . or -; the lab's is dojo), or null to remove authentication: with another one than its peer's, the two drop each other's adverts. Absent: unchanged.",
      ),
    priority: z
      .number()
      .int()
      .min(1)
      .max(254)
      .optional()
      .describe(
        'The VRRP priority pushed, 1-254 (the lab gives router-1 150 and router-2 100 unless routerPriorities says otherwise): changes who wins the election. Absent: unchanged.',
      ),
    at: faultTimingSchema,
    duration: faultDuration,
  })
  .strict();

/**
 * keepalived: stop keepalived on a router (SIGTERM: a priority-0 advert goes
 * out and the VIP is removed); the router and its services stay. A fence.
 */
export const stopKeepalivedActionSchema = z
  .object({
    kind: z
      .literal('stop-keepalived')
      .describe(
        'keepalived: stops keepalived on a router (SIGTERM: a priority-0 advert goes out and the VIP is removed); the router and its services stay. A fence.',
      ),
    node: nodeName.describe('The router (router-1 or router-2).'),
  })
  .strict();

/** keepalived: start keepalived on a router again (it starts in BACKUP and the election decides). */
export const startKeepalivedActionSchema = z
  .object({
    kind: z
      .literal('start-keepalived')
      .describe(
        'keepalived: starts keepalived on a router again; it starts in BACKUP and the election decides.',
      ),
    node: nodeName.describe('The router (router-1 or router-2).'),
  })
  .strict();

/** keepalived: stop then start keepalived on a router. */
export const restartKeepalivedActionSchema = z
  .object({
    kind: z
      .literal('restart-keepalived')
      .describe('keepalived: stops then starts keepalived on a router.'),
    node: nodeName.describe('The router (router-1 or router-2).'),
  })
  .strict();

/**
 * keepalived: the router announces the VIP with gratuitous ARP (`arping -U`),
 * so neighbours whose ARP entry still points at another MAC move to this
 * one. Refused on a router that does not hold the VIP.
 */
export const announceVipActionSchema = z
  .object({
    kind: z
      .literal('announce-vip')
      .describe(
        'keepalived: the router announces the VIP with gratuitous ARP (arping -U), so neighbours whose ARP entry still points at another MAC move to this one. Refused on a router without the VIP.',
      ),
    node: nodeName.describe('The router that holds the VIP (router-1 or router-2).'),
  })
  .strict();

/** keepalived's own tells (scenario `tells`), each with its description. */
export const KEEPALIVED_TELL_DOCS = {
  'vrrp-states': "keepalived lab: each router's VRRP state over time.",
  'vip-holders': 'keepalived lab: which routers have the VIP on their interface.',
  'arp-macs':
    "keepalived lab: the MACs answering ARP for the VIP, and the client's neighbour entry for it.",
  'http-responders':
    "keepalived lab: which router (through which MAC) answered the client's requests through the VIP.",
  adverts: 'keepalived lab: VRRP adverts received and sent per router.',
  'keepalived-events':
    "keepalived lab: keepalived's log events (entering MASTER, lower-priority advert, send error...).",
} as const;

/** keepalived's own grading checks (scenario `grading.checks`), each with its description. */
export const KEEPALIVED_CHECK_DOCS = {
  'dual-master-ended':
    'keepalived: the dual master (two routers in MASTER, or two MACs answering ARP for the VIP) ended and did not come back, graded by how soon after the first tell, in the time bands (timeBands).',
  'right-router-kept':
    "keepalived: the scenario's authoritative router (else the higher priority) is the only one left in MASTER, nothing stopped, froze or restarted it, and no declare-authoritative named another router.",
  'client-traffic-settled':
    "keepalived: once the split ended, the requests through the VIP settled on the final master's MAC, none failing, and the client's neighbour entry points at it; time bands count from the end of the split.",
  'requests-failed':
    'keepalived: requests through the VIP sent from the first fault on that failed or timed out, in the bands lostBands (default [10, 40] requests).',
} as const;

/** keepalived's part of the scenario format, as the shared registry (system-traits.ts) composes it. */
export const keepalivedSchemaParts = {
  summary:
    'keepalived (VRRP): router-1 and router-2 sharing a virtual IP and serving HTTP on it, and a client node that watches the VIP.',
  settings: keepalivedSettingsSchema,
  settingOrder: {},
  traineeSettings: {} satisfies Record<string, TraineeSettingForm>,
  clientModes: {
    'http-session':
      "HTTP GETs of the VIP over one keep-alive connection, reused like an app's connection pool; a reset or timeout ends it and the next request opens a new one.",
    'http-oneshot':
      "a new TCP connection per request, so each one goes wherever the client's ARP entry for the VIP points now.",
  },
  faults: [blockVrrpFaultSchema, killKeepalivedFaultSchema, vrrpConfigFaultSchema] as const,
  actions: [
    stopKeepalivedActionSchema,
    startKeepalivedActionSchema,
    restartKeepalivedActionSchema,
    announceVipActionSchema,
  ] as const,
  checkDocs: KEEPALIVED_CHECK_DOCS,
  tellDocs: KEEPALIVED_TELL_DOCS,
};

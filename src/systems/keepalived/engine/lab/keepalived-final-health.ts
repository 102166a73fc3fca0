import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import type { FinalHealth, KeepalivedFinalHealth } from '../../../../shared/scenario-types';
import type { RouterState } from '../probes/keepalived-router.probe';
import { singleMaster } from './keepalived-readiness';

/**
 * How far apart the two samples of the final health are, ms: more than one
 * advert interval (1 s), so a BACKUP that hears the MASTER shows its
 * adverts-received counter rise between them.
 */
export const ADVERT_WATCH_MS = 1500;

/** What the keepalived lab's final health is read from. */
export interface KeepalivedHealthReadings {
  /** A sample taken ADVERT_WATCH_MS before `after`. */
  before: ProbeSample;
  /** The latest sample: everything but the adverts' rise is read from it. */
  after: ProbeSample;
  /** Each router's agent answer at `after` (undefined: it did not answer). */
  routerStates: Record<string, RouterState | undefined>;
  /** Routers that should hear the MASTER (1 in the lab). */
  replicasExpected: number;
}

/**
 * Whether a router was read at the end: its agent answered (an observation
 * `unreachable`, or no agent answer, is a router that could not be read:
 * unknown, never "keepalived not running").
 */
function wasRead(n: NodeObservation, state: RouterState | undefined): boolean {
  return n.state !== 'unreachable' && state !== undefined;
}

/**
 * The keepalived lab's final health (see FinalHealth.keepalived for what the
 * common fields mean here). `replicasCaughtUp` = routers in BACKUP
 * without the VIP whose adverts-received counter rose from `before` to
 * `after` (a counter above 0 only says they once heard one);
 * `virtualRouterIds` from each router's config file on disk, which a config
 * push may have rewritten (keepalived's own dump when the file gave none);
 * `keepalivedRunning` false for a router whose agent answered without a
 * keepalived process. A router whose agent did not answer is `unreadable`
 * (with why) and left out of every other list; a client that did not answer
 * is `clientUnreadable`. Pure.
 */
export function keepalivedFinalHealth(
  r: KeepalivedHealthReadings,
): Omit<FinalHealth, 'activeFaults' | 'activeFences'> {
  const all = r.after.nodes.filter((n) => n.kind === 'router');
  const unreadable = Object.fromEntries(
    all
      .filter((n) => !wasRead(n, r.routerStates[n.node]))
      .map((n) => [n.node, n.error ?? 'no answer']),
  );
  const routers = all.filter((n) => !(n.node in unreadable));
  const received = new Map(
    r.before.nodes.filter((n) => n.kind === 'router').map((n) => [n.node, n.advertsReceived]),
  );
  const hearsMaster = (node: string, now: number | undefined): boolean => {
    const then = received.get(node);
    return now !== undefined && then !== undefined && now > then;
  };
  const master = singleMaster(r.after);
  const seen = r.after.nodes.find((n) => n.kind === 'vip-client');
  const client = seen?.role === 'client' ? seen : undefined;
  const routerNames = new Set(routers.map((n) => n.node));
  const neighbourRouter = client?.vipNeighbour?.node;
  const keepalived: KeepalivedFinalHealth = {
    vipHolders: routers.filter((n) => n.vipHeld === true).map((n) => n.node),
    arpAnswerers: client?.vipArpNodes ?? client?.vipArpMacs ?? [],
    ...(neighbourRouter !== undefined && routerNames.has(neighbourRouter)
      ? { neighbourRouter }
      : {}),
    ...(client?.vipHttpResponder !== undefined ? { httpResponder: client.vipHttpResponder } : {}),
    keepalivedRunning: Object.fromEntries(
      routers.map((n) => [n.node, r.routerStates[n.node]?.keepalivedRunning ?? false]),
    ),
    vrrpStates: Object.fromEntries(
      all.map((n) => [n.node, n.node in unreadable ? 'unreadable' : (n.vrrpState ?? 'unknown')]),
    ),
    virtualRouterIds: Object.fromEntries(
      routers.flatMap((n) => {
        const s = r.routerStates[n.node];
        const id = s?.configVrid ?? s?.instance?.virtualRouterId;
        return id === undefined ? [] : [[n.node, id]];
      }),
    ),
    ...(Object.keys(unreadable).length > 0 ? { unreadable } : {}),
    ...(seen && !client ? { clientUnreadable: seen.error ?? 'no answer' } : {}),
  };
  return {
    masters: routers.filter((n) => n.role === 'master').map((n) => n.node),
    replicasCaughtUp: routers
      .filter(
        (n) =>
          n.vrrpState === 'BACKUP' && n.vipHeld === false && hearsMaster(n.node, n.advertsReceived),
      )
      .map((n) => n.node),
    replicasExpected: r.replicasExpected,
    coordinatorViews: client ? { [client.node]: client.vipNeighbour?.node ?? '?' } : {},
    coordinationOk:
      master?.mac !== undefined &&
      client?.vipArpMacs?.length === 1 &&
      client.vipArpMacs[0] === master.mac,
    settingsReadBack: {},
    keepalived,
  };
}

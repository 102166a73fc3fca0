import type { ProbeSample } from '../../../shared/lab-types';
import type { FinalHealth, KeepalivedFinalHealth } from '../../../shared/scenario-types';
import type { SystemGrading } from '../../../core/grading/system-grading';
import { mastersClaimedTell } from '../../../core/grading/tell';
import { clientTrafficSettled } from './client-traffic-settled.check';
import { dualMasterEnded } from './dual-master-ended.check';
import {
  authoritativeRouter,
  findSplitEnd,
  routerMacs,
  routersInMaster,
  vipMacOwnersOf,
  vipMacsOf,
} from './keepalived-facts';
import {
  keepalivedHealthProblems,
  keepalivedHealthySentence,
  keepalivedUnknownSentence,
  keepalivedUnread,
} from './keepalived-health';
import { requestsFailed } from './requests-failed.check';
import { rightRouterKept } from './right-router-kept.check';

/** The keepalived part of a final health; an empty one when a history lacks it. */
function partOf(h: FinalHealth): KeepalivedFinalHealth {
  return (
    h.keepalived ?? {
      vrrpStates: {},
      vipHolders: [],
      arpAnswerers: [],
      keepalivedRunning: {},
      virtualRouterIds: {},
    }
  );
}

/** keepalived: the first router in MASTER from `from` on that is not `before` (the master before the fault). */
function rogueRouter(
  samples: readonly ProbeSample[],
  from: number,
  before: string | undefined,
): string | undefined {
  for (const s of samples) {
    if (s.t < from) continue;
    const rogue = routersInMaster(s).find((r) => r !== before);
    if (rogue) return rogue;
  }
  return undefined;
}

/**
 * keepalived's part of grading: its own checks (dual-master-ended,
 * right-router-kept, client-traffic-settled, requests-failed), its tells
 * (two routers in VRRP MASTER, then two MACs answering ARP for the VIP), the
 * dual master's facts (the rogue router, when the split ended, the router
 * that must stay MASTER, router MACs) and final health (see
 * keepalived-health.ts). The routers elect among themselves: no
 * coordinators. Pure.
 */
export const keepalivedGrading: SystemGrading = {
  checks: {
    'dual-master-ended': dualMasterEnded,
    'right-router-kept': rightRouterKept,
    'client-traffic-settled': clientTrafficSettled,
    'requests-failed': requestsFailed,
  },
  coordinatorKinds: [],
  coordinatorChoice: () => undefined,
  tellIn(s, _staleLeader, { kinds }) {
    const claimed = kinds.includes('masters-claimed')
      ? mastersClaimedTell(s, (m) => `${m.join(' and ')} are both in VRRP state MASTER`)
      : undefined;
    if (claimed) return claimed;
    if (!kinds.includes('vip-macs') || vipMacsOf(s).length < 2) return undefined;
    return {
      at: s.t,
      kind: 'vip-macs',
      detail: `${vipMacsOf(s).length} MACs answer ARP for the VIP (${vipMacOwnersOf(s).join(', ')})`,
    };
  },
  dualMaster({ scenario, settings, samples, tellAt, masterBefore }) {
    const rogue = tellAt !== undefined ? rogueRouter(samples, tellAt, masterBefore) : undefined;
    const splitEndedAt = tellAt !== undefined ? findSplitEnd(samples, tellAt) : undefined;
    const authoritative = authoritativeRouter(scenario, settings);
    return {
      ...(rogue ? { rogue } : {}),
      ...(splitEndedAt !== undefined ? { splitEndedAt } : {}),
      ...(authoritative ? { authoritative } : {}),
      routerMacs: routerMacs(samples),
    };
  },
  health: {
    problems: (h) => keepalivedHealthProblems(h, partOf(h)),
    unread: (h) => keepalivedUnread(partOf(h)),
    healthy: (h) => keepalivedHealthySentence(h, partOf(h)),
    unknown: (h, answeredBy) => keepalivedUnknownSentence(partOf(h), answeredBy),
    figures: (h): Record<string, number> =>
      h.keepalived
        ? {
            vipHolders: h.keepalived.vipHolders.length,
            arpAnswerers: h.keepalived.arpAnswerers.length,
          }
        : {},
  },
};

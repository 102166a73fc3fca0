import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';

/**
 * Probe observations of a healthy keepalived lab, for pure tests: router-1
 * MASTER holding the VIP, router-2 BACKUP hearing it, the client node seeing
 * router-1's MAC only. Each builder takes overrides.
 */
export const MAC1 = '02:42:0a:09:08:0b';
export const MAC2 = '02:42:0a:09:08:0c';

/** A running router that is not MASTER unless `over` says so. */
export const routerObs = (
  name: string,
  mac: string,
  over: Partial<NodeObservation> = {},
): NodeObservation => ({
  node: name,
  kind: 'router',
  role: 'replica',
  state: 'running',
  mac,
  ...over,
});

/** router-1 in MASTER with the VIP, sending adverts. */
export const masterObs = (over: Partial<NodeObservation> = {}): NodeObservation =>
  routerObs('router-1', MAC1, {
    role: 'master',
    vrrpState: 'MASTER',
    vipHeld: true,
    advertsSent: 5,
    advertsReceived: 0,
    ...over,
  });

/** router-2 in BACKUP without the VIP, having heard 5 adverts. */
export const backupObs = (over: Partial<NodeObservation> = {}): NodeObservation =>
  routerObs('router-2', MAC2, {
    vrrpState: 'BACKUP',
    vipHeld: false,
    advertsReceived: 5,
    advertsSent: 0,
    ...over,
  });

/** The client node: one MAC (router-1's) for the VIP, its neighbour entry and HTTP on router-1. */
export const vipClientObs = (over: Partial<NodeObservation> = {}): NodeObservation => ({
  node: 'client',
  kind: 'vip-client',
  role: 'client',
  state: 'running',
  vipArpMacs: [MAC1],
  vipArpNodes: ['router-1'],
  vipNeighbour: { mac: MAC1, node: 'router-1', state: 'REACHABLE' },
  vipHttpResponder: 'router-1',
  ...over,
});

/** A sample of these nodes at `t` (ms), with the MASTER and unknown counts of its routers. */
export function keepalivedSample(nodes: NodeObservation[], t = 1): ProbeSample {
  const routers = nodes.filter((n) => n.kind === 'router');
  return {
    t,
    nodes,
    mastersClaimed: routers.filter((n) => n.role === 'master').length,
    unknownNodes: routers.filter((n) => n.role === 'unknown').length,
  };
}

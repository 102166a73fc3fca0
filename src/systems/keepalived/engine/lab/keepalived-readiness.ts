import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';

type Condition = ReadinessStatus['conditions'][number];

/** Topology a healthy keepalived lab must show. */
export interface ExpectedKeepalivedTopology {
  /** Router node names. */
  routers: string[];
  /** The router that must win the election (highest priority), when one must. */
  expectedMaster?: string;
  /** The client node's name. */
  client: string;
}

function describeRouter(n: NodeObservation): string {
  if (n.role === 'unknown') return `${n.node}: ${n.error ?? 'no answer'}`;
  return `${n.node}: ${n.vrrpState ?? '?'}${n.vipHeld ? ' (holds VIP)' : ''}`;
}

/**
 * The single MASTER of a sample: the one router keepalived reports in state
 * MASTER, holding the VIP, while every other router answers, is not MASTER
 * and does not hold the VIP. Undefined otherwise.
 */
export function singleMaster(sample: ProbeSample): NodeObservation | undefined {
  const routers = sample.nodes.filter((n) => n.kind === 'router');
  const masters = routers.filter((n) => n.role === 'master');
  const master = masters[0];
  if (masters.length !== 1 || !master || master.vipHeld !== true) return undefined;
  const othersClean = routers.every(
    (n) => n === master || (n.role === 'replica' && n.vipHeld === false),
  );
  return othersClean ? master : undefined;
}

/**
 * Judges readiness from one probe sample. keepalived is silent about a
 * router that cannot send or receive VRRP (without NET_RAW it stays BACKUP
 * forever), so "up" is judged from what happened, not from processes:
 * every router answers; exactly one is MASTER and holds the VIP (the
 * expected one, when given) while the others are BACKUP without it; each
 * BACKUP has received the MASTER's adverts; and the client, from inside the
 * lab network, gets ARP answers for the VIP from exactly one MAC (the
 * MASTER's), its neighbour entry points there, and HTTP through the VIP is
 * answered by the MASTER.
 */
export function judgeKeepalivedReadiness(
  sample: ProbeSample,
  expected: ExpectedKeepalivedTopology,
): ReadinessStatus {
  const routers = sample.nodes.filter((n) => n.kind === 'router');
  const answering = routers.filter((n) => n.role !== 'unknown');
  const conditions: Condition[] = [
    {
      name: `${expected.routers.length} routers answer`,
      ok:
        routers.length === expected.routers.length && answering.length === expected.routers.length,
      detail: routers.map(describeRouter).join('; ') || 'no router probed yet',
    },
  ];
  const masters = routers.filter((n) => n.role === 'master');
  const master = singleMaster(sample);
  conditions.push({
    name: 'exactly one MASTER, holding the VIP',
    ok: master !== undefined && answering.length === routers.length,
    detail:
      masters.length === 0
        ? `no MASTER yet (${routers.map(describeRouter).join('; ')})`
        : routers.map(describeRouter).join('; '),
  });
  if (expected.expectedMaster !== undefined) {
    conditions.push({
      name: `${expected.expectedMaster} (highest priority) is MASTER`,
      ok: master?.node === expected.expectedMaster,
      detail: master ? `${master.node} is MASTER` : 'no single MASTER',
    });
  }
  const backups = routers.filter((n) => n !== master);
  const deaf = backups.filter((n) => (n.advertsReceived ?? 0) === 0).map((n) => n.node);
  conditions.push({
    name: 'BACKUP hears the MASTER',
    ok: master !== undefined && backups.length > 0 && deaf.length === 0,
    detail: backups
      .map((n) => `${n.node}: ${n.advertsReceived ?? '?'} adverts received`)
      .join('; '),
  });
  const client = sample.nodes.find((n) => n.node === expected.client);
  const macs = client?.vipArpMacs ?? [];
  conditions.push({
    name: 'client sees one MAC for the VIP: the MASTER',
    ok:
      master?.mac !== undefined &&
      client?.role === 'client' &&
      macs.length === 1 &&
      macs[0] === master.mac,
    detail: !client
      ? 'client not probed yet'
      : client.role !== 'client'
        ? `client: ${client.error ?? 'no answer'}`
        : `ARP answered by ${
            macs.length === 0
              ? 'nobody'
              : macs.map((m, i) => `${m} (${client.vipArpNodes?.[i] ?? '?'})`).join(', ')
          }`,
  });
  const neighbour = client?.vipNeighbour;
  conditions.push({
    name: 'client reaches the MASTER through the VIP',
    ok:
      master !== undefined &&
      client?.vipHttpResponder === master.node &&
      neighbour?.mac !== undefined &&
      neighbour.mac === master.mac,
    detail: client
      ? `HTTP answered by ${client.vipHttpResponder ?? 'nobody'}; neighbour entry ${
          neighbour ? `${neighbour.mac ?? 'none'} ${neighbour.state}` : 'none'
        }`
      : 'client not probed yet',
  });
  return { ready: conditions.every((c) => c.ok), conditions };
}

/**
 * How long a node's last readable reading stands in for a read that got no
 * answer during readiness, ms: a few probe ticks, far less than the time
 * a lab gets to be ready.
 */
export const READINESS_CARRY_MS = 5000;

/**
 * Whether a reading is unreadable rather than negative: the node's agent
 * did not answer (timeout, refused), or the client's own reading was stale.
 * A router that answered without keepalived is a reading, and not ready.
 */
function unreadable(n: NodeObservation): boolean {
  return n.role === 'unknown' && (n.state === 'unreachable' || n.kind === 'vip-client');
}

/**
 * Readiness readings that tolerate unreadable probes: an unreadable read is
 * a retry, not a negative. `fill` remembers each node's latest readable
 * observation and returns the sample with every unreadable node replaced by
 * its last readable observation when that is at most `carryMs` old; older
 * or never read, the node stays unknown (and the lab not ready).
 */
export class ReadinessReadings {
  private readonly last = new Map<string, { t: number; obs: NodeObservation }>();

  constructor(private readonly carryMs: number = READINESS_CARRY_MS) {}

  /** The sample as readiness judges it (see the class). */
  fill(sample: ProbeSample): ProbeSample {
    const nodes = sample.nodes.map((n) => {
      if (!unreadable(n)) {
        this.last.set(n.node, { t: sample.t, obs: n });
        return n;
      }
      const kept = this.last.get(n.node);
      return kept && sample.t - kept.t <= this.carryMs ? kept.obs : n;
    });
    const routers = nodes.filter((n) => n.kind === 'router');
    return {
      ...sample,
      nodes,
      mastersClaimed: routers.filter((n) => n.role === 'master').length,
      unknownNodes: routers.filter((n) => n.role === 'unknown').length,
    };
  }
}

import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';
import type { FinalHealth } from '../../../../shared/scenario-types';
import { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';
import {
  fetchRouterState,
  observeRouterRead,
  type RouterStateRead,
} from '../probes/keepalived-router.probe';
import { readVipClient } from '../probes/vip-client.probe';
import {
  hostIpInSubnet,
  type LabDefinition,
  type LabNetwork,
  type LabNodePlan,
  type LabPlan,
  type RunningNode,
} from '../../../../core/labs/lab-definition';
import { NodeObserver } from '../../../../core/labs/node-observer';
import {
  AGENT_PORT,
  CLIENT_ENTRYPOINT,
  CLIENT_ENV_PATH,
  DEFAULT_CLIENT_READING,
  DEFAULT_KEEPALIVED_SETTINGS,
  KEEPALIVED_CONFIG_PATH,
  RESPONDER_CONFIG_PATH,
  RESPONDER_PAGE_PATH,
  ROUTER_ENTRYPOINT,
  VIP_HOST,
  clientEnv,
  keepalivedConf,
  responderNginxConf,
  responderPage,
  validateKeepalivedSettings,
  type KeepalivedSettings,
} from './keepalived-config';
import { ADVERT_WATCH_MS, keepalivedFinalHealth } from './keepalived-final-health';
import { ReadinessReadings, judgeKeepalivedReadiness } from './keepalived-readiness';

export { keepalivedFinalHealth } from './keepalived-final-health';

const ROUTERS = 2;
/** Host numbers on the lab /24: routers .11-.12, the client .21; the VIP is VIP_HOST (.250). */
const ROUTER_HOST_BASE = 10;
const CLIENT_HOST = 21;
export const CLIENT_NODE = 'client';
/**
 * How many more times the final health's second sample is taken while a node
 * does not answer; retry k waits (k + 1) times the read budget, so a router
 * agent that is only slow on a busy machine (several labs at once) is read
 * rather than called unknown.
 */
const FINAL_HEALTH_RETRIES = 3;

/** Whether a node's agent did not answer in a sample (its reading is unknown, not negative). */
const unread = (n: NodeObservation): boolean => n.state === 'unreachable';
const MiB = 1024 * 1024;

/**
 * Capabilities of every node, and nothing more (all others are dropped):
 * NET_ADMIN to add the VIP and for iptables, NET_RAW for VRRP's raw socket
 * and arping (without it keepalived silently stays BACKUP forever), SETGID
 * for keepalived's notify scripts.
 */
export const KEEPALIVED_CAPS = ['NET_ADMIN', 'NET_RAW', 'SETGID'];

/** The router expected to win the election: the single highest priority, if there is one. */
export function expectedMaster(settings: KeepalivedSettings, names: string[]): string | undefined {
  const top = Math.max(...settings.routers.map((r) => r.priority));
  const winners = settings.routers.flatMap((r, i) => (r.priority === top ? [names[i]] : []));
  return winners.length === 1 ? winners[0] : undefined;
}

/**
 * keepalived (VRRP): two routers, MASTER priority 150 and BACKUP priority
 * 100 (advert_int 1), sharing a virtual IP on the lab network at host .250,
 * outside the range Docker assigns addresses from; each router serves an
 * HTTP responder (nginx, keep-alive) that answers with its own name. A client node on the
 * same network watches the VIP the way a switch does: which MACs answer ARP
 * for it, its neighbour entry, which router answers HTTP. Adverts go by
 * multicast or unicast (a lab setting). Everything starts at once (one
 * stage); router-1 wins the first election by priority.
 */
export function keepalivedLab(overrides: Partial<KeepalivedSettings> = {}): LabDefinition {
  const settings: KeepalivedSettings = { ...DEFAULT_KEEPALIVED_SETTINGS, ...overrides };
  validateKeepalivedSettings(settings);
  const routerNames = Array.from({ length: ROUTERS }, (_, i) => `router-${i + 1}`);
  const [p1, p2] = settings.routers.map((r) => r.priority);
  return {
    summary: {
      id: 'keepalived',
      title: 'keepalived — 2 VRRP routers sharing a VIP, 1 client',
      description:
        `Two keepalived 2.2 routers (priorities ${p1} and ${p2}, advert_int ` +
        `${settings.advertIntSeconds} s, ${settings.transport} adverts) share a virtual IP; ` +
        "each answers HTTP with its own name. A client on the same LAN shows the switch's view: " +
        'who answers ARP for the VIP and who serves its requests.',
      systems: ['keepalived 2.2', 'vrrp'],
      nodes: [...routerNames, CLIENT_NODE],
    },
    images: ['keepalived'],
    plan: (network) => planKeepalived(network, settings, routerNames),
    openObserver: () =>
      new KeepalivedObserver(routerNames, expectedMaster(settings, routerNames), ''),
  };
}

/** The VIP of a run's network. */
export function vipOf(network: LabNetwork): string {
  return network.hostIp(VIP_HOST);
}

function planKeepalived(
  network: LabNetwork,
  settings: KeepalivedSettings,
  routerNames: string[],
): LabPlan {
  const vip = vipOf(network);
  const prefix = Number(network.subnet.split('/')[1]);
  const routers = routerNames.map((name, i) => ({
    name,
    ip: network.hostIp(ROUTER_HOST_BASE + 1 + i),
  }));
  const common = {
    image: 'keepalived',
    stage: 0,
    probePorts: [AGENT_PORT],
    capDrop: ['ALL'],
    capAdd: KEEPALIVED_CAPS,
    memoryBytes: 64 * MiB,
  };
  const routerPlans: LabNodePlan[] = routers.map((r, i) => ({
    ...common,
    name: r.name,
    kind: 'router',
    ipv4: r.ip,
    cmd: [ROUTER_ENTRYPOINT, KEEPALIVED_CONFIG_PATH],
    files: [
      {
        path: KEEPALIVED_CONFIG_PATH,
        content: keepalivedConf(
          settings,
          i,
          r,
          routers.filter((p) => p !== r),
          vip,
          prefix,
        ),
      },
      { path: RESPONDER_CONFIG_PATH, content: responderNginxConf(r.name) },
      { path: RESPONDER_PAGE_PATH, content: responderPage(r.name) },
    ],
  }));
  const client: LabNodePlan = {
    ...common,
    name: CLIENT_NODE,
    kind: 'vip-client',
    ipv4: network.hostIp(CLIENT_HOST),
    cmd: [CLIENT_ENTRYPOINT, CLIENT_ENV_PATH],
    files: [{ path: CLIENT_ENV_PATH, content: clientEnv(vip, DEFAULT_CLIENT_READING) }],
  };
  return { nodes: [...routerPlans, client], stages: 1 };
}

/**
 * Reads a keepalived lab through one long-lived HTTP connection per node to
 * its agent's published loopback port: a router's agent answers with its
 * VRRP state (keepalived's JSON dump, notify state, `ip addr`), the client's
 * with its latest reading of the VIP from inside the network. No `docker
 * exec` per sample.
 */
class KeepalivedObserver extends NodeObserver<HttpProbeConnection> {
  protected override readonly dataKind = 'router';
  /** Router name by interface MAC, as last reported (kept when a router falls silent). */
  private readonly routerOfMac = new Map<string, string>();
  /** Each router's latest agent answer (for the final health's config and process readings). */
  private readonly lastRouterRead = new Map<string, RouterStateRead>();
  /** Readiness's readings: a node's probe that got no answer keeps its last reading a few seconds. */
  private readonly readinessReadings = new ReadinessReadings();
  private vip: string;

  constructor(
    private readonly routerNames: string[],
    private readonly expectedMaster: string | undefined,
    vip: string,
  ) {
    super();
    this.vip = vip;
  }

  override addNodes(nodes: RunningNode[]): void {
    super.addNodes(nodes);
    // The VIP is host VIP_HOST of the run's /24 (hostIpInSubnet's rule), whatever subnet the run got.
    const any = nodes[0];
    if (any && this.vip === '') this.vip = hostIpInSubnet(`${any.plan.ipv4}/24`, VIP_HOST);
  }

  protected override openConn(node: RunningNode): HttpProbeConnection | undefined {
    const port = node.hostPorts[AGENT_PORT];
    return port === undefined ? undefined : new HttpProbeConnection(port);
  }

  protected override closeConn(c: HttpProbeConnection): void {
    c.close();
  }

  protected override async readNode(
    node: RunningNode,
    timeoutMs: number,
  ): Promise<NodeObservation> {
    const c = this.conn(node);
    if (node.plan.kind !== 'router')
      return readVipClient(node.plan.name, c, timeoutMs, (mac) => this.routerOfMac.get(mac));
    const read = await fetchRouterState(c, timeoutMs);
    this.lastRouterRead.set(node.plan.name, read);
    return observeRouterRead(node.plan.name, read, this.vip);
  }

  /** A sample, with the client's MACs named after this very sample's routers. */
  override async sample(timeoutMs: number): Promise<ProbeSample> {
    const s = await super.sample(timeoutMs);
    for (const n of s.nodes) if (n.kind === 'router' && n.mac) this.routerOfMac.set(n.mac, n.node);
    for (const n of s.nodes) {
      if (n.kind !== 'vip-client') continue;
      if (n.vipArpMacs) n.vipArpNodes = n.vipArpMacs.map((m) => this.routerOfMac.get(m) ?? m);
      const nb = n.vipNeighbour;
      const owner = nb?.mac ? this.routerOfMac.get(nb.mac) : undefined;
      if (nb && owner) nb.node = owner;
    }
    return s;
  }

  override readiness(_stage: number, latest: ProbeSample): Promise<ReadinessStatus> {
    return Promise.resolve(
      judgeKeepalivedReadiness(this.readinessReadings.fill(latest), {
        routers: this.routerNames,
        client: CLIENT_NODE,
        ...(this.expectedMaster ? { expectedMaster: this.expectedMaster } : {}),
      }),
    );
  }

  /**
   * Final health from two samples ADVERT_WATCH_MS apart (does the BACKUP's
   * adverts-received counter rise?) and the routers' agent answers of the
   * second (see keepalivedFinalHealth). The second sample is taken again,
   * up to FINAL_HEALTH_RETRIES times with a longer budget each time, while a
   * node's agent does not answer; a node still silent then reads as
   * unreadable (unknown).
   */
  override async finalHealth(
    timeoutMs: number,
  ): Promise<Omit<FinalHealth, 'activeFaults' | 'activeFences'>> {
    const before = await this.sample(timeoutMs);
    await new Promise((r) => setTimeout(r, Math.max(0, before.t + ADVERT_WATCH_MS - Date.now())));
    let after = await this.sample(timeoutMs);
    // An unreadable node is a retry, not a reading: ask again before calling it unknown.
    for (let retry = 1; retry <= FINAL_HEALTH_RETRIES && after.nodes.some(unread); retry++)
      after = await this.sample(timeoutMs * (retry + 1));
    return keepalivedFinalHealth({
      before,
      after,
      routerStates: Object.fromEntries(
        this.routerNames.map((n) => [n, this.lastRouterRead.get(n)?.state]),
      ),
      replicasExpected: this.routerNames.length - 1,
    });
  }
}

import type { Debrief } from '../../../../shared/debrief-types';
import type { LabSummary, NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import type { Scenario, ScenarioSummary } from '../../../../shared/scenario-schema';
import type { WriteRecord } from '../../../../shared/scenario-types';
import { sample } from '../../../../renderer/src/test/fake-client';

export const KEEPALIVED_LAB: LabSummary = {
  id: 'keepalived',
  title: 'keepalived — 2 VRRP routers sharing a VIP, 1 client',
  description:
    'Two keepalived 2.2 routers share a virtual IP; a client on the same LAN watches it.',
  systems: ['keepalived 2.2', 'vrrp'],
  nodes: ['router-1', 'router-2', 'client'],
};

/** router-1's and router-2's MACs on the lab network. */
export const MAC_1 = '02:42:ac:1e:00:0b';
export const MAC_2 = '02:42:ac:1e:00:0c';

/** A dual-master scenario shaped like scenarios/keepalived/deaf-backup.yaml: router-2 goes deaf. */
export const DEAF_BACKUP: Scenario = {
  id: 'deaf-backup',
  system: 'keepalived',
  title: 'The split nobody feels',
  briefing: 'An internal API is reached through a VIP two keepalived routers share.',
  pattern: { id: 'FP-015', name: 'Stale Leader', family: 'Split Brain' },
  difficulty: 'beginner',
  minutes: 8,
  lab: { settings: { transport: 'multicast', advertIntSeconds: 1 }, traineeSettings: [] },
  workload: {
    rate: 20,
    timeout: '1s',
    clients: [
      { name: 'app-session', mode: 'http-session' },
      { name: 'app-oneshot', mode: 'http-oneshot' },
    ],
  },
  faults: [
    {
      id: 'hardening-drops-vrrp-in',
      kind: 'block-vrrp',
      nodes: ['router-2'],
      direction: 'inbound',
      at: { after: '5s' },
    },
  ],
  timeLimit: '60s',
  staleLeader: 'router-2',
  authoritative: 'router-1',
  tells: [
    'masters-claimed',
    'vrrp-states',
    'vip-holders',
    'arp-macs',
    'http-responders',
    'adverts',
    'keepalived-events',
    'writes-per-node',
    'ledger',
  ],
  grading: {
    passMark: 70,
    splitTells: ['masters-claimed', 'vip-macs'],
    checks: [
      { check: 'dual-master-ended', weight: 25, params: { withinSeconds: 20 } },
      { check: 'right-router-kept', weight: 20, params: {} },
      { check: 'client-traffic-settled', weight: 15, params: {} },
      { check: 'requests-failed', weight: 10, params: { lostBands: [6, 20] } },
      { check: 'final-health', weight: 30, params: {} },
    ],
  },
  teaching: {
    shape: 'A backup that cannot hear the master promotes itself.',
    howItShows: 'Two routers in MASTER, both holding the VIP.',
    tell: 'One ARP request for the VIP is answered by two MACs.',
    misdiagnoses: [
      {
        looksLike: 'A network blip',
        butActually: 'Both routers still claim the address',
        howToTell: 'arping the VIP from the client: two MACs answer',
      },
    ],
    fix: {
      immediate: 'Stop keepalived on router-2, or remove the rule that drops incoming VRRP.',
      shortTerm: 'Check router-2 is BACKUP without the VIP.',
      longTerm: 'Allow IP protocol 112 in the firewall baseline.',
    },
    story: 'A VRRP pair showed two masters for days.',
  },
  hints: [],
  reference: [
    {
      since: 'hardening-drops-vrrp-in',
      after: '8s',
      do: { kind: 'heal', fault: 'hardening-drops-vrrp-in' },
      why: 'router-2 hears router-1 again and steps back to BACKUP.',
    },
    {
      since: 'hardening-drops-vrrp-in',
      after: '16s',
      do: { kind: 'announce-vip', node: 'router-1' },
    },
  ],
};

export const DEAF_BACKUP_SUMMARY: ScenarioSummary = {
  id: DEAF_BACKUP.id,
  system: DEAF_BACKUP.system,
  source: 'shipped',
  title: DEAF_BACKUP.title,
  briefing: DEAF_BACKUP.briefing,
  pattern: DEAF_BACKUP.pattern,
  difficulty: DEAF_BACKUP.difficulty,
  minutes: DEAF_BACKUP.minutes,
  traineeSettings: [],
};

/** A keepalived router as its probe reads it. */
export function routerNode(
  node: string,
  vrrpState: string,
  extra: Partial<NodeObservation> = {},
): NodeObservation {
  return {
    node,
    kind: 'router',
    role: vrrpState === 'MASTER' ? 'master' : 'replica',
    state: 'running',
    vrrpState,
    vipHeld: vrrpState === 'MASTER',
    mac: node === 'router-1' ? MAC_1 : MAC_2,
    vrrpPriority: node === 'router-1' ? 150 : 100,
    ...extra,
  };
}

/** The client watching the VIP: who answers ARP, its neighbour entry, who answered its GET. */
export function clientNode(
  arp: string[],
  neighbour: string | undefined,
  http: string | undefined,
): NodeObservation {
  const owner = (mac: string) => (mac === MAC_1 ? 'router-1' : mac === MAC_2 ? 'router-2' : mac);
  return {
    node: 'client',
    kind: 'vip-client',
    role: 'client',
    state: 'running',
    vipArpMacs: arp,
    vipArpNodes: arp.map(owner),
    ...(neighbour !== undefined
      ? { vipNeighbour: { mac: neighbour, node: owner(neighbour), state: 'REACHABLE' } }
      : {}),
    ...(http !== undefined ? { vipHttpResponder: http } : {}),
  };
}

/**
 * Healthy pair at `t`, `n` adverts in: router-1 MASTER sends one a second,
 * router-2 BACKUP receives them; only router-1's MAC answers for the VIP.
 */
export function kaHealthy(t: number, n: number): ProbeSample {
  return sample(t, [
    routerNode('router-1', 'MASTER', { advertsSent: n, advertsReceived: 0 }),
    routerNode('router-2', 'BACKUP', { advertsSent: 0, advertsReceived: n }),
    clientNode([MAC_1], MAC_1, 'router-1'),
  ]);
}

/**
 * router-2 deaf (inbound VRRP dropped) `n` adverts into the run, `frozenAt`
 * being the adverts router-2 had received when the cut came: both MASTER
 * with the VIP; router-2 sends one advert a second and hears nothing;
 * router-1 hears them and answers each with its own (two a second); two MACs
 * answer ARP, the client's entry on `neighbour`.
 */
export function kaDualMaster(
  t: number,
  n: number,
  frozenAt: number,
  neighbour: string,
): ProbeSample {
  const since = n - frozenAt;
  return sample(t, [
    routerNode('router-1', 'MASTER', { advertsSent: n + since, advertsReceived: since }),
    routerNode('router-2', 'MASTER', { advertsSent: since, advertsReceived: frozenAt }),
    clientNode([MAC_1, MAC_2], neighbour, neighbour === MAC_1 ? 'router-1' : 'router-2'),
  ]);
}

/** `n` HTTP requests of one client answered by `node` via `via`, replies in the same second. */
export function requests(
  client: string,
  node: string,
  via: string,
  fromSeq: number,
  n: number,
  doneAt: number,
  outcome: WriteRecord['outcome'] = 'ack',
  error?: string,
): WriteRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    client,
    seq: fromSeq + i,
    key: `req:${client}:${fromSeq + i}`,
    node,
    sentAt: doneAt - 5,
    doneAt,
    outcome,
    via,
    ...(error !== undefined ? { error } : {}),
  }));
}

/** The graded debrief of a dual-master run healed late, with its observations. */
export function keepalivedDebriefFor(runId: string): Debrief {
  return {
    runId,
    scenario: DEAF_BACKUP,
    startedAt: 1_000_000,
    endedAt: 1_045_000,
    seed: 7,
    pace: 'human',
    hints: [],
    exports: [],
    settings: { advertIntSeconds: 1, unicast: false },
    grade: {
      score: 55,
      passMark: 70,
      passed: false,
      checks: [
        {
          check: 'dual-master-ended',
          verdict: 'fail',
          weight: 25,
          credit: 0,
          why: 'Two routers stayed in MASTER for 31.2 s after the first tell (limit 20 s).',
          figures: { seconds: 31.2 },
        },
        {
          check: 'right-router-kept',
          verdict: 'pass',
          weight: 20,
          credit: 1,
          why: 'router-1 is the only MASTER at the end and was never stopped.',
        },
        {
          check: 'client-traffic-settled',
          verdict: 'pass',
          weight: 15,
          credit: 1,
          why: 'After the split, every request was answered by router-1 via its MAC.',
        },
        {
          check: 'requests-failed',
          verdict: 'pass',
          weight: 10,
          credit: 0.5,
          why: '9 requests failed or timed out from the fault on (good band ends at 6).',
          figures: { failed: 7, timedOut: 2 },
        },
        {
          check: 'final-health',
          verdict: 'pass',
          weight: 30,
          credit: 1,
          why: 'One MASTER with the VIP, its MAC alone answers ARP.',
        },
      ],
    },
    ledger: {
      attempts: 1790,
      acked: 1781,
      failed: 7,
      indeterminate: 2,
      answeredBy: { 'router-1': 1402, 'router-2': 379 },
    },
    lostKeys: [],
    finalHealth: {
      masters: ['router-1'],
      replicasCaughtUp: ['router-2'],
      replicasExpected: 1,
      coordinatorViews: { client: 'router-1' },
      coordinationOk: true,
      activeFaults: [],
      activeFences: [],
      settingsReadBack: {},
      keepalived: {
        vipHolders: ['router-1'],
        arpAnswerers: ['router-1'],
        neighbourRouter: 'router-1',
        httpResponder: 'router-1',
        keepalivedRunning: { 'router-1': true, 'router-2': true },
        vrrpStates: { 'router-1': 'MASTER', 'router-2': 'BACKUP' },
        virtualRouterIds: { 'router-1': 51, 'router-2': 51 },
      },
    },
    timeline: [
      { at: 0, kind: 'phase', label: 'scenario started' },
      { at: 5_000, kind: 'fault', label: 'hardening-drops-vrrp-in injected' },
      { at: 8_100, kind: 'keepalived', label: 'entering MASTER', node: 'router-2' },
      { at: 8_200, kind: 'tell', label: 'two routers in MASTER' },
      { at: 39_300, kind: 'action', label: 'heal hardening-drops-vrrp-in' },
      { at: 39_900, kind: 'keepalived', label: 'entering BACKUP', node: 'router-2' },
    ],
    faultWindows: [
      { faultId: 'hardening-drops-vrrp-in', kind: 'block-vrrp', from: 5_000, to: 39_300 },
    ],
    reference: DEAF_BACKUP.reference,
    observations: [
      {
        looksLike: 'A network blip',
        shows: 'The split lasted 31.2 s: two MACs answered ARP for the VIP the whole time.',
      },
      {
        looksLike: 'Application flakiness',
        shows: '379 requests were answered by router-2; 7 failed with ECONNRESET when ARP moved.',
      },
    ],
  };
}

import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import type { RunEvent } from '../../../../shared/run-events';
import {
  durationMs,
  scenarioSchema,
  type FaultSpec,
  type Scenario,
  type ScenarioInput,
} from '../../../../shared/scenario-schema';
import type {
  FinalHealth,
  KeepalivedFinalHealth,
  KeepalivedLogEvent,
  WriteRecord,
} from '../../../../shared/scenario-types';
import { plannedStepMs } from '../../../../shared/scenario-pace';
import { answeredCounts } from '../../../../core/workload/ledger';
import { HistoryBuilder, T0 } from '../../../../core/testing/test-history';

/**
 * Builders of synthetic keepalived run histories for unit tests of grading
 * and the debrief: router and client samples, HTTP requests through the VIP
 * with the MAC they went to, keepalived log events, the final health's
 * keepalived block and a ledger with `answeredBy`. Not used by the app.
 */

export const ROUTERS = ['router-1', 'router-2'] as const;
/** Each router's lab interface MAC. */
export const MACS: Record<string, string> = {
  'router-1': '02:42:0a:63:00:0b',
  'router-2': '02:42:0a:63:00:0c',
};
/** The settings a keepalived run records (router-1 priority 150, router-2 100). */
export const KEEPALIVED_SETTINGS: Record<string, number | boolean> = {
  advertIntSeconds: 1,
  nopreempt: false,
  router1Priority: 150,
  router2Priority: 100,
  unicast: false,
};

/** A keepalived scenario shaped like vrrp-dual-master (router-2 loses VRRP both ways at 5 s), with overrides. */
export function testKeepalivedScenario(overrides: Partial<ScenarioInput> = {}): Scenario {
  const base: ScenarioInput = {
    id: 'test-vrrp',
    system: 'keepalived',
    title: 'Test dual master',
    briefing: 'A test.',
    pattern: { id: 'FP-015', name: 'Stale Leader', family: 'Split Brain' },
    difficulty: 'beginner',
    minutes: 5,
    lab: { settings: { transport: 'multicast', advertIntSeconds: 1 } },
    workload: {
      rate: 20,
      clients: [
        { name: 'app-session', mode: 'http-session' },
        { name: 'app-oneshot', mode: 'http-oneshot' },
      ],
    },
    faults: [
      {
        id: 'drop-vrrp',
        kind: 'block-vrrp',
        nodes: ['router-2'],
        direction: 'both',
        at: { after: '5s' },
      },
    ],
    timeLimit: '60s',
    staleLeader: 'router-2',
    authoritative: 'router-1',
    tells: ['masters-claimed', 'vrrp-states', 'arp-macs'],
    grading: {
      passMark: 70,
      splitTells: ['masters-claimed', 'vip-macs'],
      checks: [
        { check: 'dual-master-ended', weight: 25, params: { withinSeconds: 20 } },
        { check: 'right-router-kept', weight: 20 },
        { check: 'client-traffic-settled', weight: 20 },
        { check: 'requests-failed', weight: 10, params: { lostBands: [6, 20] } },
        { check: 'final-health', weight: 25 },
      ],
    },
    teaching: {
      shape: 's',
      howItShows: 'h',
      tell: 't',
      misdiagnoses: [
        { looksLike: 'A network blip; one reset and on.', butActually: 'b', howToTell: 'c' },
        { looksLike: 'Application flakiness in the gateway.', butActually: 'b', howToTell: 'c' },
        { looksLike: 'router-1 failed; stop it.', butActually: 'b', howToTell: 'c' },
      ],
      fix: { immediate: 'i', shortTerm: 's', longTerm: 'l' },
      story: 's',
    },
    reference: [
      { since: 'drop-vrrp', after: '7s', do: { kind: 'stop-keepalived', node: 'router-2' } },
      { since: 'drop-vrrp', after: '8s', do: { kind: 'announce-vip', node: 'router-1' } },
      { since: 'drop-vrrp', after: '10s', do: { kind: 'heal', fault: 'drop-vrrp' } },
      { since: 'drop-vrrp', after: '11s', do: { kind: 'start-keepalived', node: 'router-2' } },
      { since: 'drop-vrrp', after: '20s', do: { kind: 'end' } },
    ],
  };
  return scenarioSchema.parse({ ...base, ...overrides });
}

/** The lab in one probe tick. */
export interface VrrpTick {
  /** Routers in VRRP MASTER. */
  masters: string[];
  /** Routers with the VIP on their interface (default: the masters). */
  vip?: string[];
  /** Routers where keepalived is not running (role unknown, no VRRP state). */
  stopped?: string[];
  /** The router the client's neighbour entry for the VIP points at (default: the first VIP holder). */
  neighbour?: string;
  /** The client node's agent did not answer. */
  clientSilent?: boolean;
}

/** One keepalived probe sample: both routers and the client node. */
export function vrrpSampleOf(t: number, tick: VrrpTick): ProbeSample {
  const vip = tick.vip ?? tick.masters;
  const stopped = new Set(tick.stopped ?? []);
  const routers: NodeObservation[] = ROUTERS.map((node) => {
    const mac = MACS[node]!;
    if (stopped.has(node))
      return {
        node,
        kind: 'router',
        role: 'unknown',
        state: 'running',
        vipHeld: vip.includes(node),
        mac,
        error: 'keepalived is not running',
      };
    const master = tick.masters.includes(node);
    return {
      node,
      kind: 'router',
      role: master ? 'master' : 'replica',
      state: 'running',
      vrrpState: master ? 'MASTER' : 'BACKUP',
      vipHeld: vip.includes(node),
      mac,
    };
  });
  const neighbour = tick.neighbour ?? vip[0];
  const client: NodeObservation = tick.clientSilent
    ? { node: 'client', kind: 'vip-client', role: 'unknown', state: 'unreachable' }
    : {
        node: 'client',
        kind: 'vip-client',
        role: 'client',
        state: 'running',
        vipArpMacs: vip.map((r) => MACS[r]!).sort(),
        vipArpNodes: [...vip].sort((a, b) => MACS[a]!.localeCompare(MACS[b]!)),
        ...(neighbour
          ? { vipNeighbour: { mac: MACS[neighbour]!, node: neighbour, state: 'REACHABLE' } }
          : {}),
        ...(vip[0] ? { vipHttpResponder: vip[0] } : {}),
      };
  return {
    t,
    nodes: [...routers, client],
    mastersClaimed: tick.masters.length,
    unknownNodes: stopped.size,
  };
}

/** A keepalived final health: router-1 the healthy single MASTER unless overridden. */
export function keepalivedHealth(
  overrides: Partial<FinalHealth> = {},
  k: Partial<KeepalivedFinalHealth> = {},
): FinalHealth {
  return {
    masters: ['router-1'],
    replicasCaughtUp: ['router-2'],
    replicasExpected: 1,
    coordinatorViews: { client: k.neighbourRouter ?? 'router-1' },
    coordinationOk: true,
    activeFaults: [],
    activeFences: [],
    settingsReadBack: {},
    ...overrides,
    keepalived: {
      vipHolders: ['router-1'],
      arpAnswerers: ['router-1'],
      neighbourRouter: 'router-1',
      httpResponder: 'router-1',
      keepalivedRunning: { 'router-1': true, 'router-2': true },
      vrrpStates: { 'router-1': 'MASTER', 'router-2': 'BACKUP' },
      virtualRouterIds: { 'router-1': 51, 'router-2': 51 },
      ...k,
    },
  };
}

/** The moves of a keepalived story, ms since the start (undefined = never). */
export interface KeepalivedStoryOptions {
  /** When the fault fires (default 5000). */
  faultAt?: number;
  /** When router-2 enters MASTER (default faultAt + 3000). */
  rogueMasterAt?: number;
  stopRogueAt?: number;
  startRogueAt?: number;
  announceAt?: number;
  healAt?: number;
  /** stop-keepalived on router-1 (the wrong router). */
  stopAuthAt?: number;
  /** When the trainee ends the scenario (default 25_000). */
  endAt?: number;
  /** Final health overrides. */
  health?: Partial<FinalHealth>;
  keepalived?: Partial<KeepalivedFinalHealth>;
  /** More events (actions, console lines) added to the history before it is built. */
  extra?: (h: HistoryBuilder) => void;
}

/** How the scenario's first fault splits the pair. */
type SplitMode = 'both' | 'inbound' | 'vrid';

function modeOf(spec: FaultSpec): SplitMode {
  if (spec.kind === 'block-vrrp') return spec.direction === 'inbound' ? 'inbound' : 'both';
  if (spec.kind === 'vrrp-config') return 'vrid';
  throw new Error(`keepalivedStory: no model for a ${spec.kind} fault`);
}

/**
 * A whole keepalived run on `scenario` (its first fault on router-2): the
 * fault fires at `faultAt`; router-2 enters MASTER and sends gratuitous ARP
 * 3 s later, so the clients' ARP entries move to its MAC; with a deaf
 * router-2 (inbound) router-1 re-announces 1 s later and takes them back.
 * A gratuitous ARP from router-1 (announce-vip, or router-1 forcing an
 * election when it hears router-2's lower priority after a heal) moves them
 * back; a router without the VIP forwards requests to the one with it. The
 * keep-alive client (`app-session`) gets ECONNRESET whenever the router
 * answering its connection changes; `app-oneshot` never fails.
 */
export function keepalivedStory(scenario: Scenario, o: KeepalivedStoryOptions = {}): RunEvent[] {
  const spec = scenario.faults[0]!;
  const mode = modeOf(spec);
  const faultAt = o.faultAt ?? 5000;
  const rogueAt = o.rogueMasterAt ?? faultAt + 3000;
  const endAt = o.endAt ?? 25_000;
  const before = (t: number | undefined, at: number) => t === undefined || at < t;
  const split = (at: number) => at >= faultAt && before(o.healAt, at);
  const authUp = (at: number) => before(o.stopAuthAt, at);
  const rogueUp = (at: number) =>
    before(o.stopRogueAt, at) || (o.startRogueAt !== undefined && at >= o.startRogueAt);
  const rogueMaster = (at: number) => rogueUp(at) && at >= rogueAt && (split(at) || !authUp(at));
  const masters = (at: number) => [
    ...(authUp(at) ? ['router-1'] : []),
    ...(rogueMaster(at) ? ['router-2'] : []),
  ];
  // Gratuitous ARPs: who the clients' ARP entries point at from each moment on.
  const garps: [number, string][] = [[rogueAt, 'router-2']];
  if (mode === 'inbound') garps.push([rogueAt + 1000, 'router-1']);
  if (o.announceAt !== undefined) garps.push([o.announceAt, 'router-1']);
  if (o.healAt !== undefined && rogueMaster(o.healAt - 1) && authUp(o.healAt))
    garps.push([o.healAt, 'router-1']);
  garps.sort((a, b) => a[0] - b[0]);
  const neighbour = (at: number) => garps.filter(([t]) => t <= at).at(-1)?.[1] ?? 'router-1';
  const stopped = (at: number) => [
    ...(authUp(at) ? [] : ['router-1']),
    ...(rogueUp(at) ? [] : ['router-2']),
  ];
  const tick = (at: number): VrrpTick => ({
    masters: masters(at),
    stopped: stopped(at),
    neighbour: neighbour(at),
  });

  const h = new HistoryBuilder().start(KEEPALIVED_SETTINGS);
  h.samples(0, endAt, (at) => vrrpSampleOf(T0 + at, tick(at)));
  h.fault(faultAt, spec);
  const log = (at: number, node: string, event: KeepalivedLogEvent, line: string) =>
    h.add(at, { kind: 'keepalived-event', node, event, line });
  log(rogueAt, 'router-2', 'entering-master', '(dojo_vip) Entering MASTER STATE');
  for (let at = rogueAt + 1000; at < endAt && rogueMaster(at); at += 1000) {
    if (mode === 'both')
      log(
        at,
        'router-2',
        'advert-send-error',
        '(dojo_vip): send advert error 1 (Operation not permitted)',
      );
    if (mode === 'inbound' && authUp(at))
      log(
        at,
        'router-1',
        'lower-priority-advert',
        '(dojo_vip) Received advert from 10.99.0.12 with lower priority 100, ours 150, forcing new election',
      );
  }
  if (o.stopRogueAt !== undefined) {
    h.act(o.stopRogueAt, { kind: 'stop-keepalived', node: 'router-2' });
    log(o.stopRogueAt + 100, 'router-2', 'stopped', 'Stopping');
  }
  if (o.stopAuthAt !== undefined) {
    h.act(o.stopAuthAt, { kind: 'stop-keepalived', node: 'router-1' });
    log(o.stopAuthAt + 100, 'router-1', 'stopped', 'Stopping');
  }
  if (o.announceAt !== undefined) h.act(o.announceAt, { kind: 'announce-vip', node: 'router-1' });
  if (o.healAt !== undefined) {
    h.act(o.healAt, { kind: 'heal', fault: spec.id });
    h.fault(o.healAt, spec, 'revert');
    if (rogueMaster(o.healAt - 1) && authUp(o.healAt))
      log(o.healAt + 300, 'router-2', 'entering-backup', '(dojo_vip) Entering BACKUP STATE');
  }
  if (o.startRogueAt !== undefined) {
    h.act(o.startRogueAt, { kind: 'start-keepalived', node: 'router-2' });
    log(o.startRogueAt + 100, 'router-2', 'started', 'Starting VRRP child process');
    if (!rogueMaster(o.startRogueAt))
      log(o.startRogueAt + 200, 'router-2', 'entering-backup', '(dojo_vip) Entering BACKUP STATE');
  }
  o.extra?.(h);

  // Where a request through the VIP lands: the router its ARP entry points
  // at, forwarded to the VIP holder when that router no longer holds it.
  const answerer = (at: number): { via: string; node?: string } => {
    const via = neighbour(at);
    const holders = masters(at);
    return {
      via: MACS[via]!,
      ...(holders.length ? { node: holders.includes(via) ? via : holders[0] } : {}),
    };
  };
  let endpoint = 'router-1';
  h.requests('app-session', 0, endAt, (at) => {
    const { via, node } = answerer(at);
    if (!node) return { node: 'none', via, outcome: 'timeout' };
    if (node !== endpoint) {
      endpoint = node;
      return { node: 'none', via, outcome: 'fail', error: 'ECONNRESET' };
    }
    return { node, via, outcome: 'ack' };
  });
  h.requests('app-oneshot', 0, endAt, (at) => {
    const { via, node } = answerer(at);
    return node ? { node, via, outcome: 'ack' } : { node: 'none', via, outcome: 'timeout' };
  });
  h.act(endAt, { kind: 'end' });

  const last = endAt - 1;
  const ms = masters(last);
  const states = Object.fromEntries(
    ROUTERS.map((r) => [
      r,
      stopped(last).includes(r) ? 'unknown' : ms.includes(r) ? 'MASTER' : 'BACKUP',
    ]),
  );
  const running = Object.fromEntries(ROUTERS.map((r) => [r, !stopped(last).includes(r)]));
  const hears = ROUTERS.filter(
    (r) => running[r] && !ms.includes(r) && !(r === 'router-2' && split(last)),
  );
  const vrid =
    mode === 'vrid' && split(last) && spec.kind === 'vrrp-config'
      ? spec.virtualRouterId
      : undefined;
  h.add(endAt + 200, {
    kind: 'final-health',
    health: keepalivedHealth(
      {
        masters: ms,
        replicasCaughtUp: hears,
        coordinatorViews: { client: neighbour(last) },
        coordinationOk: ms.length === 1,
        activeFaults: split(last) ? [spec.id] : [],
        ...o.health,
      },
      {
        vipHolders: ms,
        arpAnswerers: ms,
        neighbourRouter: neighbour(last),
        httpResponder: answerer(last).node ?? 'none',
        keepalivedRunning: running,
        vrrpStates: states,
        virtualRouterIds: { 'router-1': 51, 'router-2': vrid ?? 51 },
        ...o.keepalived,
      },
    ),
  });
  h.add(endAt + 400, { kind: 'ledger', counts: answeredCounts(h.records()), lostKeys: [] });
  return h.events();
}

/** Story options that replay a scenario's reference (or any response's steps) on router-1/router-2. */
export function storyOfSteps(
  scenario: Scenario,
  steps = scenario.reference,
): KeepalivedStoryOptions {
  const fault = scenario.faults[0]!;
  const faultAt = 'after' in fault.at ? durationMs(fault.at.after) : 5000;
  const o: KeepalivedStoryOptions = { faultAt };
  // The story's fault fires at faultAt; its second MASTER shows 3 s later: what `tell` counts from.
  const story: Scenario = {
    ...scenario,
    faults: scenario.faults.map((f, k) => (k === 0 ? { ...f, at: { after: `${faultAt}ms` } } : f)),
  };
  steps.forEach((step, i) => {
    const at = plannedStepMs(story, steps, i, 3000)?.ms;
    if (at === undefined) throw new Error(`storyOfSteps: step ${i} has no fixed moment`);
    const a = step.do;
    if (a.kind === 'end') o.endAt = at;
    else if (a.kind === 'heal') o.healAt = at;
    else if (a.kind === 'announce-vip') o.announceAt = at;
    else if (a.kind === 'stop-keepalived') {
      if (a.node === 'router-1') o.stopAuthAt = at;
      else o.stopRogueAt = at;
    } else if (a.kind === 'start-keepalived') o.startRogueAt = at;
    else throw new Error(`storyOfSteps: no model for ${a.kind}`);
  });
  return o;
}

/** Requests of one client in a history, for assertions. */
export function requestsOf(events: readonly RunEvent[], client: string): WriteRecord[] {
  return events.flatMap((e) =>
    e.kind === 'writes' ? e.records.filter((r) => r.client === client) : [],
  );
}

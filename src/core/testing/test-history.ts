import type { NodeObservation, ProbeSample } from '../../shared/lab-types';
import type { RunEvent, RunEventBody } from '../../shared/run-events';
import {
  scenarioSchema,
  type Action,
  type CheckId,
  type FaultSpec,
  type ScenarioInput,
  type Scenario,
  type ReplayRule,
} from '../../shared/scenario-schema';
import type { FinalHealth, WriteFate, WriteRecord } from '../../shared/scenario-types';
import type { CheckParams, GradingContext } from '../grading/grading-context';
import { deriveRunFacts } from '../grading/run-facts';

/**
 * Builders of synthetic run histories for unit tests of grading and the
 * debrief: samples, writes, faults and actions at ms offsets from the
 * scenario's start. Not used by the app itself.
 */

export const T0 = 1_700_000_000_000;
const DATA = ['redis-1', 'redis-2', 'redis-3'];
const SENTINELS = ['sentinel-1', 'sentinel-2', 'sentinel-3'];

/** A minimal valid scenario (stale leader on redis-1), with overrides. */
export function testScenario(overrides: Partial<ScenarioInput> = {}): Scenario {
  const base: ScenarioInput = {
    id: 'test-stale',
    system: 'redis-sentinel',
    title: 'Test stale leader',
    briefing: 'A test.',
    pattern: { id: 'FP-015', name: 'Stale Leader', family: 'Split Brain' },
    difficulty: 'beginner',
    minutes: 5,
    lab: { settings: { downAfterMs: 3000 } },
    workload: {
      rate: 20,
      clients: [
        { name: 'app-sentinel', mode: 'sentinel' },
        { name: 'app-pinned', mode: 'pinned' },
      ],
    },
    faults: [
      {
        id: 'cut-master',
        kind: 'partition',
        groups: [
          ['redis-1', 'app-pinned'],
          ['redis-2', 'redis-3', 'sentinel-1', 'sentinel-2', 'sentinel-3', 'app-sentinel'],
        ],
        at: { after: '5s' },
      },
    ],
    timeLimit: '45s',
    staleLeader: 'redis-1',
    tells: ['masters-claimed'],
    grading: {
      passMark: 70,
      checks: [
        { check: 'stale-leader-stopped-writes', weight: 25, params: { withinSeconds: 5 } },
        { check: 'fenced-before-rejoin', weight: 20 },
        { check: 'did-not-fence-new-master', weight: 15 },
        { check: 'acked-writes-lost', weight: 15, params: { lostBands: [150, 300] } },
        { check: 'divergent-writes-saved', weight: 10 },
        { check: 'final-health', weight: 15 },
      ],
    },
    teaching: {
      shape: 's',
      howItShows: 'h',
      tell: 't',
      misdiagnoses: [{ looksLike: 'a', butActually: 'b', howToTell: 'c' }],
      fix: { immediate: 'i', shortTerm: 's', longTerm: 'l' },
      story: 's',
    },
    reference: [
      { since: 'cut-master', after: '6s', do: { kind: 'isolate-clients', node: 'redis-1' } },
    ],
  };
  return scenarioSchema.parse({ ...base, ...overrides });
}

/** Roles of one probe tick: which data nodes claim master, which read unknown, whom each sentinel names. */
export interface TickSpec {
  masters: string[];
  unknown?: string[];
  /** The master each sentinel names (same order as sentinel-1..3); one name = all agree. */
  sentinels: string[];
  quorum?: number;
}

/** One probe sample from a tick spec. */
export function sampleOf(t: number, spec: TickSpec): ProbeSample {
  const unknown = new Set(spec.unknown ?? []);
  const master = spec.masters[0];
  const data: NodeObservation[] = DATA.map((node) =>
    unknown.has(node)
      ? { node, kind: 'redis', role: 'unknown', state: 'unreachable' }
      : spec.masters.includes(node)
        ? { node, kind: 'redis', role: 'master', state: 'running', replOffset: 1000 }
        : {
            node,
            kind: 'redis',
            role: 'replica',
            state: 'running',
            following: master,
            linkUp: true,
          },
  );
  const sentinels: NodeObservation[] = SENTINELS.map((node, i) => ({
    node,
    kind: 'sentinel',
    role: 'sentinel',
    state: 'running',
    following: spec.sentinels[i] ?? spec.sentinels[0],
    epoch: 0,
    sentinel: {
      masterFlags: ['master'],
      knownReplicas: 2,
      knownSentinels: 2,
      quorum: spec.quorum ?? 2,
    },
  }));
  return {
    t,
    nodes: [...data, ...sentinels],
    mastersClaimed: spec.masters.filter((m) => !unknown.has(m)).length,
    unknownNodes: [...unknown].filter((n) => DATA.includes(n)).length,
  };
}

/** Appends events at ms offsets from T0 and numbers them in time order. */
export class HistoryBuilder {
  private readonly bodies: { t: number; order: number; body: RunEventBody }[] = [];

  constructor(readonly runId = 'r-test-1') {}

  /** Adds an event at `at` ms after the scenario's start. */
  add(at: number, body: RunEventBody): this {
    this.bodies.push({ t: T0 + at, order: this.bodies.length, body });
    return this;
  }

  start(
    settings: Record<string, number | boolean> = {
      quorum: 2,
      downAfterMs: 3000,
      minReplicasToWrite: 0,
    },
    responseName?: string,
  ): this {
    this.add(-100, { kind: 'phase', phase: 'running' });
    return this.add(0, {
      kind: 'scenario',
      scenarioId: 'test-stale',
      seed: 1,
      settings,
      ...(responseName ? { responseName } : {}),
    });
  }

  /** A sample every 250 ms in [from, to), with the tick spec `spec(at)`. */
  ticks(from: number, to: number, spec: (at: number) => TickSpec): this {
    return this.samples(from, to, (at) => sampleOf(T0 + at, spec(at)));
  }

  /** A sample every 250 ms in [from, to), built by `sample(at)` (its `t` should be T0 + at). */
  samples(from: number, to: number, sample: (at: number) => ProbeSample): this {
    for (let at = from; at < to; at += 250) this.add(at, { kind: 'sample', sample: sample(at) });
    return this;
  }

  fault(at: number, spec: FaultSpec, phase: 'inject' | 'revert' = 'inject'): this {
    return this.add(at, { kind: 'fault', faultId: spec.id, phase, spec });
  }

  /**
   * An action the engine finished at `at`; issued at `issuedAt` when given
   * (a slow engine: issued earlier than it finished).
   */
  act(
    at: number,
    action: Action,
    ok = true,
    source: 'palette' | 'script' = 'palette',
    issuedAt?: number,
  ): this {
    if (action.kind === 'console')
      this.add(at, {
        kind: 'console-line',
        node: action.node,
        line: action.command,
        source: 'script',
      });
    this.add(at, {
      kind: 'action',
      action,
      source,
      ok,
      detail: ok ? 'done' : 'failed',
      ...(issuedAt !== undefined ? { issuedAt: T0 + issuedAt } : {}),
    });
    if (action.kind === 'export-keys' && ok)
      this.add(at + 50, { kind: 'exported-keys', node: action.node, keys: 321 });
    return this;
  }

  /** Writes of one client to one node at `rate`/s in [from, to), with the outcome `outcome(at)`. */
  writes(
    client: string,
    node: (at: number) => string,
    from: number,
    to: number,
    outcome: (at: number) => WriteRecord['outcome'],
    rate = 20,
  ): this {
    return this.requests(
      client,
      from,
      to,
      (at) => ({ node: node(at), outcome: outcome(at) }),
      rate,
    );
  }

  /**
   * Attempts of one client at `rate`/s in [from, to), each as `attempt(at)`
   * says (node, outcome, and for keepalived requests the error and `via`).
   * Timeouts finish 1 s after they were sent, the rest 5 ms after.
   */
  requests(
    client: string,
    from: number,
    to: number,
    attempt: (at: number) => Pick<WriteRecord, 'node' | 'outcome' | 'error' | 'via'>,
    rate = 20,
  ): this {
    const step = 1000 / rate;
    const records: WriteRecord[] = [];
    let seq = 0;
    for (let at = from; at < to; at += step) {
      seq += 1;
      const a = attempt(at);
      records.push({
        client,
        seq,
        key: `dojo:w:${client}:${String(seq).padStart(6, '0')}`,
        sentAt: T0 + at,
        doneAt: T0 + at + (a.outcome === 'timeout' ? 1000 : 5),
        ...a,
      });
    }
    for (let i = 0; i < records.length; i += 40) {
      const batch = records.slice(i, i + 40);
      this.add(batch[batch.length - 1]!.doneAt - T0, { kind: 'writes', records: batch });
    }
    return this;
  }

  /** The final health, healthy unless overridden. */
  health(at: number, overrides: Partial<FinalHealth> = {}): this {
    const health: FinalHealth = {
      masters: ['redis-2'],
      replicasCaughtUp: ['redis-1', 'redis-3'],
      replicasExpected: 2,
      coordinatorViews: {
        'sentinel-1': 'redis-2',
        'sentinel-2': 'redis-2',
        'sentinel-3': 'redis-2',
      },
      coordinationOk: true,
      activeFaults: [],
      activeFences: [],
      settingsReadBack: {
        quorum: { 'sentinel-1': 2, 'sentinel-2': 2, 'sentinel-3': 2 },
        minReplicasToWrite: { 'redis-1': 0, 'redis-2': 0, 'redis-3': 0 },
      },
      ...overrides,
    };
    return this.add(at, { kind: 'final-health', health });
  }

  /** The ledger with `lost` acknowledged writes lost out of `acked`. */
  ledger(
    at: number,
    acked: number,
    lost: number,
    lostKeys: string[] = [],
    lostAckedAt?: number[],
    extra: { lostByNode?: Record<string, number>; recovered?: number } = {},
  ): this {
    const fates: Record<WriteFate, number> = {
      'acked-present': acked - lost,
      'acked-lost': lost,
      failed: 10,
      'indeterminate-present': 2,
      'indeterminate-absent': 5,
    };
    return this.add(at, {
      kind: 'ledger',
      counts: {
        attempts: acked + 17,
        acked,
        failed: 10,
        indeterminate: 7,
        fates,
        readFrom: 'redis-2',
        ...(extra.recovered !== undefined ? { recovered: extra.recovered } : {}),
      },
      lostKeys,
      ...(lostAckedAt ? { lostAckedAt } : {}),
      ...(extra.lostByNode ? { lostByNode: extra.lostByNode } : {}),
    });
  }

  /** Every write record added so far, in the order added. */
  records(): WriteRecord[] {
    return this.bodies.flatMap((b) => (b.body.kind === 'writes' ? b.body.records : []));
  }

  events(): RunEvent[] {
    return [...this.bodies]
      .sort((a, b) => a.t - b.t || a.order - b.order)
      .map((b, i) => ({ ...b.body, runId: this.runId, seq: i + 1, t: b.t }));
  }
}

/**
 * What one check of `scenario` sees for `events`: the run facts plus the
 * check's weight and params as the scenario gives them (or `params`).
 */
export function contextFor(
  scenario: Scenario,
  events: readonly RunEvent[],
  check: CheckId,
  params?: CheckParams,
): GradingContext {
  const spec = scenario.grading.checks.find((c) => c.check === check);
  return {
    ...deriveRunFacts(scenario, events),
    check,
    weight: spec?.weight ?? 10,
    params: params ?? spec?.params ?? {},
  };
}

/** The partition fault of `testScenario()`. */
export function cutMaster(scenario: Scenario): FaultSpec {
  return scenario.faults[0]!;
}

/** Options of a synthetic stale-leader run (ms since the start). */
/** A reference-like response in story timings: fence right after the tell, save keys, heal, demote, lift the fence, end. */
export const GOOD_RESPONSE = {
  fenceAt: 10_500,
  exportAt: 11_000,
  healAt: 14_000,
  demoteAt: 15_000,
  unfenceAt: 18_000,
  endAt: 21_000,
} as const satisfies StoryOptions;

export interface StoryOptions {
  faultAt?: number;
  /** When the sentinels move to redis-2 and it claims master; undefined = no failover at all. */
  failoverAt?: number | null;
  /** Fence (isolate-clients) of `fenceNode` at this time. */
  fenceAt?: number;
  /** When the fence was issued (default: `fenceAt`; earlier = the engine took that long to carry it out). */
  fenceIssuedAt?: number;
  fenceNode?: string;
  /** ms between a sample's tick and it reaching the screen (`shownAt`); default none. */
  shownDelay?: number;
  exportAt?: number;
  healAt?: number;
  /** Explicit demote of redis-1 at this time (else Sentinel demotes it 10 s after heal). */
  demoteAt?: number;
  unfenceAt?: number;
  endAt?: number;
  /** Acknowledged writes lost, as the ledger reports them (default: counted from the story). */
  lost?: number;
  /**
   * replay-export of redis-1's export onto redis-2 at `at`: it puts back
   * every write redis-1 acknowledged after the fault up to `upTo` (default:
   * all of them), and deletes `removed` of redis-2's keys (replace-all), all
   * of them writes redis-2 acknowledged.
   */
  replay?: { at: number; rule?: ReplayRule; upTo?: number; removed?: number };
  health?: Partial<FinalHealth>;
}

/**
 * A whole stale-leader run: the master redis-1 is cut off at `faultAt` with
 * app-pinned on its side; the sentinels elect redis-2 at `failoverAt`;
 * redis-1 keeps acknowledging app-pinned's writes until fenced or rejoined.
 */
export function staleLeaderStory(scenario: Scenario, o: StoryOptions = {}): RunEvent[] {
  const faultAt = o.faultAt ?? 5000;
  const failoverAt = o.failoverAt === null ? undefined : (o.failoverAt ?? 9700);
  const endAt = o.endAt ?? 40_000;
  const rejoinAt =
    failoverAt === undefined
      ? undefined
      : (o.demoteAt ?? (o.healAt !== undefined ? o.healAt + 10_000 : undefined));
  const fenceNode = o.fenceNode ?? 'redis-1';
  const h = new HistoryBuilder().start();
  const tick = (at: number): TickSpec => {
    if (failoverAt === undefined || at < failoverAt)
      return { masters: ['redis-1'], sentinels: ['redis-1'] };
    if (rejoinAt === undefined || at < rejoinAt)
      return { masters: ['redis-1', 'redis-2'], sentinels: ['redis-2'] };
    return { masters: ['redis-2'], sentinels: ['redis-2'] };
  };
  h.samples(0, endAt, (at) => {
    const s = sampleOf(T0 + at, tick(at));
    return o.shownDelay ? { ...s, shownAt: s.t + o.shownDelay } : s;
  });
  const spec = cutMaster(scenario);
  h.fault(faultAt, spec);
  if (o.fenceAt !== undefined)
    h.act(
      o.fenceAt,
      { kind: 'isolate-clients', node: fenceNode },
      true,
      'palette',
      o.fenceIssuedAt,
    );
  if (o.exportAt !== undefined) h.act(o.exportAt, { kind: 'export-keys', node: 'redis-1' });
  if (o.healAt !== undefined) {
    h.act(o.healAt, { kind: 'heal' });
    h.fault(o.healAt, spec, 'revert');
  }
  if (o.demoteAt !== undefined) h.act(o.demoteAt, { kind: 'demote', node: 'redis-1' });
  if (o.unfenceAt !== undefined) h.act(o.unfenceAt, { kind: 'unisolate-clients', node: fenceNode });
  // app-pinned: always redis-1; acked unless redis-1 is fenced or a replica.
  const pinnedFenced = (at: number) =>
    (fenceNode === 'redis-1' &&
      o.fenceAt !== undefined &&
      at >= o.fenceAt &&
      (o.unfenceAt === undefined || at < o.unfenceAt)) ||
    (rejoinAt !== undefined && at >= rejoinAt);
  h.writes(
    'app-pinned',
    () => 'redis-1',
    0,
    endAt,
    (at) => (pinnedFenced(at) ? 'fail' : 'ack'),
  );
  // app-sentinel: redis-1 until the fault, timeouts until the failover, then redis-2.
  const sentinelNode = (at: number) =>
    failoverAt !== undefined && at >= failoverAt ? 'redis-2' : 'redis-1';
  const newFenced = (at: number) =>
    fenceNode === 'redis-2' &&
    o.fenceAt !== undefined &&
    at >= o.fenceAt &&
    (o.unfenceAt === undefined || at < o.unfenceAt);
  h.writes('app-sentinel', sentinelNode, 0, endAt, (at) =>
    at < faultAt
      ? 'ack'
      : failoverAt === undefined || at < failoverAt
        ? 'timeout'
        : newFenced(at)
          ? 'fail'
          : 'ack',
  );
  h.act(endAt, { kind: 'end' });
  const stillSplit = failoverAt !== undefined && rejoinAt === undefined;
  h.health(endAt + 200, {
    ...(stillSplit ? { masters: ['redis-1', 'redis-2'], replicasCaughtUp: ['redis-3'] } : {}),
    ...(o.healAt === undefined ? { activeFaults: [spec.id] } : {}),
    ...(o.fenceAt !== undefined && o.unfenceAt === undefined ? { activeFences: [fenceNode] } : {}),
    ...o.health,
  });
  const lostAckedAt = h
    .records()
    .filter(
      (r) =>
        r.node === 'redis-1' &&
        r.outcome === 'ack' &&
        r.doneAt >= T0 + faultAt &&
        failoverAt !== undefined,
    )
    .map((r) => r.doneAt);
  // Lost: what redis-1 acknowledged after the fault (its own writes, wiped when it rejoins).
  if (!o.replay) {
    h.ledger(endAt + 400, 1200, o.lost ?? lostAckedAt.length, [], lostAckedAt, {
      lostByNode: lostAckedAt.length ? { 'redis-1': lostAckedAt.length } : {},
    });
    return h.events();
  }
  // A replay puts back what redis-1 acknowledged up to `upTo`; replace-all deletes redis-2's writes.
  const { at, rule = 'keep-authoritative', upTo = Infinity, removed = 0 } = o.replay;
  const back = lostAckedAt.filter((t) => t <= T0 + upTo);
  const still = lostAckedAt.filter((t) => t > T0 + upTo);
  h.act(at, { kind: 'replay-export', node: 'redis-1', rule });
  h.add(at + 50, {
    kind: 'replayed-keys',
    node: 'redis-1',
    target: 'redis-2',
    rule,
    added: back.length,
    overwritten: 0,
    kept: 300,
    removed,
    addedKeys: back.map((_, i) => `dojo:w:app-pinned:${String(i).padStart(6, '0')}`),
    name: 'redis-1-keys-x.jsonl',
  });
  const lostByNode: Record<string, number> = {};
  if (still.length) lostByNode['redis-1'] = still.length;
  if (removed) lostByNode['redis-2'] = removed;
  h.ledger(endAt + 400, 1200, still.length + removed, [], still, {
    lostByNode,
    recovered: back.length,
  });
  return h.events();
}

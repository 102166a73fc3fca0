import type { AttemptSummary, Debrief } from '../../../shared/debrief-types';
import type { Scenario, ScenarioSummary } from '../../../shared/scenario-schema';
import type { WriteRecord } from '../../../shared/scenario-types';

/** A stale-leader scenario shaped like scenarios/redis-sentinel/*.yaml. */
export const STALE_LEADER: Scenario = {
  id: 'stale-leader',
  system: 'redis-sentinel',
  title: 'The master that would not step down',
  briefing: 'A checkout service writes to Redis through Sentinel. Keep the writes safe.',
  pattern: { id: 'FP-015', name: 'Stale leader', family: 'split brain' },
  difficulty: 'intermediate',
  minutes: 10,
  lab: { settings: { downAfterMs: 5000 }, traineeSettings: [] },
  workload: {
    rate: 20,
    timeout: '1s',
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
        ['redis-2', 'redis-3', 'sentinel-1'],
      ],
      direction: 'both',
      at: { after: '10s' },
    },
    {
      id: 'freeze',
      kind: 'pause',
      node: 'redis-2',
      at: { trigger: 'instructor' },
    },
  ],
  timeLimit: '3m',
  staleLeader: 'redis-1',
  tells: [
    'masters-claimed',
    'roles',
    'offsets',
    'replids',
    'sentinel-events',
    'epochs',
    'writes-per-node',
    'ledger',
    'reachability',
  ],
  grading: {
    passMark: 70,
    splitTells: ['masters-claimed', 'sentinels-moved'],
    checks: [
      { check: 'stale-leader-stopped-writes', weight: 40, params: { withinSeconds: 15 } },
      { check: 'acked-writes-lost', weight: 30, params: { lostBands: [100, 300] } },
      { check: 'final-health', weight: 30, params: {} },
    ],
  },
  teaching: {
    shape: 'A leader that lost its cluster keeps acting as leader.',
    howItShows: 'Two nodes answer role:master with different replids.',
    tell: 'Nodes claiming master goes to 2.',
    misdiagnoses: [
      {
        looksLike: 'A slow replica',
        butActually: 'A second master taking writes',
        howToTell: 'Compare master_replid on both nodes',
      },
    ],
    fix: {
      immediate: 'Fence the old master from its clients.',
      shortTerm: 'Demote it once its writes are saved.',
      longTerm: 'Set min-replicas-to-write.',
    },
    story: 'An app server kept writing to the old primary for half a minute.',
  },
  hints: [{ after: '30s', text: 'Look at how many nodes claim master.' }],
  reference: [
    {
      since: 'cut-master',
      after: '7s',
      do: { kind: 'isolate-clients', node: 'redis-1' },
      why: 'Stops the stale master from acknowledging writes nobody will keep.',
    },
    { since: 'cut-master', after: '20s', do: { kind: 'heal' } },
  ],
};

export const STALE_SUMMARY: ScenarioSummary = {
  id: STALE_LEADER.id,
  system: STALE_LEADER.system,
  source: 'shipped',
  title: STALE_LEADER.title,
  briefing: STALE_LEADER.briefing,
  pattern: STALE_LEADER.pattern,
  difficulty: STALE_LEADER.difficulty,
  minutes: STALE_LEADER.minutes,
  traineeSettings: [],
};

export const DRILL_SUMMARY: ScenarioSummary = {
  id: 'prevention-drill',
  system: 'redis-sentinel',
  source: 'shipped',
  title: 'Prevention drill',
  briefing: 'Set the write guard before the partition.',
  pattern: { id: 'FP-015', name: 'Stale leader', family: 'split brain' },
  difficulty: 'beginner',
  minutes: 8,
  traineeSettings: [
    { name: 'minReplicasToWrite', value: 0 },
    { name: 'minReplicasMaxLagSeconds', value: 10 },
  ],
};

export const ATTEMPTS: AttemptSummary[] = [
  {
    attemptId: 'run-old',
    scenarioId: 'stale-leader',
    title: STALE_LEADER.title,
    startedAt: 1_000,
    score: 40,
    passed: false,
    ackedLost: 700,
  },
  {
    attemptId: 'run-new',
    scenarioId: 'stale-leader',
    title: STALE_LEADER.title,
    startedAt: 2_000,
    score: 85,
    passed: true,
    ackedLost: 95,
    responseName: 'reference',
  },
];

export function debriefFor(runId: string): Debrief {
  return {
    runId,
    scenario: STALE_LEADER,
    startedAt: 1_000_000,
    endedAt: 1_060_000,
    seed: 42,
    pace: 'human',
    hints: [],
    exports: [],
    settings: { downAfterMs: 5000 },
    grade: {
      score: 40,
      passMark: 40,
      passed: true,
      checks: [
        {
          check: 'stale-leader-stopped-writes',
          verdict: 'pass',
          weight: 40,
          credit: 1,
          why: 'redis-1 took its last acknowledged write 6.2 s after the first tell.',
          figures: { seconds: 6.2 },
        },
        {
          check: 'acked-writes-lost',
          verdict: 'fail',
          weight: 30,
          credit: 0,
          why: '412 acknowledged writes were lost (fair band ends at 300).',
        },
        {
          check: 'final-health',
          verdict: 'unknown',
          weight: 30,
          credit: 0,
          why: 'Sentinel-3 did not answer; the rest is healthy.',
        },
      ],
    },
    ledger: {
      attempts: 1200,
      acked: 1100,
      failed: 60,
      indeterminate: 40,
      fates: {
        'acked-present': 688,
        'acked-lost': 412,
        failed: 60,
        'indeterminate-present': 12,
        'indeterminate-absent': 28,
      },
      readFrom: 'redis-2',
    },
    lostKeys: ['dojo:w:app-pinned:000101', 'dojo:w:app-pinned:000102'],
    finalHealth: {
      masters: ['redis-2'],
      replicasCaughtUp: ['redis-1', 'redis-3'],
      replicasExpected: 2,
      coordinatorViews: { 'sentinel-1': 'redis-2', 'sentinel-2': 'redis-2' },
      coordinationOk: true,
      activeFaults: [],
      activeFences: [],
      settingsReadBack: { quorum: { 'sentinel-1': 2 } },
    },
    timeline: [
      { at: 0, kind: 'phase', label: 'scenario started' },
      { at: 10_000, kind: 'fault', label: 'cut-master injected' },
      { at: 16_000, kind: 'tell', label: 'two masters' },
      { at: 17_000, kind: 'action', label: 'isolate-clients redis-1', node: 'redis-1' },
      { at: 30_000, kind: 'action', label: 'heal all' },
    ],
    faultWindows: [{ faultId: 'cut-master', kind: 'partition', from: 10_000, to: 30_000 }],
    reference: STALE_LEADER.reference,
  };
}

/** Write records of one client, `n` of them from `seq`, replies in the same second. */
export function writes(
  client: string,
  node: string,
  fromSeq: number,
  n: number,
  doneAt: number,
  outcome: WriteRecord['outcome'] = 'ack',
): WriteRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    client,
    seq: fromSeq + i,
    key: `dojo:w:${client}:${String(fromSeq + i).padStart(6, '0')}`,
    node,
    sentAt: doneAt - 5,
    doneAt,
    outcome,
  }));
}

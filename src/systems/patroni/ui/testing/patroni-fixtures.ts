import type { Debrief } from '../../../../shared/debrief-types';
import type { ProbeSample } from '../../../../shared/lab-types';
import type { Scenario, ScenarioSummary } from '../../../../shared/scenario-schema';
import { etcdNode, pgNode, sample } from '../../../../renderer/src/test/fake-client';

/** An unmanaged-primary scenario on the Patroni lab: Patroni is killed on the leader. */
export const UNMANAGED_PRIMARY: Scenario = {
  id: 'unmanaged-primary',
  system: 'patroni',
  title: 'The primary nobody manages',
  briefing: 'An order service writes to PostgreSQL under Patroni. Keep the writes safe.',
  pattern: { id: 'FP-015', name: 'Stale leader', family: 'split brain' },
  difficulty: 'advanced',
  minutes: 12,
  lab: {
    settings: { ttl: 10, loopWait: 2, retryTimeout: 4, synchronousMode: false },
    traineeSettings: ['synchronousMode'],
  },
  workload: {
    rate: 20,
    timeout: '1s',
    clients: [
      { name: 'app-multi', mode: 'multi-host' },
      { name: 'app-pinned', mode: 'pinned' },
    ],
  },
  faults: [{ id: 'patroni-dies', kind: 'kill-patroni', node: 'pg-1', at: { after: '10s' } }],
  timeLimit: '4m',
  staleLeader: 'pg-1',
  tells: [
    'masters-claimed',
    'roles',
    'patroni-roles',
    'timelines',
    'lsn',
    'leader-key',
    'patroni-events',
    'writes-per-node',
    'ledger',
  ],
  grading: {
    passMark: 70,
    splitTells: ['masters-claimed', 'sentinels-moved'],
    checks: [
      { check: 'stale-leader-stopped-writes', weight: 40, params: { withinSeconds: 20 } },
      { check: 'did-not-fence-new-master', weight: 20, params: {} },
      { check: 'final-health', weight: 40, params: {} },
    ],
  },
  teaching: {
    shape: 'A primary keeps serving after its manager died.',
    howItShows: 'Two nodes answer pg_is_in_recovery() = false on different timelines.',
    tell: "Patroni's REST API is silent on a node postgres says is primary.",
    misdiagnoses: [
      {
        looksLike: 'A replica lagging',
        butActually: 'A second primary taking writes',
        howToTell: 'Compare timelines and the leader key holder',
      },
    ],
    fix: {
      immediate: 'Stop postgres on the unmanaged primary.',
      shortTerm: 'Dump its divergent rows, then restart it so Patroni rewinds it.',
      longTerm: 'Run Patroni under a supervisor; watch for a silent REST API.',
    },
    story: 'A config push killed Patroni and nobody noticed for an hour.',
  },
  hints: [],
  reference: [
    { since: 'patroni-dies', after: '20s', do: { kind: 'stop-postgres', node: 'pg-1' } },
    { since: 'patroni-dies', after: '40s', do: { kind: 'switchover', candidate: 'pg-3' } },
  ],
};

export const UNMANAGED_SUMMARY: ScenarioSummary = {
  id: UNMANAGED_PRIMARY.id,
  system: UNMANAGED_PRIMARY.system,
  source: 'shipped',
  title: UNMANAGED_PRIMARY.title,
  briefing: UNMANAGED_PRIMARY.briefing,
  pattern: UNMANAGED_PRIMARY.pattern,
  difficulty: UNMANAGED_PRIMARY.difficulty,
  minutes: UNMANAGED_PRIMARY.minutes,
  traineeSettings: [{ name: 'synchronousMode', value: false }],
};

/** Healthy: pg-1 leads on timeline 1 and holds the key. */
export function pgHealthy(t: number, lsn: number): ProbeSample {
  return sample(t, [
    etcdNode('etcd-1', 'pg-1', 9),
    pgNode('pg-1', 'master', { timeline: 1, lsn }),
    pgNode('pg-2', 'replica', { timeline: 1, lsn }),
    pgNode('pg-3', 'replica', { timeline: 1, lsn }),
  ]);
}

/**
 * After Patroni died on pg-1: postgres on pg-1 still answers as primary on
 * timeline 1 while its REST API is silent; pg-2 was promoted on timeline 2
 * and holds the leader key.
 */
export function pgSplit(t: number, lsn: number): ProbeSample {
  return sample(t, [
    etcdNode('etcd-1', 'pg-2', 7),
    pgNode('pg-1', 'master', { timeline: 1, lsn: lsn + 4096, patroniRole: 'unknown' }),
    pgNode('pg-2', 'master', { timeline: 2, lsn }),
    pgNode('pg-3', 'replica', { timeline: 2, lsn }),
  ]);
}

export function patroniDebriefFor(runId: string): Debrief {
  return {
    runId,
    scenario: UNMANAGED_PRIMARY,
    startedAt: 1_000_000,
    endedAt: 1_090_000,
    seed: 7,
    pace: 'human',
    hints: [],
    exports: [],
    settings: { ttl: 10, loopWait: 2, retryTimeout: 4 },
    grade: {
      score: 60,
      passMark: 70,
      passed: false,
      checks: [
        {
          check: 'did-not-fence-new-master',
          verdict: 'pass',
          weight: 20,
          credit: 1,
          why: 'pg-2 was never fenced.',
        },
        {
          check: 'final-health',
          verdict: 'fail',
          weight: 40,
          credit: 0,
          why: 'Maintenance mode was left on.',
        },
      ],
    },
    ledger: { attempts: 900, acked: 850, failed: 30, indeterminate: 20, readFrom: 'pg-2' },
    lostKeys: [],
    finalHealth: {
      masters: ['pg-2'],
      replicasCaughtUp: ['pg-3'],
      replicasExpected: 2,
      coordinatorViews: { 'etcd-1': 'pg-2' },
      coordinationOk: true,
      activeFaults: [],
      activeFences: ['stop-postgres pg-1'],
      settingsReadBack: {},
      patroni: {
        leaderKeyHolder: 'pg-2',
        leaderTimeline: 2,
        timelines: { 'pg-1': 1, 'pg-2': 2, 'pg-3': 2 },
        patroniRoles: { 'pg-1': 'unknown', 'pg-2': 'master', 'pg-3': 'replica' },
        maintenanceMode: true,
        synchronousMode: false,
      },
    },
    timeline: [
      { at: 0, kind: 'phase', label: 'scenario started' },
      { at: 10_000, kind: 'fault', label: 'patroni-dies injected' },
      { at: 22_000, kind: 'patroni', label: 'promoted', node: 'pg-2' },
      { at: 30_000, kind: 'action', label: 'stop-postgres pg-1', node: 'pg-1' },
    ],
    faultWindows: [{ faultId: 'patroni-dies', kind: 'kill-patroni', from: 10_000 }],
    reference: UNMANAGED_PRIMARY.reference,
  };
}

import type { LabSummary, NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import type { RaftReading } from '../../shared/etcd-raft.types';
import type { Scenario, ScenarioSummary } from '../../../../shared/scenario-schema';
import type { FinalHealth } from '../../../../shared/scenario-types';
import { sample } from '../../../../renderer/src/test/fake-client';

/** etcd's member ids of raft-1 to raft-5, hex. */
export const MEMBER_IDS: Readonly<Record<string, string>> = {
  'raft-1': '8e9e05c52164694d',
  'raft-2': '91bc3c398fb3c146',
  'raft-3': 'fd422379fda50e48',
  'raft-4': '4a1c2b3d4e5f6071',
  'raft-5': '5b2d3c4e5f607182',
};

/** Where a member's log stands (applied and commit index). */
export interface RaftPosition {
  applied?: number;
  commit?: number;
  /** Its Raft state; default leader when it leads, else follower. */
  state?: RaftReading['state'];
}

/**
 * An etcd member as its probe reads it: in `term`, naming `leader` (itself
 * when it leads; undefined when it knows none), applied and commit
 * index 100 unless `at` says otherwise.
 */
export function raftNode(
  node: string,
  term: number,
  leader: string | undefined,
  at: RaftPosition = {},
  extra: Partial<NodeObservation> = {},
): NodeObservation {
  const applied = at.applied ?? 100;
  const raft: RaftReading = {
    memberId: MEMBER_IDS[node] ?? '1',
    term,
    state: at.state ?? (leader === node ? 'leader' : 'follower'),
    commitIndex: at.commit ?? applied,
    appliedIndex: applied,
    ...(leader !== undefined ? { leader } : {}),
  };
  return {
    node,
    kind: 'raft',
    role: leader === node ? 'master' : 'replica',
    state: 'running',
    raft,
    ...(leader !== undefined && leader !== node ? { following: leader } : {}),
    ...extra,
  };
}

/** A member that did not answer its probe (paused, stopped, unreachable). */
export function silentMember(node: string, error = 'timeout'): NodeObservation {
  return { node, kind: 'raft', role: 'unknown', state: 'unreachable', error };
}

/** A healthy 3-member cluster at `t`: raft-1 leads `term`, all at index `index`. */
export function raftHealthy(t: number, term = 2, index = 100): ProbeSample {
  const at = { applied: index, commit: index };
  return sample(t, [
    raftNode('raft-1', term, 'raft-1', at),
    raftNode('raft-2', term, 'raft-1', at),
    raftNode('raft-3', term, 'raft-1', at),
  ]);
}

/**
 * raft-1 cut off from the majority at `t`: a candidate that knows no leader, in
 * `staleTerm` at index `frozenIndex`; raft-2 leads raft-3 in `majorityTerm`
 * and has moved on to `index`.
 */
export function raftCut(
  t: number,
  staleTerm: number,
  majorityTerm: number,
  frozenIndex: number,
  index: number,
): ProbeSample {
  const at = { applied: index, commit: index };
  return sample(t, [
    raftNode('raft-1', staleTerm, undefined, {
      applied: frozenIndex,
      commit: frozenIndex,
      state: 'candidate',
    }),
    raftNode('raft-2', majorityTerm, 'raft-2', at),
    raftNode('raft-3', majorityTerm, 'raft-2', at),
  ]);
}

/** The final health of a healed 3-member cluster: raft-2 leads term 5, all caught up. */
export function raftFinalHealth(over: Partial<FinalHealth> = {}): FinalHealth {
  return {
    masters: ['raft-2'],
    replicasCaughtUp: ['raft-1', 'raft-3'],
    replicasExpected: 2,
    coordinatorViews: { 'raft-1': 'raft-2', 'raft-2': 'raft-2', 'raft-3': 'raft-2' },
    coordinationOk: true,
    activeFaults: [],
    activeFences: [],
    settingsReadBack: {},
    raft: {
      terms: { 'raft-1': 5, 'raft-2': 5, 'raft-3': 5 },
      appliedIndexes: { 'raft-1': 420, 'raft-2': 421, 'raft-3': 421 },
    },
    ...over,
  };
}

export const ETCD_RAFT_LAB: LabSummary = {
  id: 'etcd-raft',
  title: 'etcd (Raft) — 3 members',
  description: 'Three etcd 3.4 members holding the workload keys; raft-1 leads at the start.',
  systems: ['etcd 3.4', 'raft'],
  nodes: ['raft-1', 'raft-2', 'raft-3'],
};

/** A scenario shaped like scenarios/etcd-raft/minority-leader.yaml: raft-1 cut off with a minority. */
export const MINORITY_LEADER: Scenario = {
  id: 'minority-leader',
  system: 'etcd-raft',
  title: 'Raft under partition: a leader cut off with a minority',
  briefing: 'The reservations service keeps its keys in a three-member etcd cluster.',
  pattern: { id: 'FP-015', name: 'Stale Leader', family: 'Split Brain' },
  difficulty: 'beginner',
  minutes: 8,
  lab: { settings: { members: 3, preVote: false }, traineeSettings: [] },
  workload: {
    rate: 20,
    timeout: '1s',
    clients: [
      { name: 'app-pinned', mode: 'pinned', hosts: ['raft-1'] },
      { name: 'app-multi', mode: 'multi-host' },
    ],
  },
  faults: [
    {
      id: 'cut-rack',
      kind: 'partition',
      groups: [
        ['raft-1', 'app-pinned'],
        ['raft-2', 'raft-3', 'app-multi'],
      ],
      direction: 'both',
      at: { after: '5s' },
    },
  ],
  staleLeader: 'raft-1',
  tells: [
    'masters-claimed',
    'raft-terms',
    'raft-members',
    'raft-events',
    'writes-per-node',
    'ledger',
    'reachability',
  ],
  grading: {
    passMark: 70,
    splitTells: ['masters-claimed'],
    checks: [
      { check: 'did-not-fence-new-master', weight: 50, params: {} },
      { check: 'final-health', weight: 50, params: {} },
    ],
  },
  teaching: {
    shape: 'A leader cut off with a minority cannot commit; the majority elects another.',
    howItShows: 'raft-1 steps down; raft-2 and raft-3 elect a leader in a higher term.',
    tell: 'raft-1 alone in a term of its own, knowing no leader.',
    misdiagnoses: [
      {
        looksLike: 'A split brain',
        butActually: 'The two leaders led in different terms',
        howToTell: 'Read each member’s term',
      },
    ],
    fix: {
      immediate: 'Leave the majority alone and let the link come back.',
      shortTerm: 'Turn on pre-vote.',
      longTerm: 'Give every client all the members.',
    },
    story: 'A member behind a flapping link kept forcing elections.',
  },
  hints: [],
  reference: [{ since: 'cut-rack', after: '15s', do: { kind: 'end' } }],
};

export const MINORITY_LEADER_SUMMARY: ScenarioSummary = {
  id: MINORITY_LEADER.id,
  system: MINORITY_LEADER.system,
  source: 'shipped',
  title: MINORITY_LEADER.title,
  briefing: MINORITY_LEADER.briefing,
  pattern: MINORITY_LEADER.pattern,
  difficulty: MINORITY_LEADER.difficulty,
  minutes: MINORITY_LEADER.minutes,
  traineeSettings: [],
};

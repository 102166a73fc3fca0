import { describe, expect, it } from 'vitest';
import type { NodeObservation, ProbeSample } from '../../../shared/lab-types';
import type { RunEvent } from '../../../shared/run-events';
import { deriveRunFacts } from '../../../core/grading/run-facts';
import { HistoryBuilder, T0, testScenario } from '../../../core/testing/test-history';
import { raftObservations } from './raft-observations';

const SPLIT = 'A split brain, because two members said they led in the same second.';
const BROKEN = 'A broken majority that needs restarting.';

/** minority-leader's shape: raft-1 and app-pinned cut off at +5 s, healed at +20 s. */
const scenario = testScenario({
  id: 'test-raft',
  system: 'etcd-raft',
  lab: { settings: { members: 3, preVote: true } },
  workload: {
    rate: 20,
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
      at: { after: '5s' },
      duration: '15s',
    },
  ],
  staleLeader: 'raft-1',
  grading: { passMark: 70, checks: [{ check: 'final-health', weight: 100 }] },
  teaching: {
    shape: 's',
    howItShows: 'h',
    tell: 't',
    misdiagnoses: [
      { looksLike: SPLIT, butActually: 'b', howToTell: 'c' },
      { looksLike: BROKEN, butActually: 'b', howToTell: 'c' },
    ],
    fix: { immediate: 'i', shortTerm: 's', longTerm: 'l' },
    story: 's',
  },
  reference: [{ since: 'cut-rack:healed', after: '5s', do: { kind: 'end' } }],
});

function member(node: string, leader: string | undefined, term: number): NodeObservation {
  return {
    node,
    kind: 'raft',
    role: leader === node ? 'master' : 'replica',
    state: 'running',
    raft: {
      memberId: node,
      term,
      state: leader === node ? 'leader' : 'follower',
      commitIndex: 1,
      appliedIndex: 1,
      ...(leader ? { leader } : {}),
    },
  };
}

/**
 * raft-1 leads term 2 until +7 s (it steps down 2 s after the cut); raft-2
 * leads term 3 from +6.5 s, followed by raft-3 (a majority), so both say they
 * lead from +6.5 s to +7 s; after the heal at +20 s raft-1 follows raft-2.
 * app-multi writes through raft-1 until +6 s (timing out from the cut), then
 * through raft-2.
 */
function raftSample(at: number): ProbeSample {
  const nodes =
    at < 6_500
      ? [
          member('raft-1', 'raft-1', 2),
          member('raft-2', 'raft-1', 2),
          member('raft-3', 'raft-1', 2),
        ]
      : at < 7_000
        ? [
            member('raft-1', 'raft-1', 2),
            member('raft-2', 'raft-2', 3),
            member('raft-3', 'raft-2', 3),
          ]
        : at < 20_000
          ? [
              member('raft-1', undefined, 2),
              member('raft-2', 'raft-2', 3),
              member('raft-3', 'raft-2', 3),
            ]
          : [
              member('raft-1', 'raft-2', 3),
              member('raft-2', 'raft-2', 3),
              member('raft-3', 'raft-2', 3),
            ];
  return {
    t: T0 + at,
    nodes,
    mastersClaimed: nodes.filter((n) => n.role === 'master').length,
    unknownNodes: 0,
  };
}

function history(moves: (h: HistoryBuilder) => void = () => undefined): RunEvent[] {
  const h = new HistoryBuilder().start({ members: 3, preVote: true });
  h.samples(250, 30_000, raftSample);
  h.fault(5_000, scenario.faults[0]!);
  h.writes(
    'app-pinned',
    () => 'raft-1',
    0,
    30_000,
    (at) => (at >= 5_000 && at < 20_000 ? 'timeout' : 'ack'),
  );
  h.writes(
    'app-multi',
    (at) => (at >= 6_000 ? 'raft-2' : 'raft-1'),
    0,
    30_000,
    (at) => (at >= 5_000 && at < 6_000 ? 'timeout' : 'ack'),
  );
  moves(h);
  h.fault(20_000, scenario.faults[0]!, 'revert');
  h.act(30_000, { kind: 'end' });
  return h.events();
}

const observe = (events = history()) => raftObservations(deriveRunFacts(scenario, events));

describe('raftObservations', () => {
  it('holds "a split brain" against the terms, the hand-over and the writes through the cut-off leader', () => {
    const [split] = observe();
    expect(split?.looksLike).toBe(SPLIT);
    expect(split?.shows).toBe(
      'raft-1 still said it led until +6.8 s, 1.8 s after the cut; two members said they led in 2 readings, in different terms (2 and 3); a majority followed raft-2 from +6.5 s (term 3). Of the 320 writes sent through raft-1 once the cut was in place (+5.0 s → +20.0 s), 0 were acknowledged while it lasted (320 timed out, 0 failed): alone, it could not commit anything.',
    );
  });

  it('holds "a broken majority" against what the majority committed, and names a move that hit it', () => {
    const [, quiet] = observe();
    expect(quiet?.looksLike).toBe(BROKEN);
    expect(quiet?.shows).toBe(
      'During the cut (+5.0 s → +20.0 s) the majority acknowledged 280 writes (raft-2 280): it was committing all along. Nothing was done to its members.',
    );
    const [, hit] = observe(history((h) => h.act(9_000, { kind: 'restart', node: 'raft-3' })));
    expect(hit?.shows).toMatch(
      /Meanwhile restart raft-3 at \+9\.0 s took a member of the only quorum out of service\.$/,
    );
  });

  it('counts the writes through the cut-off leader only while the cut was whole, not while the heal went in', () => {
    const h = new HistoryBuilder().start({ members: 3, preVote: true });
    h.samples(250, 30_000, raftSample);
    h.add(5_600, {
      kind: 'fault',
      faultId: 'cut-rack',
      phase: 'inject',
      spec: scenario.faults[0]!,
      startedMs: 5_000,
    });
    // Acknowledged while the rules went in (5.0-5.6 s) and while they came out (19.4-20 s).
    h.writes(
      'app-pinned',
      () => 'raft-1',
      0,
      30_000,
      (at) => (at >= 5_600 && at < 19_400 ? 'timeout' : 'ack'),
    );
    h.add(20_000, {
      kind: 'fault',
      faultId: 'cut-rack',
      phase: 'revert',
      spec: scenario.faults[0]!,
      startedMs: 19_400,
    });
    h.act(30_000, { kind: 'end' });
    const [split] = raftObservations(deriveRunFacts(scenario, h.events()));
    expect(split?.shows).toMatch(
      /Of the 276 writes sent through raft-1 once the cut was in place \(\+5\.6 s → \+19\.4 s\), 0 were acknowledged while it lasted \(276 timed out, 0 failed\): alone, it could not commit anything\.$/,
    );
    // A write raft-1 held until the link came back, then committed by the majority (seen on the real engine).
    h.add(20_500, {
      kind: 'writes',
      records: [
        {
          client: 'app-late',
          seq: 1,
          key: 'dojo:w:app-late:000001',
          node: 'raft-1',
          sentAt: T0 + 19_000,
          doneAt: T0 + 20_500,
          outcome: 'ack',
        },
      ],
    });
    const [late] = raftObservations(deriveRunFacts(scenario, h.events()));
    expect(late?.shows).toMatch(
      /Of the 277 writes .*, 0 were acknowledged while it lasted \(276 timed out, 0 failed; 1 sent in its last moments waited and was acknowledged only after the link came back, committed by the majority then\): alone, it could not commit anything\.$/,
    );
  });

  it('says nothing for a card without those misdiagnoses, or a run without a fault', () => {
    const plain = testScenario({
      ...scenario,
      teaching: {
        ...scenario.teaching,
        misdiagnoses: [{ looksLike: 'x', butActually: 'b', howToTell: 'c' }],
      },
    });
    expect(raftObservations(deriveRunFacts(plain, history()))).toEqual([]);
    const h = new HistoryBuilder().start({ members: 3 });
    h.samples(250, 5_000, raftSample);
    h.act(5_000, { kind: 'end' });
    expect(raftObservations(deriveRunFacts(scenario, h.events()))).toEqual([]);
  });
});

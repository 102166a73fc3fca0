import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../../../shared/run-events';
import { writes } from '../test/scenario-fixtures';
import { createConsoleRouter } from './console-router';
import { applyRunEvent, emptyRunState } from './run-state';
import {
  activeFaults,
  addWrites,
  applyScenarioEvent,
  isScenarioEvent,
  SCENARIO_LIMITS,
  systemEventsOf,
  type ScenarioLive,
  type ScenarioRunEvent,
} from './scenario-state';

let seq = 0;
const ev = (body: RunEventBody, t = 1000): RunEvent => ({ ...body, runId: 'run-1', seq: ++seq, t });
const scen = (body: RunEventBody, t = 1000): ScenarioRunEvent => {
  const e = ev(body, t);
  if (!isScenarioEvent(e)) throw new Error('not a scenario event');
  return e;
};
const partition = {
  id: 'cut',
  kind: 'partition' as const,
  groups: [['redis-1'], ['redis-2']],
  direction: 'both' as const,
  at: { after: '5s' },
};

describe('scenario state', () => {
  it('buckets acknowledged writes per second and node, in order, counting every outcome', () => {
    const empty = { attempts: 0, acked: 0, failed: 0, indeterminate: 0 };
    let { writes: buckets, ledger } = addWrites([], empty, [
      ...writes('a', 'redis-1', 1, 3, 5_100),
      ...writes('a', 'redis-1', 4, 2, 7_900, 'timeout'),
    ]);
    // A late reply for an earlier second lands in its own (new, inserted) bucket.
    ({ writes: buckets, ledger } = addWrites(buckets, ledger, [
      ...writes('b', 'redis-2', 1, 2, 6_500),
      ...writes('b', 'redis-2', 3, 1, 5_999, 'fail'),
    ]));
    expect(buckets.map((b) => [b.sec, b.acked, b.notAcked])).toEqual([
      [5, { 'redis-1': 3 }, 1],
      [6, { 'redis-2': 2 }, 0],
      [7, {}, 2],
    ]);
    expect(ledger).toEqual({ attempts: 8, acked: 5, failed: 1, indeterminate: 2 });
  });

  it('does not mutate buckets it was given', () => {
    const first = addWrites([], { attempts: 0, acked: 0, failed: 0, indeterminate: 0 }, [
      ...writes('a', 'redis-1', 1, 1, 5_000),
    ]);
    const snapshot = JSON.stringify(first.writes);
    addWrites(first.writes, first.ledger, writes('a', 'redis-1', 2, 5, 5_500));
    expect(JSON.stringify(first.writes)).toBe(snapshot);
  });

  it('keeps a bounded window of seconds under a steady stream (4 events/s, 10 records each)', () => {
    let s: ScenarioLive | undefined;
    for (let i = 0; i < 4 * 600; i++) {
      const t = 1_000_000 + i * 250;
      s = applyScenarioEvent(
        s,
        scen({ kind: 'writes', records: writes('a', 'redis-1', i * 10, 10, t) }, t),
      );
    }
    expect(s!.writes.length).toBeLessThanOrEqual(SCENARIO_LIMITS.writeSeconds);
    expect(s!.ledger.attempts).toBe(24_000);
  });

  it('opens and closes fault windows, newest open one first; a stray revert is ignored', () => {
    let s = applyScenarioEvent(
      undefined,
      scen({ kind: 'scenario', scenarioId: 'x', seed: 1, settings: {} }),
    );
    s = applyScenarioEvent(
      s,
      scen({ kind: 'fault', faultId: 'cut', phase: 'revert', spec: partition }, 1500),
    );
    expect(s.faults).toEqual([]);
    s = applyScenarioEvent(
      s,
      scen({ kind: 'fault', faultId: 'cut', phase: 'inject', spec: partition }, 2000),
    );
    expect(activeFaults(s.faults).map((f) => f.faultId)).toEqual(['cut']);
    s = applyScenarioEvent(
      s,
      scen({ kind: 'fault', faultId: 'cut', phase: 'revert', spec: partition }, 3000),
    );
    s = applyScenarioEvent(
      s,
      scen({ kind: 'fault', faultId: 'cut', phase: 'inject', spec: partition }, 4000),
    );
    const summary = 'partition redis-1 | redis-2';
    expect(s.faults).toEqual([
      { faultId: 'cut', kind: 'partition', summary, from: 2000, to: 3000 },
      { faultId: 'cut', kind: 'partition', summary, from: 4000 },
    ]);
  });

  it('the final ledger replaces the live counts; later writes do not change it', () => {
    let s = applyScenarioEvent(
      undefined,
      scen({ kind: 'writes', records: writes('a', 'redis-1', 1, 4, 5000) }),
    );
    expect(s.ledger.acked).toBe(4);
    const final = {
      attempts: 10,
      acked: 8,
      failed: 1,
      indeterminate: 1,
      fates: {
        'acked-present': 5,
        'acked-lost': 3,
        failed: 1,
        'indeterminate-present': 0,
        'indeterminate-absent': 1,
      },
    };
    s = applyScenarioEvent(s, scen({ kind: 'ledger', counts: final, lostKeys: ['k'] }));
    s = applyScenarioEvent(
      s,
      scen({ kind: 'writes', records: writes('a', 'redis-1', 5, 4, 6000) }),
    );
    expect(s.ledger).toEqual(final);
    expect(s.ledgerFinal).toBe(true);
  });

  it('run state: a scenario event makes the run a scenario run and logs faults and grades', () => {
    let run = emptyRunState('run-1', 'redis-sentinel', 0);
    run = applyRunEvent(run, ev({ kind: 'scenario', scenarioId: 'stale', seed: 3, settings: {} }));
    run = applyRunEvent(
      run,
      ev({ kind: 'fault', faultId: 'cut', phase: 'inject', spec: partition }),
    );
    run = applyRunEvent(
      run,
      ev({ kind: 'grade', result: { score: 50, passMark: 70, passed: false, checks: [] } }),
    );
    expect(run.scenario?.scenarioId).toBe('stale');
    expect(run.scenario?.grade?.score).toBe(50);
    expect(run.log.map((l) => l.text)).toEqual([
      'scenario stale (seed 3)',
      'fault cut injected',
      'graded: 50 / 100 (not passed)',
    ]);
  });

  it('run state: remembers when more than one master was first seen', () => {
    let run = emptyRunState('run-1', 'redis-sentinel', 0);
    const s = (t: number, m: number) => ({ t, nodes: [], mastersClaimed: m, unknownNodes: 0 });
    run = applyRunEvent(run, ev({ kind: 'sample', sample: s(1000, 1) }));
    run = applyRunEvent(run, ev({ kind: 'sample', sample: s(2000, 2) }));
    run = applyRunEvent(run, ev({ kind: 'sample', sample: s(3000, 2) }));
    expect(run.firstSplitAt).toBe(2000);
  });
});

describe('hints', () => {
  it('keeps each hint once, in order, marking those the trainee asked for', () => {
    let run = emptyRunState('run-1', 'redis-sentinel', 0, 'stale-leader');
    run = applyRunEvent(run, ev({ kind: 'hint', index: 1, text: 'second', requested: true }, 9000));
    run = applyRunEvent(run, ev({ kind: 'hint', index: 0, text: 'first' }, 8000));
    run = applyRunEvent(run, ev({ kind: 'hint', index: 1, text: 'second', requested: true }, 9500));
    expect(run.scenario!.hints).toEqual([
      { index: 0, t: 8000, text: 'first', requested: false },
      { index: 1, t: 9000, text: 'second', requested: true },
    ]);
    expect(run.log.map((l) => l.text)).toContain('hint 2 (asked for): second');
  });
});

describe('console router', () => {
  it('delivers to the subscriber of an id, and buffers output that came before it', () => {
    let now = 0;
    const router = createConsoleRouter(() => now);
    router.data('c-1', 'early ');
    router.data('c-1', 'bytes');
    router.exit('c-2', 3);
    const got: string[] = [];
    const off = router.subscribe('c-1', {
      data: (d) => got.push(d),
      exit: (c) => got.push(`exit ${c}`),
    });
    router.data('c-1', '!');
    expect(got).toEqual(['early bytes', '!']);
    off();
    router.data('c-1', 'lost?');
    const later: string[] = [];
    now = 60_000;
    router.data('c-3', 'x'); // prunes c-2's stale buffer
    router.subscribe('c-2', { data: (d) => later.push(d), exit: (c) => later.push(`exit ${c}`) });
    expect(later).toEqual([]);
  });
});

describe('Patroni scenario state', () => {
  it('keeps Patroni events, labels actions without a node, describes Patroni faults', () => {
    let s = applyScenarioEvent(
      undefined,
      scen({
        kind: 'scenario',
        scenarioId: 'unmanaged',
        seed: 1,
        settings: { ttl: 10, synchronousMode: true },
      }),
    );
    expect(s.settings).toEqual({ ttl: 10, synchronousMode: true });
    s = applyScenarioEvent(
      s,
      scen({
        kind: 'fault',
        faultId: 'dies',
        phase: 'inject',
        spec: { id: 'dies', kind: 'kill-patroni', node: 'pg-1', at: { after: '5s' } },
      }),
    );
    s = applyScenarioEvent(
      s,
      scen({
        kind: 'fault',
        faultId: 'rogue',
        phase: 'inject',
        spec: {
          id: 'rogue',
          kind: 'manual-promote',
          node: 'pg-3',
          maintenance: true,
          at: { trigger: 'instructor' },
        },
      }),
    );
    expect(s.faults.map((f) => f.summary)).toEqual([
      'Patroni killed on pg-1',
      'manual promote of pg-3 (maintenance on)',
    ]);
    s = applyScenarioEvent(
      s,
      scen({ kind: 'patroni-event', node: 'pg-2', event: 'promoted', line: 'promoted self' }),
    );
    expect(
      systemEventsOf(s.systemEvents, 'patroni-event').map((e) => [e.node, e.event, e.line]),
    ).toEqual([['pg-2', 'promoted', 'promoted self']]);
    s = applyScenarioEvent(
      s,
      scen({ kind: 'action', action: { kind: 'maintenance-on' }, source: 'palette', ok: true }),
    );
    s = applyScenarioEvent(
      s,
      scen({
        kind: 'action',
        action: { kind: 'failover', candidate: 'pg-3' },
        source: 'palette',
        ok: true,
      }),
    );
    expect(s.actions.map((a) => [a.label, a.node])).toEqual([
      ['maintenance mode on', undefined],
      ['failover to pg-3', 'pg-3'],
    ]);
    expect('node' in s.actions[0]!).toBe(false);
  });

  it('bounds the Patroni events and logs them in the run log', () => {
    let run = emptyRunState('run-1', 'patroni', 0, 'unmanaged-primary');
    for (let i = 0; i < SCENARIO_LIMITS.systemEvents + 5; i++)
      run = applyRunEvent(
        run,
        ev({ kind: 'patroni-event', node: 'pg-1', event: 'dcs-unreachable', line: `l${i}` }),
      );
    expect(run.scenario!.systemEvents).toHaveLength(SCENARIO_LIMITS.systemEvents);
    expect(run.log.at(-1)).toMatchObject({ level: 'warn' });
    expect(run.log.at(-1)?.text).toContain('pg-1 patroni: dcs-unreachable');
  });
});

describe('keepalived scenario state', () => {
  it('keeps keepalived events bounded, logs the VRRP tells as warnings, and counts requests per MAC', () => {
    let run = emptyRunState('run-1', 'keepalived', 0, 'vrrp-dual-master');
    for (let i = 0; i < SCENARIO_LIMITS.systemEvents + 3; i++)
      run = applyRunEvent(
        run,
        ev({
          kind: 'keepalived-event',
          node: 'router-1',
          event: 'lower-priority-advert',
          line: `forcing new election ${i}`,
        }),
      );
    run = applyRunEvent(
      run,
      ev({ kind: 'keepalived-event', node: 'router-2', event: 'entering-backup', line: 'BACKUP' }),
    );
    const events = systemEventsOf(run.scenario!.systemEvents, 'keepalived-event');
    expect(events).toHaveLength(SCENARIO_LIMITS.systemEvents);
    expect(events.at(-1)).toMatchObject({ node: 'router-2', event: 'entering-backup' });
    expect(run.log.at(-2)).toMatchObject({ level: 'warn' });
    expect(run.log.at(-2)?.text).toContain('router-1 keepalived: lower-priority-advert');
    expect(run.log.at(-1)).toMatchObject({ level: 'info' });

    const via = (mac: string | undefined, outcome: 'ack' | 'fail', node = 'router-1') => ({
      ...writes('app-session', node, 1, 1, 5_100, outcome)[0]!,
      ...(mac !== undefined ? { via: mac } : {}),
    });
    const { writes: buckets } = addWrites(
      [],
      { attempts: 0, acked: 0, failed: 0, indeterminate: 0 },
      [
        via('mac-1', 'ack'),
        via('mac-2', 'ack'),
        via('mac-2', 'fail', 'none'),
        via(undefined, 'ack'),
      ],
    );
    // Every request counts against the MAC it went to, whatever its outcome; none without a MAC.
    expect(buckets.map((b) => [b.acked, b.notAcked, b.via])).toEqual([
      [{ 'router-1': 3 }, 1, { 'mac-1': 1, 'mac-2': 2 }],
    ]);
  });
});

describe('etcd (Raft) scenario state', () => {
  it('keeps Raft events bounded with their terms, and logs campaigning and lost leaders as warnings', () => {
    let run = emptyRunState('run-1', 'etcd-raft', 0, 'minority-leader');
    for (let i = 0; i < SCENARIO_LIMITS.systemEvents + 2; i++)
      run = applyRunEvent(
        run,
        ev({
          kind: 'raft-event',
          node: 'raft-1',
          event: 'candidate',
          term: 3 + i,
          line: `raft: 8e9e became candidate at term ${3 + i}`,
        }),
      );
    run = applyRunEvent(
      run,
      ev({ kind: 'raft-event', node: 'raft-2', event: 'elected', line: 'raft: elected leader' }),
    );
    const events = systemEventsOf(run.scenario!.systemEvents, 'raft-event');
    expect(events).toHaveLength(SCENARIO_LIMITS.systemEvents);
    expect(events.at(-2)).toMatchObject({ node: 'raft-1', event: 'candidate', term: 304 });
    expect(events.at(-1)).toMatchObject({ node: 'raft-2', event: 'elected' });
    expect('term' in events.at(-1)!).toBe(false);
    expect(run.log.at(-2)).toMatchObject({ level: 'warn' });
    expect(run.log.at(-2)?.text).toBe(
      'raft-1 raft: started an election (term 304) — raft: 8e9e became candidate at term 304',
    );
    expect(run.log.at(-1)).toMatchObject({
      level: 'info',
      text: 'raft-2 raft: learnt of a new leader — raft: elected leader',
    });
    for (const event of ['stepped-down', 'lost-leader', 'pre-candidate'] as const) {
      run = applyRunEvent(run, ev({ kind: 'raft-event', node: 'raft-1', event, line: event }));
      expect(run.log.at(-1)).toMatchObject({ level: 'warn' });
    }
  });
});

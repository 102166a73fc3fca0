import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REDIS_LAB } from './test/fake-client';
import {
  ETCD_RAFT_LAB,
  MINORITY_LEADER,
  MINORITY_LEADER_SUMMARY,
  raftCut,
  raftHealthy,
} from '../../systems/etcd-raft/ui/testing/raft-fixtures';
import { writes } from './test/scenario-fixtures';
import { click, waitFor, type Rendered } from './test/render';
import { pickNode } from './test/palette';
import { setUpAppHarness } from './test/app-harness';

const app = setUpAppHarness((client) => {
  client.labs = [REDIS_LAB, ETCD_RAFT_LAB];
  client.scenarios = [MINORITY_LEADER_SUMMARY];
  client.scenarioDetails.set(MINORITY_LEADER.id, MINORITY_LEADER);
});
const { mount, feed } = app;

// Time is vitest's fake clock (see keepalived-scenario.test.tsx).
beforeEach(() => {
  vi.useFakeTimers({
    toFake: [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'Date',
      'requestAnimationFrame',
      'cancelAnimationFrame',
    ],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

const T0 = 1_000_000;

/**
 * Starts minority-leader from its card: raft-1 leads term 2, then the cut:
 * raft-1 steps down and campaigns alone (its term climbing to 6) while
 * raft-2 leads raft-3 in term 3.
 */
async function cutRun(): Promise<Rendered> {
  const v = await mount();
  await click(await waitFor(() => v.get('start-scenario-minority-leader')));
  await waitFor(() => expect(v.get('run-view').dataset.scenario).toBe('true'));
  await feed(() => {
    app.client.emit('run-1', { kind: 'phase', phase: 'running' }, T0 + 3_000);
    app.client.emit(
      'run-1',
      { kind: 'scenario', scenarioId: 'minority-leader', seed: 7, settings: { preVote: false } },
      T0 + 3_100,
    );
    for (let i = 0; i < 6; i++)
      app.client.emit('run-1', { kind: 'sample', sample: raftHealthy(T0 + 4_000 + i * 500, 2) });
    app.client.emit(
      'run-1',
      { kind: 'fault', faultId: 'cut-rack', phase: 'inject', spec: MINORITY_LEADER.faults[0]! },
      T0 + 8_000,
    );
    for (let i = 0; i < 8; i++)
      app.client.emit('run-1', {
        kind: 'sample',
        sample: raftCut(T0 + 8_500 + i * 500, 3 + Math.floor(i / 2), 3, 90, 90 + i * 5),
      });
    app.client.emit(
      'run-1',
      {
        kind: 'raft-event',
        node: 'raft-1',
        event: 'stepped-down',
        term: 2,
        line: 'raft: 8e9e05c52164694d stepped down to follower since quorum is not active',
      },
      T0 + 9_000,
    );
    app.client.emit(
      'run-1',
      {
        kind: 'raft-event',
        node: 'raft-2',
        event: 'leader',
        term: 3,
        line: 'raft: 91bc3c398fb3c146 became leader at term 3',
      },
      T0 + 9_400,
    );
    app.client.emit('run-1', {
      kind: 'writes',
      records: [
        ...writes('app-multi', 'raft-1', 1, 10, T0 + 7_100),
        ...writes('app-multi', 'raft-2', 11, 10, T0 + 10_100),
        ...writes('app-pinned', 'raft-1', 1, 4, T0 + 10_200, 'timeout'),
      ],
    });
  });
  await waitFor(() => v.get('action-palette'));
  return v;
}

describe('etcd (Raft) scenario run', () => {
  it("shows each member's leader, term and lag, the terms over time and the election events", async () => {
    const v = await cutRun();
    expect(v.get('scenario-run').dataset.system).toBe('etcd-raft');
    expect(v.get('raft-term').dataset.value).toBe('6');
    // The headline counts members that lead, in Raft's words.
    expect(v.get('headline').textContent).toContain('Members that lead');
    expect(v.get('headline').textContent).toContain('one leader: healthy');

    const table = v.get('raft-members');
    expect(table.dataset.leaders).toBe('raft-2');
    expect(table.dataset.noLeader).toBe('raft-1');
    const rows = [...table.querySelectorAll('tbody tr')] as HTMLElement[];
    expect(rows.map((r) => [r.dataset.node, r.dataset.role, r.dataset.term])).toEqual([
      ['raft-1', 'replica', '6'],
      ['raft-2', 'master', '3'],
      ['raft-3', 'replica', '3'],
    ]);
    // raft-1 froze at revision 90 while the majority moved on to 125.
    expect(v.get('raft-member-raft-1').dataset.behind).toBe('35');
    expect(v.get('raft-member-raft-3').dataset.behind).toBe('0');

    // The cards say what each member believes.
    expect(v.get('node-card-raft-1').textContent).toContain('leadernone known');
    expect(v.get('node-card-raft-3').textContent).toContain('leaderraft-2');
    expect(v.get('node-card-raft-3').textContent).toContain('term3');

    // Both lane and term charts shade the cut; one term line per member.
    for (const id of ['chart-masters', 'chart-raft-roles', 'raft-terms-chart', 'chart-writes'])
      expect(v.get(id).querySelectorAll('[class~="fault-window"]').length, id).toBe(1);
    expect(v.get('raft-terms-chart').querySelectorAll('[class~="recharts-line"]').length).toBe(3);
    expect(
      v.get('chart-raft-roles').querySelectorAll('[class~="lane-0"][class~="lane-class-no-leader"]')
        .length,
    ).toBe(1);

    const events = [
      ...v.get('raft-events').querySelectorAll('[data-testid="raft-event"]'),
    ] as HTMLElement[];
    expect(events.map((e) => [e.dataset.node, e.dataset.event, e.dataset.term])).toEqual([
      ['raft-2', 'leader', '3'],
      ['raft-1', 'stepped-down', '2'],
    ]);
    expect(events[0]!.textContent).toContain('became leader · term 3');

    // Other systems' tells are not shown.
    for (const hidden of [
      'chart-roles',
      'chart-offsets',
      'sentinel-epoch',
      'leader-key',
      'vrrp-routers',
      'keepalived-events',
    ])
      expect(v.query(hidden), hidden).toBeNull();
  });

  it('the palette offers move-leader and the moves that fit a member; each sends its Action', async () => {
    const v = await cutRun();
    for (const node of ['raft-1', 'raft-2', 'raft-3']) {
      expect(v.get(`palette-node-${node}`).dataset.kind).toBe('raft');
      await pickNode(v, node);
      for (const kind of [
        'move-leader',
        'isolate-clients',
        'unisolate-clients',
        'pause',
        'resume',
        'stop',
        'start',
        'restart',
      ])
        expect(v.query(`action-${kind}-${node}`), `${kind} ${node}`).not.toBeNull();
      for (const kind of ['demote', 'export-keys', 'stop-keepalived', 'reinit'])
        expect(v.query(`action-${kind}-${node}`), `${kind} ${node}`).toBeNull();
    }
    expect(v.query('palette-cluster')).toBeNull();
    await pickNode(v, 'raft-3');
    await click(v.get('action-move-leader-raft-3'));
    expect(app.client.called('act').at(-1)?.args).toEqual({
      runId: 'run-1',
      action: { kind: 'move-leader', node: 'raft-3' },
    });
    expect(v.get('action-result').textContent).toContain('move-leader to raft-3');
  });
});

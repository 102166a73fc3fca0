import { describe, expect, it } from 'vitest';
import { PATRONI_LAB, REDIS_LAB } from './test/fake-client';
import {
  UNMANAGED_PRIMARY,
  UNMANAGED_SUMMARY,
  patroniDebriefFor,
  pgHealthy,
  pgSplit,
} from '../../systems/patroni/ui/testing/patroni-fixtures';
import { click, waitFor, type Rendered } from './test/render';
import { pickNode } from './test/palette';
import { debriefFor, writes } from './test/scenario-fixtures';
import { setUpAppHarness } from './test/app-harness';

const app = setUpAppHarness((client) => {
  client.labs = [REDIS_LAB, PATRONI_LAB];
  client.scenarios = [UNMANAGED_SUMMARY];
  client.scenarioDetails.set(UNMANAGED_PRIMARY.id, UNMANAGED_PRIMARY);
});
const { mount, feed, go } = app;

const T0 = 1_000_000;

/** The lane names on the debrief timeline's y axis. */
function laneLabels(chart: HTMLElement): string[] {
  return (chart.dataset.lanes ?? '').split(',');
}

/** Starts the Patroni scenario from its card; running, healthy baseline, then the split. */
async function splitBrainRun(): Promise<Rendered> {
  const v = await mount();
  await click(await waitFor(() => v.get('start-scenario-unmanaged-primary')));
  await waitFor(() => expect(v.get('run-view').dataset.scenario).toBe('true'));
  await feed(() => {
    app.client.emit('run-1', { kind: 'phase', phase: 'running' }, T0 + 3_000);
    app.client.emit(
      'run-1',
      {
        kind: 'scenario',
        scenarioId: 'unmanaged-primary',
        seed: 7,
        settings: { ttl: 10, synchronousMode: true },
      },
      T0 + 3_100,
    );
    for (let i = 0; i < 6; i++)
      app.client.emit('run-1', {
        kind: 'sample',
        sample: pgHealthy(T0 + 4_000 + i * 250, 5000 + i),
      });
    app.client.emit(
      'run-1',
      {
        kind: 'fault',
        faultId: 'patroni-dies',
        phase: 'inject',
        spec: UNMANAGED_PRIMARY.faults[0]!,
      },
      T0 + 6_000,
    );
    for (let i = 0; i < 6; i++)
      app.client.emit('run-1', { kind: 'sample', sample: pgSplit(T0 + 6_250 + i * 250, 9000 + i) });
    app.client.emit('run-1', {
      kind: 'tell-shown',
      tell: 'masters-claimed',
      detail: 'pg-1 and pg-2 both claim primary',
      at: T0 + 6_250,
      shownAt: T0 + 6_300,
    });
    app.client.emit('run-1', {
      kind: 'patroni-event',
      node: 'pg-2',
      event: 'promoted',
      line: 'INFO: promoted self to leader by acquiring session lock',
    });
    app.client.emit('run-1', {
      kind: 'patroni-event',
      node: 'pg-3',
      event: 'following',
      line: 'INFO: no action. I am (pg-3), a secondary, and following a leader (pg-2)',
    });
    app.client.emit('run-1', {
      kind: 'writes',
      records: [
        ...writes('app-multi', 'pg-2', 1, 10, T0 + 6_100),
        ...writes('app-pinned', 'pg-1', 1, 8, T0 + 6_200),
      ],
    });
    app.client.emit('run-1', {
      kind: 'writes',
      records: writes('app-multi', 'pg-2', 11, 5, T0 + 8_100),
    });
  });
  await waitFor(() => v.get('action-palette'));
  return v;
}

describe('Patroni scenario', () => {
  it('a boolean trainee setting is a toggle; switched on, startScenario gets synchronousMode: true', async () => {
    const v = await mount();
    const toggle = (await waitFor(() => v.get('setting-synchronousMode'))) as HTMLInputElement;
    expect(toggle.type).toBe('checkbox');
    expect(toggle.checked).toBe(false);
    expect(v.get('scenario-card-unmanaged-primary').textContent).toContain('synchronous_mode');
    await click(toggle);
    expect((v.get('setting-synchronousMode') as HTMLInputElement).checked).toBe(true);
    await click(v.get('start-scenario-unmanaged-primary'));
    expect(app.client.called('startScenario').map((c) => c.args)).toEqual([
      { scenarioId: 'unmanaged-primary', settings: { synchronousMode: true } },
    ]);
    await waitFor(() => expect(v.get('scenario-run').dataset.system).toBe('patroni'));
  });

  it('flags two primaries on different timelines, Patroni vs postgres disagreement, the leader key', async () => {
    const v = await splitBrainRun();
    expect(v.get('masters-claimed').dataset.value).toBe('2');
    expect(v.get('first-split').textContent).toBe(
      'Split seen at +3.1 s: pg-1 and pg-2 both claim primary',
    );
    expect(v.get('scenario-settings').textContent).toContain('synchronousMode=true');

    const table = v.get('patroni-roles-table');
    expect(table.dataset.primaries).toBe('2');
    expect(table.dataset.timelinesDiverged).toBe('true');
    expect(v.get('two-primaries').textContent).toContain('different timelines');
    // pg-1: postgres says primary, Patroni's REST API is silent.
    const pg1 = v.get('patroni-role-pg-1');
    expect(pg1.dataset.role).toBe('master');
    expect(pg1.dataset.patroniRole).toBe('unknown');
    expect(pg1.dataset.disagrees).toBe('true');
    expect(pg1.dataset.timeline).toBe('1');
    expect(pg1.className).toContain('replid-diverged');
    expect(v.get('patroni-role-pg-2').dataset.disagrees).toBe('false');
    expect(v.get('patroni-role-pg-2').dataset.timeline).toBe('2');
    expect(v.get('patroni-disagrees').textContent).toContain('pg-1');

    // The leader key: pg-2 holds it with 7 s of lease left; pg-1 is primary without it.
    expect(v.get('leader-key').dataset.holder).toBe('pg-2');
    expect(v.get('leader-key').dataset.ttl).toBe('7');
    expect(v.get('leader-key').textContent).toContain('7 s left');
    expect(v.get('leader-key-panel').dataset.rogue).toBe('pg-1');
    expect(v.get('leader-key-etcd-1').textContent).toContain('pg-2');

    // Patroni's tells are charted with the fault window shaded; Redis-only tells are not.
    for (const id of [
      'chart-masters',
      'chart-patroni-roles',
      'chart-timelines',
      'chart-lsn',
      'chart-lsn-divergence',
      'chart-leader-key',
      'chart-writes',
    ])
      expect(v.get(id).querySelectorAll('[class~="fault-window"]').length, id).toBe(1);
    for (const hidden of [
      'chart-offsets',
      'chart-epoch',
      'replid-table',
      'sentinel-events',
      'sentinel-epoch',
    ])
      expect(v.query(hidden), hidden).toBeNull();
    // Postgres's role and Patroni's side by side, two lanes per node.
    expect(v.get('chart-patroni-roles').textContent).toContain('pg-1 patroni');
    // The fault window says what the fault does.
    expect(v.get('active-faults').title).toContain('Patroni killed on pg-1');
    expect(v.get('chart-masters').textContent).toContain('Patroni killed on pg-1');

    const events = [...v.get('patroni-events').querySelectorAll('[data-testid="patroni-event"]')];
    expect(events.map((e) => (e as HTMLElement).dataset.event)).toEqual(['following', 'promoted']);
    expect(events[1]!.textContent).toContain('pg-2');
    expect(events[1]!.textContent).toContain('acquiring session lock');
    // Both primaries acknowledged writes: one line each, plus "not acked".
    expect(v.get('chart-writes').querySelectorAll('[class~="recharts-line"]').length).toBe(3);
  });

  it('the palette offers the Patroni moves (and no demote); each sends its Action', async () => {
    const v = await splitBrainRun();
    for (const node of ['pg-1', 'pg-2', 'pg-3']) {
      await pickNode(v, node);
      expect(v.get('palette-moves').dataset.node).toBe(node);
      for (const kind of [
        'isolate-clients',
        'unisolate-clients',
        'stop-postgres',
        'pause',
        'resume',
        'stop',
        'start',
        'restart',
        'reinit',
        'export-keys',
        'replay-export-keep-authoritative',
        'replay-export-keep-newer',
        'replay-export-replace-all',
        'declare-authoritative',
        'switchover',
        'failover',
      ])
        expect(v.query(`action-${kind}-${node}`), `${kind} ${node}`).not.toBeNull();
      expect(v.container.querySelector('[data-testid^="action-demote-"]')).toBeNull();
    }
    await pickNode(v, 'pg-1');
    expect(v.get('action-export-keys-pg-1').textContent).toBe('Dump rows');
    // etcd takes process moves only.
    expect(v.get('palette-node-etcd-1').dataset.kind).toBe('etcd');
    await pickNode(v, 'etcd-1');
    expect(v.query('action-pause-etcd-1')).not.toBeNull();
    expect(v.query('action-stop-etcd-1')).not.toBeNull();
    expect(v.query('action-stop-postgres-etcd-1')).toBeNull();
    expect(v.query('action-replay-export-keep-authoritative-etcd-1')).toBeNull();
    expect(v.query('action-isolate-clients-etcd-1')).toBeNull();
    expect(v.query('action-switchover-etcd-1')).toBeNull();

    await pickNode(v, 'pg-1');
    await click(v.get('action-stop-postgres-pg-1'));
    expect(app.client.called('act').at(-1)?.args).toEqual({
      runId: 'run-1',
      action: { kind: 'stop-postgres', node: 'pg-1' },
    });
    await click(v.get('action-maintenance-on'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'maintenance-on' },
    });
    await click(v.get('action-maintenance-off'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'maintenance-off' },
    });
    await pickNode(v, 'pg-3');
    await click(v.get('action-switchover-pg-3'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'switchover', candidate: 'pg-3' },
    });
    expect(v.get('action-result').textContent).toContain('switchover to pg-3');
    await pickNode(v, 'pg-2');
    await click(v.get('action-failover-pg-2'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'failover', candidate: 'pg-2' },
    });
    await pickNode(v, 'pg-1');
    await click(v.get('action-reinit-pg-1'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'reinit', node: 'pg-1' },
    });

    await feed(() => {
      app.client.emit('run-1', {
        kind: 'action',
        action: { kind: 'maintenance-on' },
        source: 'palette',
        ok: true,
      });
      app.client.emit('run-1', {
        kind: 'action',
        action: { kind: 'switchover', candidate: 'pg-3' },
        source: 'palette',
        ok: false,
        detail: 'no healthy leader',
      });
    });
    const entries = [
      ...v.get('action-timeline').querySelectorAll('[data-testid="timeline-action"]'),
    ].map((e) => e.textContent);
    expect(entries[0]).toContain('switchover to pg-3');
    expect(entries[1]).toContain('maintenance mode on');
  });

  it('the debrief speaks Patroni: leader key, timelines, maintenance mode', async () => {
    app.client.debriefs.set('run-9', patroniDebriefFor('run-9'));
    const v = await mount();
    await go('#/debrief/run-9');
    const health = await waitFor(() => v.get('final-health'));
    expect(health.dataset.system).toBe('patroni');
    expect(v.get('debrief').dataset.system).toBe('patroni');
    const text = health.textContent ?? '';
    expect(text).toContain('leader key (etcd)');
    expect(text).not.toContain('sentinels');
    expect(text).not.toContain('CKQUORUM');
    expect(v.get('health-leader-key').textContent).toContain('pg-2');
    expect(v.get('health-leader-key').dataset.ok).toBe('true');
    expect(v.get('health-masters').textContent).toContain('pg_is_in_recovery()');
    expect(v.get('health-timelines').textContent).toContain('pg-1=1');
    expect(v.get('health-timelines').textContent).toContain('leader on 2');
    expect(v.get('health-timelines').dataset.ok).toBe('false');
    expect(v.get('health-maintenance').textContent).toContain('ON');
    expect(v.get('health-maintenance').dataset.ok).toBe('false');
    expect(v.get('health-patroni-roles').textContent).toContain('pg-1=unknown');
    expect(v.get('check-did-not-fence-new-master').textContent).toContain(
      'The new leader was left alone',
    );
    const timeline = v.get('debrief-timeline');
    expect(timeline.textContent).toContain('patroni-dies: Patroni killed on pg-1');
    // Patroni's lane replaces Sentinel's.
    expect(laneLabels(timeline)).toContain('patroni');
    expect(laneLabels(timeline)).not.toContain('sentinel');
    expect(v.get('reference-step-1').textContent).toContain('switchover to pg-3');
  });

  it('a Redis debrief keeps the Sentinel wording', async () => {
    app.client.debriefs.set('run-8', debriefFor('run-8'));
    const v = await mount();
    await go('#/debrief/run-8');
    const health = await waitFor(() => v.get('final-health'));
    expect(health.dataset.system).toBe('redis-sentinel');
    expect(health.textContent).toContain('sentinels name');
    expect(health.textContent).toContain('CKQUORUM');
    expect(health.textContent).not.toContain('leader key');
    expect(v.get('check-stale-leader-stopped-writes')).toBeTruthy();
    expect(laneLabels(v.get('debrief-timeline'))).toContain('sentinel');
    expect(laneLabels(v.get('debrief-timeline'))).not.toContain('patroni');
  });
});

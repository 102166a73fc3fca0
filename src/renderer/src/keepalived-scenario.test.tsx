import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REDIS_LAB } from './test/fake-client';
import {
  DEAF_BACKUP,
  DEAF_BACKUP_SUMMARY,
  KEEPALIVED_LAB,
  MAC_1,
  MAC_2,
  kaDualMaster,
  kaHealthy,
  keepalivedDebriefFor,
  requests,
} from '../../systems/keepalived/ui/testing/keepalived-fixtures';
import { click, waitFor, type Rendered } from './test/render';
import { pickNode } from './test/palette';
import { setUpAppHarness } from './test/app-harness';

const app = setUpAppHarness((client) => {
  client.labs = [REDIS_LAB, KEEPALIVED_LAB];
  client.scenarios = [DEAF_BACKUP_SUMMARY];
  client.scenarioDetails.set(DEAF_BACKUP.id, DEAF_BACKUP);
});
const { mount, feed, go } = app;

// Time is vitest's fake clock: waitFor's 2 s are fake (200 retries at most, however busy the
// machine), and the scenario clock's second tick and the charts' animation frames run only
// when a wait moves the clock on.
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
/** Adverts router-2 had received when the cut came. */
const FROZEN = 7;

/** Adverts a second since the run started, as the counters read at `t`. */
const adverts = (t: number) => Math.floor((t - T0) / 1000);

/**
 * The neighbour entry during the split: on router-1, then on router-2 after
 * its gratuitous ARP, then back on router-1 once router-1 re-announces.
 */
function neighbourAt(i: number): string {
  return i >= 2 && i < 4 ? MAC_2 : MAC_1;
}

/** Starts the deaf-backup scenario from its card: a healthy baseline, then router-2 goes deaf. */
async function dualMasterRun(): Promise<Rendered> {
  const v = await mount();
  await click(await waitFor(() => v.get('start-scenario-deaf-backup')));
  await waitFor(() => expect(v.get('run-view').dataset.scenario).toBe('true'));
  await feed(() => {
    app.client.emit('run-1', { kind: 'phase', phase: 'running' }, T0 + 3_000);
    app.client.emit(
      'run-1',
      { kind: 'scenario', scenarioId: 'deaf-backup', seed: 7, settings: { advertIntSeconds: 1 } },
      T0 + 3_100,
    );
    for (let i = 0; i < 8; i++) {
      const t = T0 + 4_000 + i * 500;
      app.client.emit('run-1', { kind: 'sample', sample: kaHealthy(t, adverts(t)) });
    }
    app.client.emit(
      'run-1',
      {
        kind: 'fault',
        faultId: 'hardening-drops-vrrp-in',
        phase: 'inject',
        spec: DEAF_BACKUP.faults[0]!,
      },
      T0 + 8_000,
    );
    for (let i = 0; i < 12; i++) {
      const t = T0 + 8_500 + i * 500;
      app.client.emit('run-1', {
        kind: 'sample',
        sample: kaDualMaster(t, adverts(t), FROZEN, neighbourAt(i)),
      });
    }
    app.client.emit(
      'run-1',
      {
        kind: 'tell-shown',
        tell: 'masters-claimed',
        detail: 'router-1 and router-2 both in MASTER',
        at: T0 + 8_500,
        shownAt: T0 + 8_600,
      },
      T0 + 8_600,
    );
    app.client.emit(
      'run-1',
      {
        kind: 'keepalived-event',
        node: 'router-2',
        event: 'entering-master',
        line: '(dojo_vip) Entering MASTER STATE',
      },
      T0 + 11_400,
    );
    app.client.emit(
      'run-1',
      {
        kind: 'keepalived-event',
        node: 'router-1',
        event: 'lower-priority-advert',
        line: '(dojo_vip) Received advert from 172.30.0.12 with lower priority 100, ours 150, forcing new election',
      },
      T0 + 12_300,
    );
    app.client.emit('run-1', {
      kind: 'writes',
      records: [
        ...requests('app-session', 'router-1', MAC_1, 1, 10, T0 + 8_100),
        ...requests('app-oneshot', 'router-2', MAC_2, 1, 6, T0 + 9_100),
        ...requests('app-session', 'none', MAC_2, 11, 1, T0 + 9_200, 'fail', 'ECONNRESET'),
        ...requests('app-session', 'router-1', MAC_1, 12, 10, T0 + 11_100),
      ],
    });
    app.client.emit('run-1', {
      kind: 'writes',
      records: requests('app-oneshot', 'router-1', MAC_1, 7, 5, T0 + 13_100),
    });
  });
  await waitFor(() => v.get('action-palette'));
  return v;
}

describe('keepalived scenario run', () => {
  it('shows two routers in MASTER, two MACs for the VIP, the deaf router, the neighbour flips and the events', async () => {
    const v = await dualMasterRun();
    expect(v.get('scenario-run').dataset.system).toBe('keepalived');
    // The headline: routers in MASTER next to the MACs answering ARP.
    expect(v.get('masters-claimed').dataset.value).toBe('2');
    expect(v.get('masters-claimed').parentElement!.textContent).toContain('Routers in MASTER');
    expect(v.get('masters-claimed').parentElement!.textContent).toContain('DUAL MASTER');
    expect(v.get('arp-mac-count').dataset.value).toBe('2');
    expect(v.get('arp-mac-count').parentElement!.textContent).toContain('router-1, router-2');
    expect(v.get('first-split').textContent).toBe(
      'Split seen at +5.4 s: router-1 and router-2 both in MASTER',
    );
    expect(v.get('chart-masters').textContent).toContain('Routers in MASTER');

    // Each router's VRRP state, VIP, MAC and adverts; router-2 hears nothing while router-1 sends.
    const table = v.get('vrrp-routers');
    expect(table.dataset.masters).toBe('2');
    expect(table.dataset.vipHolders).toBe('router-1,router-2');
    expect(table.dataset.deaf).toBe('router-2');
    expect(v.get('dual-master').textContent).toContain('2 routers in MASTER');
    expect(v.get('deaf-routers').textContent).toContain('router-2 hears no adverts');
    const r2 = v.get('vrrp-router-router-2');
    expect(r2.dataset.vrrpState).toBe('MASTER');
    expect(r2.dataset.vipHeld).toBe('true');
    expect(r2.dataset.deaf).toBe('true');
    expect(r2.dataset.rxRate).toBe('0');
    expect(r2.textContent).toContain(MAC_2);
    const r1 = v.get('vrrp-router-router-1');
    expect(r1.dataset.deaf).toBe('false');
    expect(Number(r1.dataset.txRate)).toBeGreaterThan(1.5);

    // The client's entry moved to router-2 and back: two flips, on router-1 now.
    const nb = v.get('vip-neighbour');
    expect(nb.dataset.router).toBe('router-1');
    expect(nb.dataset.mac).toBe(MAC_1);
    expect(nb.dataset.state).toBe('REACHABLE');
    expect(nb.dataset.flips).toBe('2');
    expect(v.get('vip-neighbour-flips').textContent).toContain('moved 2 times');
    expect(v.get('neighbour-chip').dataset.router).toBe('router-1');
    expect(v.get('neighbour-chip').dataset.flips).toBe('2');
    expect(v.get('vip-arp-answers').dataset.count).toBe('2');
    expect(v.get('two-macs').textContent).toContain('2 MACs answer ARP');
    expect(v.get('vip-http-responder').dataset.router).toBe('router-1');

    // keepalived's own events, newest first.
    const events = [
      ...v.get('keepalived-events').querySelectorAll('[data-testid="keepalived-event"]'),
    ] as HTMLElement[];
    expect(events.map((e) => [e.dataset.node, e.dataset.event])).toEqual([
      ['router-1', 'lower-priority-advert'],
      ['router-2', 'entering-master'],
    ]);
    expect(events[0]!.textContent).toContain('forcing new election');
    expect(events[1]!.textContent).toContain('entering MASTER');

    // Every keepalived chart shades the fault window; other systems' tells are not shown.
    for (const id of [
      'chart-masters',
      'chart-vrrp-states',
      'chart-vip-holders',
      'chart-arp-macs',
      'chart-vip-client',
      'chart-writes',
      'chart-http-via',
      'chart-adverts',
    ])
      expect(v.get(id).querySelectorAll('[class~="fault-window"]').length, id).toBe(1);
    for (const hidden of [
      'chart-roles',
      'chart-offsets',
      'chart-epoch',
      'replid-table',
      'sentinel-events',
      'sentinel-epoch',
      'patroni-events',
      'leader-key',
    ])
      expect(v.query(hidden), hidden).toBeNull();
    expect(v.get('active-faults').title).toContain('VRRP dropped on router-2 (inbound)');

    // VRRP lanes: router-1 MASTER throughout, router-2 BACKUP then MASTER.
    const states = v.get('chart-vrrp-states');
    expect(states.querySelectorAll('[class~="lane-class-MASTER"]').length).toBe(2);
    expect(states.querySelectorAll('[class~="lane-1"][class~="lane-class-BACKUP"]').length).toBe(1);
    // The client's ARP-entry lane: router-1, router-2, router-1.
    const clientLanes = v.get('chart-vip-client');
    expect(
      clientLanes.querySelectorAll('[class~="lane-0"][class~="lane-class-router-2"]').length,
    ).toBe(1);
    expect(
      clientLanes.querySelectorAll('[class~="lane-0"][class~="lane-class-router-1"]').length,
    ).toBe(2);

    // Requests answered per router (two routers + failed), and via which MAC (two MACs).
    expect(v.get('chart-writes').textContent).toContain('Requests answered per second per router');
    expect(v.get('chart-writes').querySelectorAll('[class~="recharts-line"]').length).toBe(3);
    expect(v.get('chart-http-via').querySelectorAll('[class~="recharts-line"]').length).toBe(2);
    expect(v.get('chart-http-via').textContent).toContain('via router-2');
    // Adverts: rx and tx per router.
    expect(v.get('chart-adverts').querySelectorAll('[class~="recharts-line"]').length).toBe(4);

    // The ledger counts requests.
    const ledger = v.get('ledger-counters');
    expect(ledger.textContent).toContain('Request ledger');
    expect(ledger.dataset.attempts).toBe('32');
    expect(ledger.dataset.failed).toBe('1');
    expect(v.get('ledger-acked').textContent).toBe('31');
  });

  it('the palette offers the keepalived moves on routers, process moves on the client; each sends its Action', async () => {
    const v = await dualMasterRun();
    for (const node of ['router-1', 'router-2']) {
      expect(v.get(`palette-node-${node}`).dataset.kind).toBe('router');
      await pickNode(v, node);
      for (const kind of [
        'stop-keepalived',
        'start-keepalived',
        'restart-keepalived',
        'announce-vip',
        'pause',
        'resume',
        'stop',
        'start',
        'restart',
        'declare-authoritative',
      ])
        expect(v.query(`action-${kind}-${node}`), `${kind} ${node}`).not.toBeNull();
      for (const kind of ['isolate-clients', 'demote', 'export-keys', 'stop-postgres', 'reinit'])
        expect(v.query(`action-${kind}-${node}`), `${kind} ${node}`).toBeNull();
    }
    expect(v.get('palette-node-client').dataset.kind).toBe('vip-client');
    await pickNode(v, 'client');
    for (const kind of ['pause', 'resume', 'stop', 'start', 'restart'])
      expect(v.query(`action-${kind}-client`), kind).not.toBeNull();
    for (const kind of ['announce-vip', 'stop-keepalived', 'declare-authoritative'])
      expect(v.query(`action-${kind}-client`), kind).toBeNull();
    expect(v.query('palette-cluster')).toBeNull();
    await pickNode(v, 'router-1');
    expect(v.get('action-announce-vip-router-1').title).toContain('Gratuitous ARP');
    expect(v.get('action-heal-hardening-drops-vrrp-in')).toBeTruthy();

    await pickNode(v, 'router-2');
    await click(v.get('action-stop-keepalived-router-2'));
    expect(app.client.called('act').at(-1)?.args).toEqual({
      runId: 'run-1',
      action: { kind: 'stop-keepalived', node: 'router-2' },
    });
    await pickNode(v, 'router-1');
    await click(v.get('action-announce-vip-router-1'));
    expect(app.client.called('act').at(-1)?.args).toEqual({
      runId: 'run-1',
      action: { kind: 'announce-vip', node: 'router-1' },
    });
    expect(v.get('action-result').textContent).toContain('announce-vip router-1');
    await click(v.get('action-declare-authoritative-router-1'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'declare-authoritative', node: 'router-1' },
    });
    await click(v.get('action-heal-hardening-drops-vrrp-in'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'heal', fault: 'hardening-drops-vrrp-in' },
    });

    await feed(() => {
      app.client.emit('run-1', {
        kind: 'action',
        action: { kind: 'announce-vip', node: 'router-2' },
        source: 'palette',
        ok: false,
        detail: 'router-2 does not hold the VIP',
      });
    });
    const entry = v.get('action-timeline').querySelector('[data-testid="timeline-action"]')!;
    expect(entry.textContent).toContain('announce-vip router-2');
    expect((entry as HTMLElement).dataset.ok).toBe('false');
  });

  it('the debrief shows the keepalived checks, the observations, the request ledger and the final health', async () => {
    app.client.debriefs.set('run-9', keepalivedDebriefFor('run-9'));
    const v = await mount();
    await go('#/debrief/run-9');
    await waitFor(() => v.get('debrief'));
    expect(v.get('debrief').dataset.system).toBe('keepalived');

    expect(v.get('check-dual-master-ended').dataset.verdict).toBe('fail');
    expect(v.get('check-dual-master-ended').textContent).toContain('The dual master ended');
    expect(v.get('check-dual-master-ended').textContent).toContain('31.2 s');
    expect(v.get('check-right-router-kept').textContent).toContain(
      'The right router was kept as MASTER',
    );
    expect(v.get('check-client-traffic-settled').textContent).toContain(
      'Client traffic settled on one router',
    );
    expect(v.get('check-requests-failed').textContent).toContain(
      'Requests that failed or timed out',
    );
    expect(v.get('check-requests-failed').dataset.credit).toBe('0.5');
    expect(v.get('check-final-health').textContent).toContain('The pair was left healthy');

    const obs = v.get('debrief-observations');
    expect(obs.dataset.count).toBe('2');
    expect(v.get('observation-0').textContent).toContain('A network blip');
    expect(v.get('observation-0').textContent).toContain('The split lasted 31.2 s');
    expect(v.get('observation-1').textContent).toContain('ECONNRESET');

    const ledger = v.get('ledger-summary');
    expect(ledger.dataset.ledger).toBe('answers');
    expect(ledger.textContent).toContain('Request ledger');
    expect(ledger.textContent).toContain('timed out');
    expect(ledger.textContent).not.toContain('LOST');
    expect(ledger.textContent).not.toContain('read back from');
    expect(v.get('answered-by-router-1').dataset.count).toBe('1402');
    expect(v.get('answered-by-router-2').dataset.count).toBe('379');
    expect(v.get('answered-by-router-2').textContent).toContain('21%');

    const health = v.get('final-health');
    expect(health.dataset.system).toBe('keepalived');
    expect(health.textContent).not.toContain('sentinels');
    expect(health.textContent).not.toContain('CKQUORUM');
    expect(v.get('health-masters').textContent).toContain('router-1');
    expect(v.get('health-masters').dataset.ok).toBe('true');
    expect(v.get('health-vip-holders').dataset.ok).toBe('true');
    expect(v.get('health-arp-answerers').textContent).toContain('router-1');
    expect(v.get('health-neighbour').textContent).toContain('router-1');
    expect(v.get('health-keepalived-running').textContent).toContain('router-2=yes');
    expect(v.get('health-vrrp-states').textContent).toContain('router-2=BACKUP');
    expect(v.get('health-vrid').textContent).toContain('router-2=51');
    expect(v.get('health-vrid').dataset.ok).toBe('true');

    const timeline = v.get('debrief-timeline');
    const lanes = (timeline.dataset.lanes ?? '').split(',');
    expect(lanes).toContain('keepalived');
    expect(lanes).not.toContain('sentinel');
    expect(lanes).not.toContain('patroni');
    expect(timeline.textContent).toContain('VRRP dropped on router-2 (inbound)');
    expect(v.get('reference-step-1').textContent).toContain('announce-vip router-1');
  });

  it('final health flags two VRRP groups, a stopped keepalived and a stale client entry', async () => {
    const d = keepalivedDebriefFor('run-8');
    d.finalHealth = {
      ...d.finalHealth!,
      masters: ['router-1', 'router-2'],
      coordinationOk: false,
      keepalived: {
        ...d.finalHealth!.keepalived!,
        vipHolders: ['router-1', 'router-2'],
        arpAnswerers: ['router-1', 'router-2'],
        neighbourRouter: 'router-2',
        keepalivedRunning: { 'router-1': true, 'router-2': false },
        vrrpStates: { 'router-1': 'MASTER', 'router-2': 'MASTER' },
        virtualRouterIds: { 'router-1': 51, 'router-2': 52 },
      },
    };
    app.client.debriefs.set('run-8', d);
    const v = await mount();
    await go('#/debrief/run-8');
    await waitFor(() => v.get('final-health'));
    for (const id of [
      'masters',
      'vip-holders',
      'arp-answerers',
      'neighbour',
      'keepalived-running',
      'vrrp-states',
      'vrid',
      'quorum-ok',
    ])
      expect(v.get(`health-${id}`).dataset.ok, id).toBe('false');
    expect(v.get('health-keepalived-running').textContent).toContain('router-2=NO');
  });
});

describe('keepalived lab without a scenario', () => {
  it('charts routers in MASTER, the MACs answering ARP and the VRRP states; the node cards show both views', async () => {
    const v = await mount();
    await click(await waitFor(() => v.get('start-lab-keepalived')));
    await waitFor(() => v.get('run-view'));
    await feed(() => {
      app.client.emit('run-1', { kind: 'phase', phase: 'running' }, T0 + 3_000);
      for (let i = 0; i < 6; i++) {
        const t = T0 + 4_000 + i * 500;
        app.client.emit('run-1', { kind: 'sample', sample: kaHealthy(t, adverts(t)) });
      }
      for (let i = 0; i < 4; i++) {
        const t = T0 + 7_000 + i * 500;
        app.client.emit('run-1', { kind: 'sample', sample: kaDualMaster(t, adverts(t), 3, MAC_2) });
      }
    });
    await waitFor(() => expect(v.get('masters-claimed').dataset.value).toBe('2'));
    expect(v.get('run-view').dataset.scenario).toBe('false');
    expect(v.get('masters-claimed').parentElement!.textContent).toContain('Routers in MASTER');
    expect(v.get('arp-mac-count').dataset.value).toBe('2');
    expect(v.get('chart-masters').textContent).toContain('Routers in MASTER');
    expect(v.get('chart-vrrp-states')).toBeTruthy();
    expect(v.get('chart-arp-macs')).toBeTruthy();
    expect(v.query('chart-offsets')).toBeNull();
    expect(v.query('chart-roles')).toBeNull();
    expect(v.get('node-card-router-2').dataset.role).toBe('master');
    expect(v.get('node-card-client').dataset.kind).toBe('vip-client');
    expect(v.get('node-card-client').textContent).toContain('router-1, router-2');
  });
});

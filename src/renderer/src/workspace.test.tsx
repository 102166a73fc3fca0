import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProbeSample } from '../../shared/lab-types';
import type { Scenario } from '../../shared/scenario-schema';
import { setUpAppHarness } from './test/app-harness';
import { redisNode, sample, sentinelNode } from './test/fake-client';
import { pickNode } from './test/palette';
import { actAsync, click, waitFor, type Rendered } from './test/render';
import { STALE_LEADER, STALE_SUMMARY } from './test/scenario-fixtures';

vi.mock('@xterm/xterm', () => import('./test/xterm-mock'));
vi.mock('@xterm/addon-fit', () => import('./test/xterm-mock'));

/** The stale-leader scenario with four hints (the shipped one's count). */
const FOUR_HINTS: Scenario = {
  ...STALE_LEADER,
  hints: [
    { after: '30s', text: 'Count the nodes claiming master.' },
    { after: '60s', text: 'Which node still takes the pinned writes?' },
    { after: '90s', text: 'Fence it from its clients.' },
    { after: '120s', text: 'Lift the fence before you end.' },
  ],
};

const app = setUpAppHarness((client) => {
  client.scenarios = [STALE_SUMMARY];
  client.scenarioDetails.set(FOUR_HINTS.id, FOUR_HINTS);
});
const { mount, feed } = app;

/** The lab's start (FakeClient's runs start here). */
const T0 = 1_000_000;
/** The scenario's start: its `scenario` event, 3.1 s after the lab's. */
const S = T0 + 3_100;

function healthy(t: number): ProbeSample {
  return sample(t, [
    redisNode('redis-1', 'master', { replOffset: 100 }),
    redisNode('redis-2', 'replica', { replOffset: 100, following: 'redis-1:6379' }),
    redisNode('redis-3', 'replica', { replOffset: 100, following: 'redis-1:6379' }),
    sentinelNode('sentinel-1'),
  ]);
}

function split(t: number): ProbeSample {
  return sample(t, [
    redisNode('redis-1', 'master', { replOffset: 200 }),
    redisNode('redis-2', 'master', { replOffset: 150 }),
    redisNode('redis-3', 'replica', { replOffset: 150, following: 'redis-2:6379' }),
    sentinelNode('sentinel-1', { epoch: 1 }),
  ]);
}

/** Starts the stale-leader scenario from its card; the lab runs and the scenario starts at S. */
async function startedScenario(timeLimitMs = 480_000): Promise<Rendered> {
  const v = await mount();
  await click(await waitFor(() => v.get('start-scenario-stale-leader')));
  await waitFor(() => expect(v.get('run-view').dataset.scenario).toBe('true'));
  await feed(() => {
    app.client.emit('run-1', { kind: 'phase', phase: 'running' }, T0 + 3_000);
    app.client.emit(
      'run-1',
      {
        kind: 'scenario',
        scenarioId: 'stale-leader',
        seed: 86,
        settings: {},
        pace: 'human',
        timeLimitMs,
      },
      S,
    );
    for (let i = 0; i < 4; i++)
      app.client.emit('run-1', { kind: 'sample', sample: healthy(S - 2_000 + i * 1_000) });
  });
  await waitFor(() => v.get('action-palette'));
  return v;
}

/** A plain Redis lab run, running, with a few samples. */
async function runningLab(): Promise<Rendered> {
  app.client.runs.set('lab-1', {
    runId: 'lab-1',
    labId: 'redis-sentinel',
    phase: 'running',
    startedAt: T0,
    readyAfterMs: 3_600,
    build: [{ image: 'redis', fraction: 1, message: 'reused', cached: true }],
    readiness: { ready: true, conditions: [{ name: 'master answers', ok: true, detail: 'ok' }] },
    samples: [healthy(T0 + 4_000), healthy(T0 + 5_000)],
  });
  window.location.hash = '#/runs/lab-1';
  const v = await mount();
  await waitFor(() => v.get('masters-claimed'));
  return v;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the workspace of a scenario run', () => {
  it('puts the tells on the left and the palette and consoles on the right; the bring-up and briefing fold to a line', async () => {
    const v = await startedScenario();
    const main = v.get('workspace-main');
    const side = v.get('workspace-side');
    expect(main.contains(v.get('headline'))).toBe(true);
    expect(main.contains(v.get('masters-claimed'))).toBe(true);
    expect(side.contains(v.get('action-palette'))).toBe(true);
    expect(side.contains(v.get('node-hands'))).toBe(true);
    // Global moves need no node picked.
    expect(v.get('action-end').closest('[data-testid="action-palette"]')).not.toBeNull();
    expect(v.get('action-heal')).toBeTruthy();
    // One node's moves at a time.
    expect(v.get('palette-moves').dataset.node).toBe('redis-1');
    expect(v.query('action-isolate-clients-redis-2')).toBeNull();
    await pickNode(v, 'redis-2');
    expect(v.get('palette-moves').dataset.node).toBe('redis-2');
    expect(v.query('action-isolate-clients-redis-1')).toBeNull();
    expect(v.query('action-isolate-clients-redis-2')).not.toBeNull();
    // Picking a console's tab picks its node in the palette too.
    await click(v.get('console-tab-redis-3'));
    expect(v.get('palette-moves').dataset.node).toBe('redis-3');
    await waitFor(() => expect(v.get('console-redis-3').dataset.status).toBe('open'));
    expect(side.contains(v.get('console-redis-3'))).toBe(true);

    // The lab is up: bring-up details fold to one line, the briefing to one line.
    expect(v.get('run-status-line').dataset.expanded).toBe('false');
    expect(v.query('readiness')).toBeNull();
    await click(v.get('toggle-run-status'));
    expect(v.get('run-status-line').dataset.expanded).toBe('true');
    expect(v.get('phase-stepper')).toBeTruthy();
    const briefing = v.get('scenario-briefing');
    expect(briefing.dataset.expanded).toBe('false');
    expect(briefing.textContent).toContain(FOUR_HINTS.briefing);
    await click(v.get('toggle-briefing'));
    expect(v.get('scenario-briefing').dataset.expanded).toBe('true');
  });

  it('counts every time on screen from the scenario start, as the debrief does', async () => {
    const v = await startedScenario();
    await feed(() => {
      app.client.emit(
        'run-1',
        { kind: 'fault', faultId: 'cut-master', phase: 'inject', spec: STALE_LEADER.faults[0]! },
        S + 4_000,
      );
      app.client.emit(
        'run-1',
        {
          kind: 'reachability',
          reason: 'after cut-master',
          matrix: { members: ['redis-1', 'redis-2'], reach: { 'redis-1': { 'redis-2': false } } },
        },
        S + 4_500,
      );
      app.client.emit('run-1', { kind: 'sample', sample: split(S + 5_000) });
      app.client.emit(
        'run-1',
        {
          kind: 'tell-shown',
          tell: 'masters-claimed',
          detail: 'redis-1 and redis-2 both claim master',
          at: S + 5_000,
          shownAt: S + 5_100,
        },
        S + 5_100,
      );
      app.client.emit('run-1', { kind: 'sample', sample: split(S + 8_000) });
      app.client.emit('run-1', { kind: 'hint', index: 0, text: 'Count the masters.' }, S + 10_000);
      app.client.emit(
        'run-1',
        {
          kind: 'action',
          action: { kind: 'isolate-clients', node: 'redis-1' },
          source: 'palette',
          ok: true,
        },
        S + 12_000,
      );
    });
    expect(Number(v.get('run-view').dataset.t0)).toBe(S);
    expect(v.get('first-split').dataset.seconds).toBe('5');
    expect(v.get('first-split').textContent).toContain('+5.0 s');
    expect(v.get('hint-0').textContent).toContain('+10.0 s');
    expect(v.get('timeline-offset').textContent).toBe('+12.0 s');
    expect(v.get('reachability-matrix').textContent).toContain('+4.5 s');
    // The charts' time axis starts 2 s before the scenario (its first sample), not at the lab's start.
    const ticks = [
      ...v.get('chart-masters').querySelectorAll('.recharts-cartesian-axis-tick-value'),
    ].map((t) => t.textContent);
    // (From the lab's start it would begin at 1s.)
    expect(ticks[0]).toBe('-2s');
  });

  it('shows the time left from the scenario event, warns in the last minute, and stops with the run', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: S });
    const v = await startedScenario(120_000);
    expect(v.get('scenario-clock').textContent).toBe('2:00 left');
    expect(v.query('time-warning')).toBeNull();
    await actAsync(() => vi.advanceTimersByTime(59_000));
    expect(v.get('scenario-clock').textContent).toBe('1:01 left');
    expect(v.query('time-warning')).toBeNull();
    await actAsync(() => vi.advanceTimersByTime(2_000));
    expect(v.get('scenario-clock').textContent).toBe('0:59 left');
    const warning = v.get('time-warning');
    expect(warning.getAttribute('role')).toBe('alert');
    expect(warning.textContent).toContain('at 0:00 the scenario ends');
    // End scenario stays in view (no node to pick first).
    expect((v.get('action-end') as HTMLButtonElement).disabled).toBe(false);
    await actAsync(() => vi.advanceTimersByTime(70_000));
    expect(v.get('scenario-clock').textContent).toBe('0:00 left');
    await feed(() => app.client.emit('run-1', { kind: 'phase', phase: 'grading' }));
    expect(v.query('scenario-clock')).toBeNull();
    expect(v.query('time-warning')).toBeNull();
  });

  it('asks for a hint through the store, marks the hints asked for, and says why the button is off', async () => {
    const v = await startedScenario();
    expect(v.get('hints-count').textContent).toBe('0 of 4 hints shown, 0 asked for');
    const button = () => v.get('request-hint') as HTMLButtonElement;
    expect(button().disabled).toBe(false);
    await click(button());
    expect(app.client.called('requestHint').map((c) => c.args)).toEqual([{ runId: 'run-1' }]);
    await feed(() => {
      app.client.emit('run-1', { kind: 'hint', index: 0, text: 'Count the masters.' }, S + 30_000);
      app.client.emit(
        'run-1',
        { kind: 'hint', index: 1, text: 'Which node takes the writes?', requested: true },
        S + 31_000,
      );
    });
    expect(v.get('hints-count').textContent).toBe('2 of 4 hints shown, 1 asked for');
    expect(v.get('hint-0').dataset.requested).toBe('false');
    expect(v.get('hint-1').dataset.requested).toBe('true');
    expect(v.get('hint-1').textContent).toContain('asked for');
    expect(v.get('hint-0').textContent).not.toContain('asked for');

    // The engine's refusal is shown.
    app.client.hintReply = { ok: false, detail: 'the scenario has ended' };
    await click(button());
    expect(v.get('request-hint-answer').textContent).toBe('the scenario has ended');

    await feed(() => {
      app.client.emit('run-1', { kind: 'hint', index: 2, text: 'Fence it.' }, S + 40_000);
      app.client.emit('run-1', { kind: 'hint', index: 3, text: 'Lift it.' }, S + 41_000);
    });
    expect(button().disabled).toBe(true);
    expect(v.get('request-hint-reason').textContent).toBe('All 4 hints are shown');
    expect(button().title).toBe('All 4 hints are shown');
  });

  it('the hint button is off (saying why) while the scenario does not run', async () => {
    const v = await startedScenario();
    await feed(() => app.client.emit('run-1', { kind: 'phase', phase: 'grading' }));
    expect((v.get('request-hint') as HTMLButtonElement).disabled).toBe(true);
    expect(v.get('request-hint-reason').textContent).toBe(
      'Hints can be asked for while the scenario runs',
    );
  });
});

describe('the workspace of a plain lab', () => {
  it('has the node moves (no heal, end or declare) and consoles; its moves do not make it a scenario', async () => {
    const v = await runningLab();
    expect(v.get('run-view').dataset.scenario).toBe('false');
    expect(Number(v.get('run-view').dataset.t0)).toBe(T0);
    expect(v.get('workspace-side').contains(v.get('action-palette'))).toBe(true);
    expect(v.get('action-palette').dataset.enabled).toBe('true');
    expect(v.query('action-end')).toBeNull();
    expect(v.query('action-heal')).toBeNull();
    expect(v.query('request-hint')).toBeNull();
    expect(v.query('scenario-clock')).toBeNull();
    await pickNode(v, 'redis-2');
    expect(v.query('action-declare-authoritative-redis-2')).toBeNull();
    await click(v.get('action-stop-redis-2'));
    expect(app.client.called('act').at(-1)?.args).toEqual({
      runId: 'lab-1',
      action: { kind: 'stop', node: 'redis-2' },
    });

    await feed(() => {
      app.client.emit(
        'lab-1',
        { kind: 'action', action: { kind: 'stop', node: 'redis-2' }, source: 'palette', ok: true },
        T0 + 9_000,
      );
      app.client.emit(
        'lab-1',
        { kind: 'console-line', node: 'redis-1', line: 'redis-cli role', source: 'console' },
        T0 + 9_500,
      );
    });
    expect(v.get('run-view').dataset.scenario).toBe('false');
    expect(v.query('scenario-run')).toBeNull();
    const entries = [
      ...v.get('action-timeline').querySelectorAll('[data-testid="timeline-action"]'),
    ].map((e) => e.textContent);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toContain('+9.5 s');
    expect(entries[0]).toContain('redis-1$ redis-cli role');
    expect(entries[1]).toContain('stop redis-2');

    await click(v.get('console-tab-redis-1'));
    await waitFor(() => expect(v.get('console-redis-1').dataset.status).toBe('open'));
    expect(app.client.called('openConsole').at(-1)?.args).toMatchObject({
      runId: 'lab-1',
      node: 'redis-1',
    });
  });

  it('after Stop lab, says the lab is stopped: greyed cards and headline, no "healthy", no "died"', async () => {
    const v = await runningLab();
    expect(v.get('masters-claimed').dataset.value).toBe('1');
    await click(v.get('stop-lab'));
    await feed(() => {
      app.client.emit('lab-1', { kind: 'phase', phase: 'stopping' }, T0 + 20_000);
      app.client.emit(
        'lab-1',
        { kind: 'node', node: 'redis-1', state: 'stopped', detail: 'stopped with the lab' },
        T0 + 20_500,
      );
      app.client.emit(
        'lab-1',
        { kind: 'node', node: 'redis-2', state: 'died', detail: 'exit code 137' },
        T0 + 20_600,
      );
      app.client.emit('lab-1', { kind: 'phase', phase: 'stopped' }, T0 + 21_000);
    });
    expect(v.get('lab-stopped').textContent).toContain('Lab stopped');
    const readout = v.get('masters-claimed');
    expect(readout.dataset.value).toBe('');
    expect(readout.dataset.ended).toBe('true');
    expect(v.get('headline').dataset.ended).toBe('true');
    expect(v.get('headline').textContent).toContain('lab stopped');
    expect(v.get('masters-last').textContent).toBe('last reading: 1');
    expect(v.get('run-view').textContent).not.toContain('one master: healthy');
    const card = v.get('node-card-redis-1');
    expect(card.dataset.state).toBe('stopped');
    expect(card.dataset.ended).toBe('true');
    expect(card.querySelector('[data-testid="node-role"]')?.textContent).toBe('was master');
    expect(card.querySelector('[data-testid="node-state"]')?.textContent).toBe('stopped');
    expect(v.get('topology').textContent).not.toMatch(/MASTER|running/);
    const log = v.get('run-log').textContent ?? '';
    expect(log).toContain('redis-1 stopped: stopped with the lab');
    expect(log).toContain('redis-2 stopped: stopped with the lab');
    expect(log).not.toContain('died');
    expect(v.get('action-palette').dataset.enabled).toBe('false');
    expect(v.get('action-palette').textContent).toContain('The lab is stopped');
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeObservation } from '../../shared/lab-types';
import { redisNode, sample, sentinelNode } from './test/fake-client';
import { actAsync, click, waitFor, type Rendered } from './test/render';
import { pickNode } from './test/palette';
import {
  ATTEMPTS,
  DRILL_SUMMARY,
  STALE_LEADER,
  STALE_SUMMARY,
  debriefFor,
  writes,
} from './test/scenario-fixtures';
import { setUpAppHarness } from './test/app-harness';

/** xterm.js needs a real layout engine; a recording stand-in replaces it here. */
const xterm = vi.hoisted(() => {
  interface FakeTerminal {
    cols: number;
    rows: number;
    written: string[];
    opened: boolean;
    disposed: boolean;
    /** Simulates typing: what term.onData listeners receive. */
    type(data: string): void;
    resize(cols: number, rows: number): void;
  }
  return { terminals: [] as FakeTerminal[] };
});

vi.mock('@xterm/xterm', () => {
  class Terminal {
    cols = 80;
    rows = 24;
    written: string[] = [];
    opened = false;
    disposed = false;
    private dataListeners: ((d: string) => void)[] = [];
    private resizeListeners: ((s: { cols: number; rows: number }) => void)[] = [];
    constructor() {
      xterm.terminals.push(this);
    }
    loadAddon() {}
    open() {
      this.opened = true;
    }
    write(data: string) {
      this.written.push(data);
    }
    onData(cb: (d: string) => void) {
      this.dataListeners.push(cb);
      return { dispose: () => (this.dataListeners = this.dataListeners.filter((l) => l !== cb)) };
    }
    onResize(cb: (s: { cols: number; rows: number }) => void) {
      this.resizeListeners.push(cb);
      return {
        dispose: () => (this.resizeListeners = this.resizeListeners.filter((l) => l !== cb)),
      };
    }
    focus() {}
    dispose() {
      this.disposed = true;
    }
    type(data: string) {
      for (const l of this.dataListeners) l(data);
    }
    resize(cols: number, rows: number) {
      this.cols = cols;
      this.rows = rows;
      for (const l of this.resizeListeners) l({ cols, rows });
    }
  }
  return { Terminal };
});
vi.mock('@xterm/addon-fit', () => ({
  FitAddon: class {
    activate() {}
    dispose() {}
    fit() {}
    proposeDimensions() {
      return { cols: 80, rows: 24 };
    }
  },
}));

const app = setUpAppHarness((client) => {
  client.scenarios = [STALE_SUMMARY, DRILL_SUMMARY];
  client.scenarioDetails.set(STALE_LEADER.id, STALE_LEADER);
  client.attempts = ATTEMPTS;
});
const { mount, feed } = app;

const T0 = 1_000_000;

function healthy(t: number, offset: number): ReturnType<typeof sample> {
  return sample(t, [
    redisNode('redis-1', 'master', { replOffset: offset, replId: 'aaaaaaaaaaaaaaaa1111' }),
    redisNode('redis-2', 'replica', { replOffset: offset, following: 'redis-1:6379' }),
    redisNode('redis-3', 'replica', { replOffset: offset, following: 'redis-1:6379' }),
    sentinelNode('sentinel-1', { epoch: 0 }),
  ]);
}

function split(t: number, offset: number): ReturnType<typeof sample> {
  const nodes: NodeObservation[] = [
    redisNode('redis-1', 'master', { replOffset: offset + 500, replId: 'aaaaaaaaaaaaaaaa1111' }),
    redisNode('redis-2', 'master', { replOffset: offset, replId: 'bbbbbbbbbbbbbbbb2222' }),
    redisNode('redis-3', 'replica', { replOffset: offset, following: 'redis-2:6379' }),
    sentinelNode('sentinel-1', { epoch: 1, following: 'redis-2:6379' }),
  ];
  return sample(t, nodes);
}

/** Starts the stale-leader scenario from its card and brings it to `running` with a baseline. */
async function startedScenario(): Promise<Rendered> {
  const v = await mount();
  await click(await waitFor(() => v.get('start-scenario-stale-leader')));
  await waitFor(() => expect(v.get('run-view').dataset.scenario).toBe('true'));
  await feed(() => {
    app.client.emit('run-1', { kind: 'phase', phase: 'running' }, T0 + 3_000);
    app.client.emit(
      'run-1',
      { kind: 'scenario', scenarioId: 'stale-leader', seed: 7, settings: { downAfterMs: 5000 } },
      T0 + 3_100,
    );
    for (let i = 0; i < 8; i++)
      app.client.emit('run-1', { kind: 'sample', sample: healthy(T0 + 4_000 + i * 250, 100 + i) });
  });
  await waitFor(() => v.get('action-palette'));
  return v;
}

beforeEach(() => {
  xterm.terminals.length = 0;
});

describe('scenario catalog', () => {
  it('lists the scenarios, the broken files and the attempts (newest first)', async () => {
    app.client.problems = [
      {
        file: 'redis-sentinel/broken.yaml',
        line: 12,
        path: 'faults.0.groups',
        message: 'Too small: expected array to have >=2 items',
      },
    ];
    const v = await mount();
    const card = await waitFor(() => v.get('scenario-card-stale-leader'));
    expect(card.textContent).toContain(STALE_LEADER.title);
    expect(card.textContent).toContain('FP-015');
    expect(card.textContent).toContain('Stale leader');
    expect(card.textContent).toContain('intermediate');
    expect(card.textContent).toContain('10 min');
    expect(card.textContent).toContain('redis 7.0'); // the lab's systems
    expect(card.textContent).toContain(STALE_LEADER.briefing);
    expect(v.get('scenario-card-prevention-drill')).toBeTruthy();

    expect(v.get('scenario-problems').textContent).toContain(
      'redis-sentinel/broken.yaml:12 faults.0.groups — Too small',
    );

    const rows = [...v.get('attempt-history').querySelectorAll('tbody tr')].map(
      (r) => (r as HTMLElement).dataset.testid,
    );
    expect(rows).toEqual(['attempt-row-run-new', 'attempt-row-run-old']);
    expect(v.get('attempt-row-run-new').dataset.passed).toBe('true');
    expect(v.get('attempt-row-run-new').textContent).toContain('85');
    expect(v.get('open-attempt-run-old').getAttribute('href')).toBe('#/debrief/run-old');
    // The labs stay on the home screen.
    expect(v.get('lab-card-redis-sentinel')).toBeTruthy();
  });

  it("starts a scenario with the trainee's settings and opens its run view", async () => {
    const v = await mount();
    const lag = (await waitFor(() =>
      v.get('setting-minReplicasMaxLagSeconds'),
    )) as HTMLInputElement;
    const min = v.get('setting-minReplicasToWrite') as HTMLInputElement;
    expect(min.value).toBe('0');
    expect(lag.value).toBe('10');
    await actAsync(() => setInput(min, '1'));
    await actAsync(() => setInput(lag, '5'));
    await click(v.get('start-scenario-prevention-drill'));
    expect(app.client.called('startScenario')).toEqual([
      {
        method: 'startScenario',
        args: {
          scenarioId: 'prevention-drill',
          settings: { minReplicasToWrite: 1, minReplicasMaxLagSeconds: 5 },
        },
      },
    ]);
    const run = await waitFor(() => v.get('run-view'));
    expect(run.dataset.scenario).toBe('true');
    expect(window.location.hash).toBe('#/runs/run-1');
    expect(v.get('scenario-briefing')).toBeTruthy();
  });

  it('refuses an out-of-range setting before calling the engine', async () => {
    const v = await mount();
    const min = (await waitFor(() => v.get('setting-minReplicasToWrite'))) as HTMLInputElement;
    await actAsync(() => setInput(min, '7'));
    const start = v.get('start-scenario-prevention-drill') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(v.get('scenario-card-prevention-drill').textContent).toContain(
      'a whole number from 0 to 2',
    );
  });
});

describe('scenario run', () => {
  it('keeps each move’s answer: a slow heal answering after a later demote is still shown', async () => {
    let releaseHeal: () => void = () => {};
    const healAnswered = new Promise<void>((resolve) => (releaseHeal = resolve));
    app.client.actGate = (a) => (a.kind === 'heal' ? healAnswered : Promise.resolve());
    app.client.actReply = (a) => ({ ok: true, detail: `${a.kind} done` });
    const v = await startedScenario();
    await actAsync(async () => {
      v.get('action-heal').click();
      await Promise.resolve();
    });
    await pickNode(v, 'redis-1');
    await click(v.get('action-demote-redis-1'));
    expect(v.get('action-result').dataset.move).toBe('demote redis-1');
    await actAsync(async () => {
      releaseHeal();
      await healAnswered;
    });
    await waitFor(() => expect(v.get('action-result').dataset.move).toBe('heal all'));
    expect(v.get('action-result').textContent).toContain('heal done');
    // The demote's answer is still there, under the newest.
    expect(v.get('action-result-earlier').dataset.move).toBe('demote redis-1');
    expect(v.get('action-result-earlier').textContent).toContain('demote done');
  });

  it('palette buttons call act with the matching Action and show the answer and the timeline', async () => {
    app.client.actReply = (a) => ({
      ok: a.kind !== 'demote',
      detail: a.kind === 'demote' ? 'no agreed master' : `${a.kind}: REJECT on 6379`,
    });
    const v = await startedScenario();
    // The first data node is picked to begin with.
    expect(v.get('palette-moves').dataset.node).toBe('redis-1');
    await click(v.get('action-isolate-clients-redis-1'));
    expect(app.client.called('act').at(-1)?.args).toEqual({
      runId: 'run-1',
      action: { kind: 'isolate-clients', node: 'redis-1' },
    });
    expect(v.get('action-result').textContent).toContain('isolate-clients: REJECT on 6379');
    expect(v.get('action-result').dataset.ok).toBe('true');

    await pickNode(v, 'redis-2');
    await click(v.get('action-demote-redis-2'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'demote', node: 'redis-2' },
    });
    expect(v.get('action-result').dataset.ok).toBe('false');

    // One replay button per conflict rule, each sending its rule.
    await click(v.get('action-replay-export-keep-authoritative-redis-2'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'replay-export', node: 'redis-2', rule: 'keep-authoritative' },
    });
    await click(v.get('action-replay-export-replace-all-redis-2'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'replay-export', node: 'redis-2', rule: 'replace-all' },
    });
    expect(v.get('action-replay-export-keep-newer-redis-2').textContent).toBe(
      'Replay (newer wins)',
    );

    await click(v.get('action-heal'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({ action: { kind: 'heal' } });
    await click(v.get('action-trigger-fault-freeze'));
    expect(app.client.called('act').at(-1)?.args).toMatchObject({
      action: { kind: 'trigger-fault', fault: 'freeze' },
    });
    await click(v.get('action-end'));
    expect(app.client.called('act').at(-1)?.args).toEqual({
      runId: 'run-1',
      action: { kind: 'end' },
    });

    // Sentinels get process moves only.
    await pickNode(v, 'sentinel-1');
    expect(v.query('action-pause-sentinel-1')).not.toBeNull();
    expect(v.query('action-demote-sentinel-1')).toBeNull();

    // The engine records the action: it shows up in the timeline.
    await feed(() => {
      app.client.emit('run-1', {
        kind: 'action',
        action: { kind: 'isolate-clients', node: 'redis-1' },
        source: 'palette',
        ok: true,
        detail: 'REJECT on 6379',
      });
      app.client.emit('run-1', {
        kind: 'console-line',
        node: 'redis-1',
        line: 'redis-cli role',
        source: 'console',
      });
    });
    const entries = [
      ...v.get('action-timeline').querySelectorAll('[data-testid="timeline-action"]'),
    ];
    expect(entries.map((e) => (e as HTMLElement).dataset.kind)).toEqual(['console', 'action']);
    expect(entries[1]!.textContent).toContain('isolate-clients redis-1');
    expect(entries[0]!.textContent).toContain('redis-1$ redis-cli role');
  });

  it('charts only the tells the scenario declares (the headline tell always)', async () => {
    app.client.scenarioDetails.set(STALE_LEADER.id, {
      ...STALE_LEADER,
      tells: ['masters-claimed', 'ledger'],
    });
    const v = await startedScenario();
    await waitFor(() => expect(v.query('chart-roles')).toBeNull());
    expect(v.get('chart-masters')).toBeTruthy();
    expect(v.get('ledger-counters')).toBeTruthy();
    for (const hidden of [
      'chart-offsets',
      'chart-epoch',
      'chart-writes',
      'replid-table',
      'reachability-matrix',
      'sentinel-events',
    ])
      expect(v.query(hidden)).toBeNull();
  });

  it('shades fault windows on every chart, marks the first split, and updates the tells', async () => {
    const v = await startedScenario();
    await feed(() => {
      app.client.emit(
        'run-1',
        {
          kind: 'fault',
          faultId: 'cut-master',
          phase: 'inject',
          spec: STALE_LEADER.faults[0]!,
        },
        T0 + 6_000,
      );
      for (let i = 0; i < 6; i++)
        app.client.emit('run-1', { kind: 'sample', sample: split(T0 + 6_250 + i * 250, 200 + i) });
      app.client.emit('run-1', {
        kind: 'tell-shown',
        tell: 'masters-claimed',
        detail: 'redis-1 and redis-2 both claim master',
        at: T0 + 6_250,
        shownAt: T0 + 6_300,
      });
      app.client.emit('run-1', {
        kind: 'writes',
        records: [
          ...writes('app-sentinel', 'redis-2', 1, 10, T0 + 6_100),
          ...writes('app-pinned', 'redis-1', 1, 8, T0 + 6_200),
          ...writes('app-pinned', 'redis-1', 9, 2, T0 + 6_300, 'timeout'),
          ...writes('app-sentinel', 'none', 11, 1, T0 + 6_400, 'fail'),
        ],
      });
      app.client.emit('run-1', {
        kind: 'writes',
        records: writes('app-sentinel', 'redis-2', 12, 5, T0 + 8_100),
      });
      app.client.emit('run-1', {
        kind: 'sentinel-event',
        sentinel: 'sentinel-1',
        channel: '+switch-master',
        message: 'dojo redis-1 6379 redis-2 6379',
      });
      app.client.emit('run-1', {
        kind: 'reachability',
        reason: 'after cut-master',
        matrix: {
          members: ['redis-1', 'redis-2'],
          reach: { 'redis-1': { 'redis-2': false }, 'redis-2': { 'redis-1': true } },
        },
      });
      app.client.emit('run-1', {
        kind: 'hint',
        index: 0,
        text: 'Look at how many nodes claim master.',
      });
    });

    for (const id of [
      'chart-masters',
      'chart-roles',
      'chart-offsets',
      'chart-divergence',
      'chart-epoch',
      'chart-writes',
    ]) {
      const areas = v.get(id).querySelectorAll('[class~="fault-window"]');
      expect(areas.length, id).toBe(1);
    }
    expect(v.get('chart-masters').querySelectorAll('[class~="first-split"]').length).toBe(1);
    // Counted from the scenario's start (its `scenario` event at T0 + 3.1 s), as the debrief counts.
    expect(v.get('first-split').dataset.seconds).toBe('3.15');
    expect(v.get('first-split').textContent).toBe(
      'Split seen at +3.1 s: redis-1 and redis-2 both claim master',
    );
    expect(v.get('active-faults').dataset.count).toBe('1');

    const ledger = v.get('ledger-counters');
    expect(ledger.dataset.attempts).toBe('26');
    expect(ledger.dataset.acked).toBe('23');
    expect(ledger.dataset.failed).toBe('1');
    expect(ledger.dataset.indeterminate).toBe('2');
    expect(v.get('ledger-acked').textContent).toBe('23');
    // One line per node that acknowledged writes, plus "not acked".
    expect(v.get('chart-writes').querySelectorAll('[class~="recharts-line"]').length).toBe(3);

    expect(v.get('replid-table').dataset.diverged).toBe('true');
    expect(v.get('replid-redis-1').className).toContain('replid-diverged');
    expect(v.get('sentinel-epoch').dataset.value).toBe('1');
    expect(v.get('sentinel-events').textContent).toContain('+switch-master');
    expect(v.get('reach-redis-1-redis-2').dataset.reach).toBe('cut');
    expect(v.get('reach-redis-2-redis-1').dataset.reach).toBe('ok');
    expect(v.get('reachability-matrix').dataset.cut).toBe('1');
    expect(v.get('hint-0').textContent).toContain('Look at how many nodes claim master.');
    // The heal button of the open fault.
    expect(v.query('action-heal-cut-master')).not.toBeNull();

    // Revert closes the window: still shaded, no longer open.
    await feed(() => {
      app.client.emit(
        'run-1',
        {
          kind: 'fault',
          faultId: 'cut-master',
          phase: 'revert',
          spec: STALE_LEADER.faults[0]!,
        },
        T0 + 7_500,
      );
      app.client.emit('run-1', { kind: 'sample', sample: healthy(T0 + 8_000, 300) });
    });
    expect(v.get('active-faults').dataset.count).toBe('0');
    expect(v.get('chart-offsets').querySelectorAll('[class~="fault-window"]').length).toBe(1);
    expect(v.query('action-heal-cut-master')).toBeNull();
  });

  it('opens the debrief when the grade arrives; checks, ledger, teaching and exports', async () => {
    const v = await startedScenario();
    app.client.debriefs.set('run-1', debriefFor('run-1'));
    await feed(() => {
      app.client.emit('run-1', { kind: 'phase', phase: 'grading' });
      app.client.emit('run-1', {
        kind: 'ledger',
        counts: debriefFor('run-1').ledger,
        lostKeys: [],
      });
      app.client.emit('run-1', { kind: 'grade', result: debriefFor('run-1').grade });
    });
    await waitFor(() => expect(window.location.hash).toBe('#/debrief/run-1'));
    const debrief = await waitFor(() => v.get('debrief'));
    expect(debrief.dataset.score).toBe('40');
    expect(debrief.dataset.passed).toBe('true');
    expect(v.get('check-stale-leader-stopped-writes').dataset.verdict).toBe('pass');
    expect(v.get('check-acked-writes-lost').dataset.verdict).toBe('fail');
    expect(v.get('check-final-health').dataset.verdict).toBe('unknown');
    expect(v.get('check-acked-writes-lost').textContent).toContain('412 acknowledged writes');
    expect(v.get('ledger-summary').dataset.ackedLost).toBe('412');
    expect(v.get('ledger-summary').dataset.indeterminatePresent).toBe('12');
    expect(v.get('debrief-timeline').querySelectorAll('[class~="fault-window"]').length).toBe(1);
    expect(v.get('debrief-timeline').querySelectorAll('[class~="action-marker"]').length).toBe(2);
    expect(v.get('reference-step-0').textContent).toContain('isolate-clients redis-1');
    expect(v.get('reference-step-0').textContent).toContain('Stops the stale master');
    const mis = v.get('misdiagnoses').querySelectorAll('tbody tr');
    expect(mis).toHaveLength(1);
    expect(mis[0]!.textContent).toContain('Compare master_replid on both nodes');
    expect(v.get('teaching-card').textContent).toContain('Set min-replicas-to-write.');
    // Attempts are refreshed once a run is graded.
    await waitFor(() => expect(app.client.called('listAttempts').length).toBeGreaterThan(1));

    const created: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return 'blob:fake';
    });
    const originals = {
      createObjectURL: Object.getOwnPropertyDescriptor(URL, 'createObjectURL'),
      revokeObjectURL: Object.getOwnPropertyDescriptor(URL, 'revokeObjectURL'),
    };
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    // happy-dom would follow the link; a browser saves it (the `download` attribute).
    const saved: string[] = [];
    const anchorClick = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(`${this.download} ${this.getAttribute('href')}`);
    });
    try {
      for (const f of ['md', 'html', 'json'] as const) await click(v.get(`export-${f}`));
    } finally {
      for (const [name, desc] of Object.entries(originals))
        if (desc) Object.defineProperty(URL, name, desc);
      anchorClick.mockRestore();
    }
    expect(saved).toEqual(['run-1.md blob:fake', 'run-1.html blob:fake', 'run-1.json blob:fake']);
    expect(app.client.called('exportDebrief').map((c) => c.args)).toEqual([
      { runId: 'run-1', format: 'md' },
      { runId: 'run-1', format: 'html' },
      { runId: 'run-1', format: 'json' },
    ]);
    expect(created.map((b) => b.type)).toEqual([
      'text/markdown;charset=utf-8',
      'text/html;charset=utf-8',
      'application/json;charset=utf-8',
    ]);
    expect(v.get('export-status').textContent).toContain('Saved run-1.json');

    // Back on the run view, it does not bounce to the debrief again.
    await actAsync(() => {
      window.location.hash = '#/runs/run-1';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(v.get('run-view')).toBeTruthy();
    expect(v.get('open-debrief').getAttribute('href')).toBe('#/debrief/run-1');
    expect((v.get('action-isolate-clients-redis-1') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a stored attempt opens its debrief from the history', async () => {
    app.client.debriefs.set('run-old', debriefFor('run-old'));
    const v = await mount();
    await click(await waitFor(() => v.get('attempt-row-run-old')));
    expect(window.location.hash).toBe('#/debrief/run-old');
    await waitFor(() => expect(v.get('debrief').dataset.runId).toBe('run-old'));
  });
});

describe('consoles and logs', () => {
  it('opens a console per node, writes its output, sends keystrokes and closes on unmount', async () => {
    const v = await startedScenario();
    await click(v.get('console-tab-redis-1'));
    await waitFor(() => expect(v.get('console-redis-1').dataset.status).toBe('open'));
    expect(app.client.called('openConsole')).toEqual([
      { method: 'openConsole', args: { runId: 'run-1', node: 'redis-1', cols: 80, rows: 24 } },
    ]);
    const term = xterm.terminals[0]!;
    expect(term.opened).toBe(true);

    await actAsync(() =>
      app.client.emitEngine({ type: 'console', consoleId: 'c-1', data: 'root@redis-1:/# ' }),
    );
    // Another console's output does not land here.
    await actAsync(() =>
      app.client.emitEngine({ type: 'console', consoleId: 'c-9', data: 'nope' }),
    );
    expect(term.written).toEqual(['root@redis-1:/# ']);

    await actAsync(() => term.type('redis-cli role\r'));
    expect(app.client.called('consoleInput').map((c) => c.args)).toEqual([
      { consoleId: 'c-1', data: 'redis-cli role\r' },
    ]);

    await actAsync(() => term.resize(120, 40));
    await waitFor(() =>
      expect(app.client.called('resizeConsole').map((c) => c.args)).toEqual([
        { consoleId: 'c-1', cols: 120, rows: 40 },
      ]),
    );

    // The node's log is polled while it is shown beside its console.
    await click(v.get('toggle-logs-redis-1'));
    await waitFor(() =>
      expect(v.get('logs-redis-1').textContent).toContain('Ready to accept connections'),
    );
    expect(app.client.called('getLogs')[0]!.args).toEqual({
      runId: 'run-1',
      node: 'redis-1',
      tail: 200,
    });

    await actAsync(() =>
      app.client.emitEngine({ type: 'console-exit', consoleId: 'c-1', code: 0 }),
    );
    expect(v.get('console-redis-1').dataset.status).toBe('exited');
    expect(term.written.join('')).toContain('shell ended with code 0');

    await click(v.get('reopen-console-redis-1'));
    await waitFor(() => expect(app.client.called('openConsole')).toHaveLength(2));
    expect(term.disposed).toBe(true);

    await app.unmount();
    expect(app.client.called('closeConsole').map((c) => c.args)).toEqual([{ consoleId: 'c-2' }]);
    expect(xterm.terminals.every((t) => t.disposed)).toBe(true);
  });

  it('replays output that arrived before openConsole answered', async () => {
    const v = await startedScenario();
    let answer: (v: { consoleId: string }) => void = () => {};
    app.client.openConsole = (args) => {
      app.client.calls.push({ method: 'openConsole', args });
      return new Promise((r) => (answer = r));
    };
    await click(v.get('console-tab-redis-2'));
    await actAsync(() =>
      app.client.emitEngine({ type: 'console', consoleId: 'c-early', data: '$ ' }),
    );
    await actAsync(() => answer({ consoleId: 'c-early' }));
    await waitFor(() => expect(xterm.terminals[0]!.written).toEqual(['$ ']));
  });
});

function setInput(input: HTMLInputElement, value: string): void {
  // React tracks the value it last set: go through the native setter, as typing does.
  const desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- applied with its `this` below
  const setValue = desc.set!;
  setValue.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

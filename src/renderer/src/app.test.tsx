import { describe, expect, it } from 'vitest';
import { actAsync, click, waitFor, type Rendered } from './test/render';
import {
  REACHABLE,
  REDIS_LAB,
  UNREACHABLE,
  redisNode,
  sample,
  sentinelNode,
} from './test/fake-client';
import { setUpAppHarness } from './test/app-harness';

const app = setUpAppHarness();
const { mount, feed } = app;

describe('engine status', () => {
  it('shows the version line when Docker answers', async () => {
    const v = await mount();
    const status = v.get('engine-status');
    expect(status.dataset.reachable).toBe('true');
    expect(v.get('engine-summary').textContent).toBe(
      'Docker 20.10.24 · API 1.41 · unix:///var/run/docker.sock',
    );
    expect((v.get(`start-lab-${REDIS_LAB.id}`) as HTMLButtonElement).disabled).toBe(false);
  });

  it('explains an unreachable engine with the endpoint, the error and every howToStart step', async () => {
    app.client.status = UNREACHABLE;
    const v = await mount();
    const status = v.get('engine-status');
    expect(status.dataset.reachable).toBe('false');
    expect(status.textContent).toContain('No Docker engine answers at unix:///var/run/docker.sock');
    expect(v.get('engine-error').textContent).toBe(UNREACHABLE.error);
    const steps = [...v.get('how-to-start').querySelectorAll('li')].map((li) => li.textContent);
    expect(steps).toEqual(UNREACHABLE.howToStart);
    expect((v.get(`start-lab-${REDIS_LAB.id}`) as HTMLButtonElement).disabled).toBe(true);
  });

  it('re-checks on demand and enables the catalog once Docker answers', async () => {
    app.client.status = UNREACHABLE;
    const v = await mount();
    app.client.status = REACHABLE;
    await click(v.get('recheck-engine'));
    await waitFor(() => expect(v.get('engine-status').dataset.reachable).toBe('true'));
    expect(app.client.called('getEngineStatus')).toHaveLength(2);
    expect((v.get(`start-lab-${REDIS_LAB.id}`) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('lab catalog and run view', () => {
  it('starting a lab calls startLab and shows the run view, then follows build, readiness and ready', async () => {
    const v = await mount();
    const card = v.get(`lab-card-${REDIS_LAB.id}`);
    expect(card.textContent).toContain(REDIS_LAB.title);
    expect(card.textContent).toContain('sentinel-3');

    await click(v.get(`start-lab-${REDIS_LAB.id}`));
    expect(app.client.called('startLab')).toEqual([
      { method: 'startLab', args: { labId: 'redis-sentinel' } },
    ]);
    const run = await waitFor(() => v.get('run-view'));
    expect(run.dataset.runId).toBe('run-1');
    expect(run.dataset.phase).toBe('preparing');
    expect(window.location.hash).toBe('#/runs/run-1');

    await feed(() => {
      app.client.emit('run-1', { kind: 'phase', phase: 'building' });
      app.client.emit('run-1', {
        kind: 'build',
        progress: { image: 'base', fraction: 1, message: 'reused', cached: true },
      });
      app.client.emit('run-1', {
        kind: 'build',
        progress: { image: 'redis', fraction: 0.4, message: 'Step 2/5 : RUN apt-get install' },
      });
    });
    expect(v.get('run-view').dataset.phase).toBe('building');
    const redis = v.get('build-progress-redis');
    expect(redis.textContent).toContain('40%');
    expect(redis.textContent).toContain('Step 2/5 : RUN apt-get install');
    expect(redis.dataset.cached).toBe('false');
    expect(v.get('build-progress-base').textContent).toContain('cached');

    await feed(() => {
      app.client.emit('run-1', {
        kind: 'build',
        progress: { image: 'redis', fraction: 1, message: 'Successfully built' },
      });
      app.client.emit('run-1', { kind: 'phase', phase: 'starting' });
      app.client.emit('run-1', { kind: 'phase', phase: 'waiting-ready' });
      app.client.emit('run-1', {
        kind: 'readiness',
        status: {
          ready: false,
          conditions: [
            { name: 'master answers', ok: true, detail: 'redis-1 role:master' },
            { name: 'all sentinels agree', ok: false, detail: '2 of 3 know the master' },
          ],
        },
      });
    });
    const readiness = v.get('readiness');
    expect(readiness.dataset.ready).toBe('false');
    const items = [...readiness.querySelectorAll('li')].map((li) => [
      li.dataset.ok,
      li.textContent,
    ]);
    expect(items).toEqual([
      ['true', '✓master answersredis-1 role:master'],
      ['false', '…all sentinels agree2 of 3 know the master'],
    ]);
    expect(v.get('phase-stepper').querySelector('[aria-current="step"]')?.textContent).toBe(
      'Waiting ready',
    );

    await feed(() => app.client.emit('run-1', { kind: 'phase', phase: 'running' }, 1_003_600));
    expect(v.get('run-view').dataset.phase).toBe('running');
    expect(v.get('time-to-ready').textContent).toBe('ready in 3.6 s');

    // Back on the catalog, the lab cannot be started twice while this run is active.
    await actAsync(() => {
      window.location.hash = '#/';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect((v.get(`start-lab-${REDIS_LAB.id}`) as HTMLButtonElement).disabled).toBe(true);
    expect(v.get(`open-run-${REDIS_LAB.id}`).getAttribute('href')).toBe('#/runs/run-1');
  });

  it('shows a start error on the card', async () => {
    app.client.startLab = async () => {
      throw new Error('image build failed: no base image');
    };
    const v = await mount();
    await click(v.get(`start-lab-${REDIS_LAB.id}`));
    await waitFor(() =>
      expect(v.get(`start-error-${REDIS_LAB.id}`).textContent).toContain('no base image'),
    );
    expect(v.query('run-view')).toBeNull();
  });

  it('lists runs to reattach to', async () => {
    app.client.runs.set('old-run', {
      runId: 'old-run',
      labId: 'redis-sentinel',
      phase: 'running',
      startedAt: 5,
      readyAfterMs: 3600,
      build: [],
      samples: [],
    });
    const v = await mount();
    const row = await waitFor(() => v.get('run-row-old-run'));
    expect(row.dataset.phase).toBe('running');
    expect(row.textContent).toContain(REDIS_LAB.title);
    expect(v.get('open-run-row-old-run').getAttribute('href')).toBe('#/runs/old-run');
  });

  it('stop lab calls stopLab and is disabled while stopping', async () => {
    app.client.runs.set('run-9', {
      runId: 'run-9',
      labId: 'redis-sentinel',
      phase: 'running',
      startedAt: 5,
      build: [],
      samples: [],
    });
    window.location.hash = '#/runs/run-9';
    const v = await mount();
    const stop = (await waitFor(() => v.get('stop-lab'))) as HTMLButtonElement;
    expect(stop.disabled).toBe(false);
    await click(stop);
    expect(app.client.called('stopLab')).toEqual([{ method: 'stopLab', args: { runId: 'run-9' } }]);
    await feed(() => app.client.emit('run-9', { kind: 'phase', phase: 'stopping' }));
    expect(v.get('run-view').dataset.phase).toBe('stopping');
    expect((v.get('stop-lab') as HTMLButtonElement).disabled).toBe(true);
    await feed(() => app.client.emit('run-9', { kind: 'phase', phase: 'stopped' }));
    expect(v.get('run-view').dataset.phase).toBe('stopped');
  });

  it('shows a failed run with its error text', async () => {
    app.client.runs.set('run-f', {
      runId: 'run-f',
      labId: 'redis-sentinel',
      phase: 'building',
      startedAt: 5,
      build: [],
      samples: [],
    });
    window.location.hash = '#/runs/run-f';
    const v = await mount();
    await waitFor(() => v.get('run-view'));
    await feed(() =>
      app.client.emit('run-f', {
        kind: 'phase',
        phase: 'failed',
        detail: 'docker build exited 100',
      }),
    );
    expect(v.get('run-view').dataset.phase).toBe('failed');
    expect(v.get('run-error').textContent).toContain('docker build exited 100');
    const steps = [...v.get('phase-stepper').querySelectorAll('li')].map((li) => li.dataset.step);
    expect(steps).toEqual(['preparing', 'building', 'failed']);
  });

  it('says so when the engine does not know the run', async () => {
    window.location.hash = '#/runs/nope-1';
    const v = await mount();
    await waitFor(() => v.get('run-missing'));
  });
});

describe('live topology', () => {
  const healthy = (t: number, offset: number) =>
    sample(t, [
      redisNode('redis-1', 'master', {
        replOffset: offset,
        replId: 'aaaaaaaaaaaaaaaa1111',
        onlineReplicas: 2,
        rttMs: 0.8,
      }),
      redisNode('redis-2', 'replica', {
        replOffset: offset,
        following: 'redis-1:6379',
        linkUp: true,
      }),
      redisNode('redis-3', 'replica', {
        replOffset: offset,
        following: 'redis-1:6379',
        linkUp: true,
      }),
      sentinelNode('sentinel-1'),
    ]);

  async function openRunningRun(): Promise<Rendered> {
    app.client.runs.set('run-7', {
      runId: 'run-7',
      labId: 'redis-sentinel',
      phase: 'running',
      startedAt: 1_000_000,
      build: [],
      samples: [],
    });
    window.location.hash = '#/runs/run-7';
    const v = await mount();
    await waitFor(() => v.get('run-view'));
    return v;
  }

  it('sample events update node cards and the masters-claimed readout; a paused node is UNKNOWN, not replica', async () => {
    const v = await openRunningRun();
    await feed(() => {
      app.client.emit('run-7', { kind: 'sample', sample: healthy(1_001_000, 100) });
      app.client.emit('run-7', { kind: 'sample', sample: healthy(1_001_250, 180) });
    });
    const readout = v.get('masters-claimed');
    expect(readout.textContent).toBe('1');
    expect(readout.dataset.value).toBe('1');
    const master = v.get('node-card-redis-1');
    expect(master.dataset.role).toBe('master');
    expect(master.dataset.state).toBe('running');
    expect(master.textContent).toContain('MASTER');
    expect(master.textContent).toContain('180');
    expect(master.textContent).toContain('aaaaaaaa…');
    expect(v.get('node-card-redis-2').dataset.role).toBe('replica');
    expect(v.get('node-card-redis-2').textContent).toContain('redis-1:6379');
    expect(v.get('node-card-sentinel-1').dataset.role).toBe('sentinel');
    expect(v.get('node-card-sentinel-1').textContent).toContain('2 repl · 2 sent');

    // The master is paused: its probe gets no answer; Sentinel promotes redis-2.
    await feed(() =>
      app.client.emit('run-7', {
        kind: 'sample',
        sample: sample(1_007_000, [
          redisNode('redis-1', 'unknown', { state: 'paused', error: 'timeout after 200 ms' }),
          redisNode('redis-2', 'master', {
            replOffset: 400,
            replId: 'bbbbbbbbbbbbbbbb2222',
            onlineReplicas: 1,
          }),
          redisNode('redis-3', 'replica', {
            replOffset: 400,
            following: 'redis-2:6379',
            linkUp: true,
          }),
          sentinelNode('sentinel-1', {
            following: 'redis-2:6379',
            epoch: 1,
            sentinel: {
              masterFlags: ['s_down', 'master'],
              knownReplicas: 2,
              knownSentinels: 2,
              quorum: 2,
            },
          }),
        ]),
      }),
    );
    const paused = v.get('node-card-redis-1');
    expect(paused.dataset.role).toBe('unknown');
    expect(paused.dataset.state).toBe('paused');
    expect(paused.querySelector('[data-testid="node-role"]')?.textContent).toBe('UNKNOWN');
    expect(paused.textContent).not.toContain('REPLICA');
    expect(paused.querySelector('[data-testid="node-state"]')?.textContent).toBe('paused');
    expect(paused.textContent).toContain('timeout after 200 ms');
    // One master read, one node silent: the count is not known (it may claim master too), never "healthy".
    expect(v.get('masters-claimed').textContent).toBe('?');
    expect(v.get('masters-claimed').dataset.value).toBe('1');
    expect(v.get('masters-claimed').dataset.unknown).toBe('true');
    expect(v.get('unknown-nodes').dataset.value).toBe('1');
    expect(v.get('node-card-sentinel-1').querySelector('.flag-down')?.textContent).toContain(
      's_down,master',
    );

    // Unpaused zombie: it still claims master next to the new one.
    await feed(() =>
      app.client.emit('run-7', {
        kind: 'sample',
        sample: sample(1_008_000, [
          redisNode('redis-1', 'master', { replOffset: 200, replId: 'aaaaaaaaaaaaaaaa1111' }),
          redisNode('redis-2', 'master', { replOffset: 420, replId: 'bbbbbbbbbbbbbbbb2222' }),
          redisNode('redis-3', 'replica', {
            replOffset: 420,
            following: 'redis-2:6379',
            linkUp: true,
          }),
        ]),
      }),
    );
    expect(v.get('masters-claimed').textContent).toBe('2');
    expect(v.get('masters-claimed').dataset.value).toBe('2');
    expect(v.get('node-card-redis-1').className).toContain('split');
    expect(v.get('node-card-redis-2').className).toContain('split');
  });

  it('renders the three charts with SVG even without layout', async () => {
    const v = await openRunningRun();
    await feed(() => {
      for (let i = 0; i < 8; i++)
        app.client.emit('run-7', {
          kind: 'sample',
          sample: healthy(1_001_000 + i * 250, 100 + i * 10),
        });
    });
    for (const id of ['chart-masters', 'chart-roles', 'chart-offsets']) {
      const chart = v.get(id);
      expect(chart.querySelector('svg'), id).not.toBeNull();
    }
    expect(v.get('chart-offsets').querySelectorAll('[class~="recharts-line"]').length).toBe(3);
    expect(v.get('chart-roles').querySelectorAll('[class~="recharts-reference-area"]').length).toBe(
      3,
    );
  });

  it('events are batched: nothing changes until the flush', async () => {
    const v = await openRunningRun();
    await actAsync(() =>
      app.client.emit('run-7', { kind: 'sample', sample: healthy(1_001_000, 1) }),
    );
    expect(v.get('masters-claimed').dataset.value).toBe('');
    await feed(() => {});
    expect(v.get('masters-claimed').dataset.value).toBe('1');
  });

  it('refetches the run snapshot after a reconnect', async () => {
    const v = await openRunningRun();
    const before = app.client.called('getRun').length;
    app.client.runs.set('run-7', {
      runId: 'run-7',
      labId: 'redis-sentinel',
      phase: 'running',
      startedAt: 1_000_000,
      build: [],
      samples: [healthy(1_050_000, 999)],
    });
    await actAsync(() => app.client.connection.set('closed'));
    expect(v.get('connection-state').dataset.state).toBe('closed');
    await actAsync(() => app.client.connection.set('open'));
    await waitFor(() => expect(app.client.called('getRun').length).toBeGreaterThan(before));
    await waitFor(() => expect(v.get('node-card-redis-1').textContent).toContain('999'));
    expect(v.get('connection-state').dataset.state).toBe('open');
  });
});

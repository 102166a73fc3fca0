import { describe, expect, it, vi } from 'vitest';
import type { RunPhase } from '../../shared/lab-types';
import type { Scenario } from '../../shared/scenario-schema';
import { testScenario } from '../testing/test-history';
import type { LabObserver, RunningNode } from '../labs/lab-definition';
import type { ContainerRuntime, NetworkInfo } from '../runtime/container-runtime';
import type { ScenarioSystemAdapter } from '../systems/scenario-system';
import type { UngradedAttempt } from './attempt-store';
import type { RunController } from './run-controller';
import { RunHistory } from './run-history';
import { ScenarioRun } from './scenario-run';

// The workload bundle (esbuild) is not what these tests are about.
vi.mock('../workload/workload-bundle', () => ({ bundleWorkload: () => Promise.resolve('') }));

/**
 * A RunController without Docker: its bring-up ends `running`, fails with a
 * message, or waits until stopped; `stop` ends it `stopped` (a failed run
 * stays `failed`), as the real one records them.
 */
class StubController {
  readonly history = new RunHistory(`r-stub-${Math.random().toString(36).slice(2, 8)}`);
  readonly imageRefs = new Map([['client', 'failover-dojo/client:test']]);
  readonly networkInfo: NetworkInfo = {
    id: 'n1',
    name: 'dojo-net',
    subnet: '10.9.0.0/24',
    gateway: '10.9.0.1',
    labels: {},
  };
  readonly labObserver: LabObserver | undefined = undefined;
  stops = 0;
  private phase: RunPhase = 'preparing';
  private starting: Promise<void> | undefined;
  private stopped!: () => void;
  private readonly stopSignal = new Promise<void>((r) => (this.stopped = r));

  constructor(private readonly bringUp: 'running' | { fail: string } | 'wait-for-stop') {}

  get runId(): string {
    return this.history.runId;
  }
  get currentPhase(): RunPhase {
    return this.phase;
  }
  enterPhase(phase: RunPhase, detail?: string): void {
    this.phase = phase;
    this.history.append({ kind: 'phase', phase, ...(detail ? { detail } : {}) });
  }
  runningNodes(): RunningNode[] {
    return [];
  }
  expectStop(): void {}
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.enterPhase('building');
      if (this.bringUp === 'wait-for-stop') return this.stopSignal;
      if (this.bringUp === 'running') this.enterPhase('running');
      else {
        this.history.append({ kind: 'error', message: this.bringUp.fail });
        this.enterPhase('failed', this.bringUp.fail);
      }
    })();
    return this.starting;
  }
  async stop(): Promise<void> {
    this.stops++;
    this.stopped();
    await this.starting;
    if (this.phase !== 'failed' && this.phase !== 'stopped') this.enterPhase('stopped');
  }
}

/** A system with no workload clients and no event streams. */
const system = {
  recorded: {},
  actionOptions: {},
  planClients: () => [],
  watch: () => [],
} as unknown as ScenarioSystemAdapter;

/** Every runtime call fails: nothing here should reach Docker. */
const runtime = new Proxy({} as ContainerRuntime, {
  get: (_t, name) =>
    name === 'then' // not a thenable
      ? undefined
      : () => Promise.reject(new Error(`runtime.${String(name)} called`)),
});

/** A scenario whose fault waits a minute (never fires here) and whose time limit is far off. */
function quietScenario(overrides: Parameters<typeof testScenario>[0] = {}): Scenario {
  const base = testScenario();
  return testScenario({
    timeLimit: '10m',
    faults: base.faults.map((f) => ({ ...f, at: { after: '1m' } })),
    ...overrides,
  });
}

function runOf(
  controller: StubController,
  scenario: Scenario = quietScenario(),
  onNotGraded: (a: UngradedAttempt) => Promise<void> = () => Promise.resolve(),
) {
  const kept: UngradedAttempt[] = [];
  const graded: unknown[] = [];
  const run = new ScenarioRun(runtime, controller as unknown as RunController, {
    scenario,
    pace: 'human',
    player: 'Ana',
    seed: 7,
    system,
    artifactsDir: '/nonexistent',
    onGraded: (d) => {
      graded.push(d);
      return Promise.resolve();
    },
    onNotGraded: (a) => {
      kept.push(a);
      return onNotGraded(a);
    },
  });
  return { run, kept, graded };
}

const scenarioStarted = (c: StubController) =>
  vi.waitFor(() => {
    if (!c.history.all().some((e) => e.kind === 'scenario')) throw new Error('not started');
  });

describe('ScenarioRun: a run that ends without a grade is kept, marked, once', () => {
  it('keeps a run whose lab failed during bring-up, with the failure in one line', async () => {
    const c = new StubController({ fail: 'redis-1 never became ready\n    at waitReady (x.ts:1)' });
    const { run, kept } = runOf(c);
    await run.start();
    await run.whenOver();
    expect(kept).toEqual([
      {
        attemptId: c.runId,
        scenarioId: 'test-stale',
        title: 'Test stale leader',
        startedAt: c.history.all()[0]!.t,
        player: 'Ana',
        pace: 'human',
        reason: 'the lab could not be brought up: redis-1 never became ready',
      },
    ]);
  });

  it('says when the Docker engine went away', async () => {
    const c = new StubController({
      fail: 'No Docker engine answers at unix:///var/run/docker.sock: connect ECONNREFUSED',
    });
    const { run, kept } = runOf(c);
    await run.start();
    expect(kept.map((k) => k.reason)).toEqual([
      'the Docker engine went away: No Docker engine answers at unix:///var/run/docker.sock: connect ECONNREFUSED',
    ]);
  });

  it('keeps a run stopped during its bring-up, and a run the app closed on', async () => {
    const stoppedEarly = new StubController('wait-for-stop');
    const first = runOf(stoppedEarly);
    const started = first.run.start();
    await first.run.abort();
    await started;
    await first.run.whenOver();
    expect(first.kept.map((k) => k.reason)).toEqual(['stopped before the end']);
    expect(stoppedEarly.currentPhase).toBe('stopped');

    const closed = new StubController('running');
    const second = runOf(closed);
    await second.run.start();
    await scenarioStarted(closed);
    await second.run.abort('the app closed during the run');
    // A second stop (the UI's, after the app's) keeps nothing more.
    await second.run.abort();
    expect(second.kept.map((k) => k.reason)).toEqual(['the app closed during the run']);
    expect(second.kept[0]?.startedAt).toBe(
      closed.history.all().find((e) => e.kind === 'scenario')?.t,
    );
  });

  it('keeps a run whose scheduled fault could not be put in place, with the fault named', async () => {
    const c = new StubController('running');
    const base = testScenario();
    const { run, kept, graded } = runOf(
      c,
      quietScenario({ faults: base.faults.map((f) => ({ ...f, at: { after: '10ms' } })) }),
    );
    await run.start();
    await run.whenOver();
    expect(kept.map((k) => k.reason)).toEqual([
      expect.stringMatching(/^the fault cut-master could not be put in place: .*redis-1/),
    ]);
    expect(kept[0]?.reason).not.toContain('\n');
    expect(graded).toEqual([]);
    expect(c.currentPhase).toBe('failed');
  });

  it('keeps a run whose grading failed, once, and a later stop adds nothing', async () => {
    const c = new StubController('running');
    const { run, kept, graded } = runOf(c, quietScenario({ timeLimit: '20ms' }));
    await run.start();
    await run.whenOver();
    await run.abort();
    expect(graded).toEqual([]);
    // The lab has no observer to read the final health from.
    expect(kept.map((k) => k.reason)).toEqual(['grading failed: no observer']);
    expect(c.currentPhase).toBe('stopped');
  });

  it('a failed write is recorded in the history and the run still ends and is removed', async () => {
    const c = new StubController('running');
    const { run, kept } = runOf(c, quietScenario(), () =>
      Promise.reject(new Error('EACCES: permission denied\n    at open')),
    );
    await run.start();
    await scenarioStarted(c);
    await run.abort();
    await run.whenOver();
    expect(kept).toHaveLength(1);
    expect(c.stops).toBeGreaterThan(0);
    expect(c.currentPhase).toBe('stopped');
    expect(c.history.all().filter((e) => e.kind === 'error')).toEqual([
      expect.objectContaining({
        message: 'the ungraded attempt could not be kept: EACCES: permission denied',
      }),
    ]);
  });
});

describe('ScenarioRun: a facilitator trigger while the scenario is still starting', () => {
  it('waits for the start and fires then; other moves are refused until the start', async () => {
    const c = new StubController('running');
    const base = testScenario();
    const { run } = runOf(
      c,
      quietScenario({
        faults: base.faults.map((f) => ({ ...f, at: { trigger: 'instructor' as const } })),
      }),
    );
    const starting = run.start();
    // The lab is coming up, the scenario has not started: the room looked ready too early.
    const trigger = run.act({ kind: 'trigger-fault', fault: 'cut-master' }, 'instructor');
    const pause = await run.act({ kind: 'pause', node: 'redis-1' }, 'palette');
    expect(pause).toEqual({ ok: false, detail: 'the scenario has not started yet' });
    await starting;
    const fired = await trigger;
    expect(fired.detail).not.toBe('the scenario has not started yet');
    // The fault was tried once the scenario had started (here it cannot reach Docker).
    const tried = c.history.all().filter((e) => e.kind === 'action' || e.kind === 'fault');
    expect(tried.length).toBeGreaterThan(0);
    expect(c.history.all().findIndex((e) => e.kind === 'scenario')).toBeLessThan(
      c.history.all().findIndex((e) => e.kind === 'action' || e.kind === 'fault'),
    );
    await run.abort();
  });
});

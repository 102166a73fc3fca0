import { randomBytes } from 'node:crypto';
import type { DryRun, DryRunEntry } from '../../shared/dry-run-types';
import type { Pace, Scenario } from '../../shared/scenario-schema';
import type { ResponseFileEntry } from './response-library';
import { judgeSelfTestRun, selfTestPlan, type SelfTestRun } from './self-test-judge';
import { playScripted, type PlayEngine, type PlayOutcome } from './scripted-play';
import type { ScenarioCatalog } from './scenario-catalog';
import { listResponseFiles } from './response-library';

/** What the dry runs need: the scenario, its response files, and the one scripted play. */
export interface DryRunDeps {
  scenario(id: string): Promise<Scenario | undefined>;
  /** The scenario's response files (shipped ones beside it, or its library's). */
  responseFiles(scenario: Scenario): Promise<ResponseFileEntry[]>;
  /** Plays one run of the plan headless on the real engine (the runner's own code). */
  play(
    scenario: Scenario,
    run: SelfTestRun,
    pace: Pace,
    onStarted: (runId: string) => void,
  ): Promise<PlayOutcome>;
  /** Runs of one dry run at once (default 2: a reference and a wrong response side by side). */
  concurrency?: number;
  /** Dry runs kept to be read back (default 20, oldest finished dropped first). */
  keep?: number;
  now?: () => number;
}

/** The studio's dry runs: start one, read its progress. */
export interface DryRuns {
  start(args: { scenarioId: string; pace?: Pace }): Promise<{ dryRunId: string }>;
  get(args: { dryRunId: string }): DryRun | null;
  /** Resolves when every dry run started so far has finished (tests, shutdown). */
  settled(): Promise<void>;
}

/**
 * Dry runs of scenarios: the self-test's plan for one scenario (reference,
 * none or its wait-it-out file, each wrong response), played headless on
 * the real engine by the runner's own play function and judged by the
 * self-test's judge, the same three pieces `npm run scenario -- selftest`
 * uses. One dry run per scenario at a time; its runs go `concurrency` at once.
 */
export function createDryRuns(deps: DryRunDeps): DryRuns {
  const now = deps.now ?? Date.now;
  const keep = deps.keep ?? 20;
  const concurrency = Math.max(1, deps.concurrency ?? 2);
  const dryRuns = new Map<string, DryRun>();
  const work = new Set<Promise<void>>();

  function prune(): void {
    for (const [id, d] of dryRuns) {
      if (dryRuns.size <= keep) break;
      if (d.state === 'done') dryRuns.delete(id);
    }
  }

  async function playOne(dry: DryRun, scenario: Scenario, run: SelfTestRun, entry: DryRunEntry) {
    entry.state = 'running';
    const started = now();
    let outcome: PlayOutcome;
    try {
      outcome = await deps.play(scenario, run, dry.pace, (runId) => (entry.runId = runId));
    } catch (error) {
      outcome = { graded: false, runId: entry.runId ?? '', reason: (error as Error).message };
    }
    entry.seconds = Math.round((now() - started) / 1000);
    if (!outcome.graded) {
      entry.state = 'not-graded';
      entry.ok = false;
      entry.why = `not graded: ${outcome.reason.split('\n')[0]}`;
      return;
    }
    const r = outcome.result;
    const verdict = judgeSelfTestRun(run, r);
    Object.assign(entry, {
      state: 'graded',
      runId: r.runId,
      passed: r.passed,
      score: r.score,
      requiredFailed: r.requiredFailed,
      ok: verdict.ok,
      why: verdict.why,
    } satisfies Partial<DryRunEntry>);
  }

  async function execute(dry: DryRun, scenario: Scenario, plan: SelfTestRun[]): Promise<void> {
    const queue = plan.map((run, i) => ({ run, entry: dry.entries[i]! }));
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift())
        await playOne(dry, scenario, next.run, next.entry);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
    dry.ok = dry.entries.every((e) => e.ok === true);
    dry.state = 'done';
  }

  return {
    async start({ scenarioId, pace = 'fast' }) {
      const busy = [...dryRuns.values()].find(
        (d) => d.scenarioId === scenarioId && d.state === 'running',
      );
      if (busy) throw new Error(`a dry run of "${scenarioId}" is already running (${busy.id})`);
      const scenario = await deps.scenario(scenarioId);
      if (!scenario) throw new Error(`unknown scenario "${scenarioId}"`);
      const files = await deps.responseFiles(scenario);
      const plan = selfTestPlan(scenario, files);
      const id = `dry-${randomBytes(6).toString('hex')}`;
      const dry: DryRun = {
        id,
        scenarioId,
        pace,
        state: 'running',
        startedAt: now(),
        entries: plan.map((run) => ({
          response: run.response,
          ...(run.mistake !== undefined ? { mistake: run.mistake } : {}),
          ...(run.mustFail ? { mustFail: [...run.mustFail] } : {}),
          state: 'waiting',
        })),
        problems: files
          .filter((f) => !f.parsed.ok)
          .flatMap((f) =>
            f.parsed.ok
              ? []
              : f.parsed.problems.map(
                  (p) => `${p.file}:${p.line}: ${p.path || '(root)'}: ${p.message}`,
                ),
          ),
      };
      dryRuns.set(id, dry);
      prune();
      const done = execute(dry, scenario, plan).finally(() => work.delete(done));
      work.add(done);
      return { dryRunId: id };
    },
    get: ({ dryRunId }) => {
      const d = dryRuns.get(dryRunId);
      return d ? structuredClone(d) : null;
    },
    async settled() {
      while (work.size > 0) await Promise.allSettled([...work]);
    },
  };
}

/** The seed of a dry run's runs: the CI self-test's, so that the two can be compared. */
export const DRY_RUN_SEED = 7;
/** Who a dry run's attempts are played by, in the history. */
export const DRY_RUN_PLAYER = 'studio dry run';

/**
 * The engine's dry runs over its catalog: a scenario by id (shipped or
 * library), the response files beside it in the folder it came from, and
 * each run played by playScripted on `engine()` at seed DRY_RUN_SEED.
 */
export function catalogDryRuns(catalog: ScenarioCatalog, engine: () => PlayEngine): DryRuns {
  return createDryRuns({
    scenario: async (id) => (await catalog.entry(id))?.scenario,
    responseFiles: async (scenario) => {
      const entry = await catalog.entry(scenario.id);
      return entry ? listResponseFiles(entry.dir, scenario) : [];
    },
    play: (scenario, run, pace, onStarted) =>
      playScripted(
        engine(),
        scenario,
        { name: run.response, steps: run.steps },
        { pace, settings: run.settings, seed: DRY_RUN_SEED, player: DRY_RUN_PLAYER, onStarted },
      ),
  });
}

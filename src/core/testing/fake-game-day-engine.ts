import { fileURLToPath } from 'node:url';
import type { Debrief } from '../../shared/debrief-types';
import type { RunEvent, RunEventBody } from '../../shared/run-events';
import type { Action, Scenario } from '../../shared/scenario-schema';
import type { GameDayEngine } from '../gameday/game-day-service';
import { neutralBriefing } from '../gameday/neutral-briefing';
import { loadScenarios, scenarioSummary } from '../scenarios/scenario-loader';
import { systemFor } from '../systems/scenario-systems';

/** The repository's scenario catalog, loaded once for tests. */
export const { scenarios } = await loadScenarios(
  fileURLToPath(new URL('../../../scenarios', import.meta.url)),
);

/** An engine that records what the service asks of it; runs end when the test says. */
export class FakeGameDayEngine implements GameDayEngine {
  readonly started: {
    scenarioId: string;
    seed: number;
    player: string;
    holdFaults: boolean;
    engineId?: string;
  }[] = [];
  readonly histories = new Map<string, RunEvent[]>();
  readonly acted: { runId: string; action: Action }[] = [];
  readonly graded = new Set<string>();
  private readonly enders = new Map<string, () => void>();

  /** The pool's placement; none = every run on this machine's engine. */
  place: GameDayEngine['place'];
  scenario = async (id: string) => scenarios.get(id);
  startRun = async (args: (typeof this.started)[number]) => {
    this.started.push(args);
    const runId = `run-${this.started.length}`;
    this.histories.set(runId, []);
    return { runId };
  };
  history = (runId: string) => this.histories.get(runId);
  whenEnded = (runId: string) => new Promise<void>((r) => this.enders.set(runId, r));
  debrief = async (runId: string) =>
    this.graded.has(runId) ? ({ runId } as unknown as Debrief) : undefined;
  actAsInstructor = async (runId: string, action: Action) => {
    this.acted.push({ runId, action });
    return { ok: true, detail: 'fired' };
  };
  append = (runId: string, body: RunEventBody) => {
    const h = this.histories.get(runId)!;
    h.push({ ...body, runId, seq: h.length + 1, t: Date.now() });
  };
  briefing = (s: Scenario) => neutralBriefing(s, systemFor(s).lab.summary);
  summary = (s: Scenario) => scenarioSummary(s, 'shipped');

  end(runId: string, graded: boolean): void {
    if (graded) this.graded.add(runId);
    this.enders.get(runId)?.();
  }
}

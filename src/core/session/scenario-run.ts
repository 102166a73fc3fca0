import path from 'node:path';
import type { Debrief } from '../../shared/debrief-types';
import {
  durationMs,
  type Action,
  type Pace,
  type ResponseStep,
  type Scenario,
} from '../../shared/scenario-schema';
import { timeLimitMs } from '../../shared/scenario-pace';
import type { WriteRecord } from '../../shared/scenario-types';
import type { FaultContext, LabMember } from '../faults/fault-types';
import { describeAction } from '../grading/describe-moves';
import type { ContainerRuntime } from '../runtime/container-runtime';
import type { ScenarioSystemAdapter } from '../systems/scenario-system';
import type { UngradedAttempt } from './attempt-store';
import { faultFollowers, faultOffsets, stepsSince } from './fault-schedule';
import { countsFromTell, watchForTell } from './tell-watch';
import type { RunController } from './run-controller';
import { InFlight } from './in-flight';
import { labContext } from './lab-hands';
import { gradeEndedRun, settleInFlight } from './scenario-end';
import { ScenarioFaults } from './scenario-faults';
import { ScenarioHints } from './scenario-hints';
import { performMove, type MoveDesk, type MoveIssue, type MoveSource } from './scenario-moves';
import { startWorkload } from './scenario-workload';
import { StepQueue, followingStep } from './step-queue';
import {
  STOPPED_BEFORE_THE_END,
  UngradedKeeper,
  faultFailedReason,
  gradingFailedReason,
  labEndedReason,
  ungradedAttemptOf,
  workloadFailedReason,
} from './ungraded-attempt';

export type { MoveIssue } from './scenario-moves';

/** A scripted response: the reference, "none", or an instructor's file. */
export interface ScriptedResponse {
  name: string;
  steps: ResponseStep[];
}

export interface ScenarioRunOptions {
  /** The scenario as paced for this run (see `pacedScenario`). */
  scenario: Scenario;
  /** The pace it was paced at, for the history. */
  pace: Pace;
  /** Who plays, when they gave a name. */
  player?: string;
  seed: number;
  /** The system the scenario runs on, with the lab settings in force. */
  system: ScenarioSystemAdapter;
  response?: ScriptedResponse;
  /** Where exported keys and other artifacts of the run are written. */
  artifactsDir: string;
  /** Called with the debrief once graded (the engine stores the attempt). */
  onGraded: (debrief: Debrief) => Promise<void>;
  /**
   * Called once when a started run ends without a debrief (stopped, the app
   * closed, the lab or the Docker engine failed, a scheduled fault could not
   * be put in place, grading failed) with why, in one line: the engine keeps
   * an ungraded attempt. A rejection goes into the history, never thrown.
   */
  onNotGraded: (attempt: UngradedAttempt) => Promise<void>;
}

/**
 * One scenario on top of a lab run: starts the workload once the lab is
 * ready, fires the faults on schedule, runs a scripted response if any,
 * carries out the trainee's actions, and when the scenario ends reads the
 * final health and the surviving writes, grades, and removes the lab.
 * Everything it does goes into the run history.
 */
export class ScenarioRun {
  private t0 = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The scenario's faults: fired, in place, healed. */
  private readonly faults: ScenarioFaults;
  /** The scenario's hints: when each is due, which were shown. */
  private readonly hints: ScenarioHints;
  /** What the moves act through (see performMove). */
  private readonly desk: MoveDesk;
  /** Whether a fault has fired (hints without `since` count from the first). */
  private anyFaultFired = false;
  private readonly writes: WriteRecord[] = [];
  private readonly closers: (() => Promise<void> | void)[] = [];
  /** The scripted response's steps, in order (see StepQueue). */
  private readonly steps = new StepQueue();
  /** Work in flight (moves, fault injections and reverts, reachability reads): `end` waits for it. */
  private readonly inFlight = new InFlight();
  private clients: LabMember[] = [];
  private ending: Promise<void> | undefined;
  private debrief: Debrief | undefined;
  private started = false;
  private aborting = false;
  private starting: Promise<void> | undefined;
  /** Keeps the run as an ungraded attempt when it ends without a debrief. */
  private readonly ungraded: UngradedKeeper;
  /** Seconds a client gets to finish its in-flight writes on stop (longer than its write timeout). */
  private clientGraceS = 1;
  private over!: () => void;
  private readonly overPromise = new Promise<void>((resolve) => (this.over = resolve));

  constructor(
    private readonly runtime: ContainerRuntime,
    readonly controller: RunController,
    private readonly options: ScenarioRunOptions,
  ) {
    this.hints = new ScenarioHints(options.scenario.hints, controller.history);
    this.faults = new ScenarioFaults(options.scenario.faults, controller, {
      elapsedMs: () => Date.now() - this.t0,
      context: () => this.context(),
      later: (ms, fn) => this.later(ms, fn),
      track: (work) => void this.inFlight.track(work),
      onFired: (faultId) => this.faultFired(faultId),
      onHealed: (faultId) => this.scheduleSince(`${faultId}:healed`, Date.now() - this.t0),
    });
    this.desk = {
      controller,
      faults: this.faults,
      context: () => this.context(),
      end: (source) => void this.end(source),
      actionOptions: options.system.actionOptions,
      artifactsDir: options.artifactsDir,
    };
    this.ungraded = new UngradedKeeper({
      keepable: () => this.starting !== undefined && this.debrief === undefined,
      attempt: () => ungradedAttemptOf(controller.runId, options, this.history.all()),
      store: options.onNotGraded,
      failed: (message) => this.history.append({ kind: 'error', message }),
    });
  }

  get scenario(): Scenario {
    return this.options.scenario;
  }

  /** The debrief once the run is graded. */
  get result(): Debrief | undefined {
    return this.debrief;
  }

  get isEnded(): boolean {
    return this.ending !== undefined;
  }

  private get history() {
    return this.controller.history;
  }

  /** Resolves once the run is over: graded and removed, aborted, or failed to start. */
  whenOver(): Promise<void> {
    return this.overPromise;
  }

  /** Brings the lab up, then the workload and the schedule. Never rejects. */
  start(): Promise<void> {
    this.starting ??= this.bringUp();
    return this.starting;
  }

  private async bringUp(): Promise<void> {
    await this.controller.start();
    if (this.controller.currentPhase !== 'running' || this.aborting) {
      // A stop cut the bring-up short (abort keeps the attempt), or the lab failed.
      if (!this.aborting) {
        await this.ungraded.keep(labEndedReason(this.history.all()));
        this.over();
      }
      return;
    }
    try {
      await this.startWorkload();
      // A stop that came while the clients were being created cleans them up (abort waits for us).
      if (this.aborting) return;
      this.startSystemEvents();
      this.t0 = Date.now();
      this.started = true;
      const { scenario, seed, system, response, pace, player } = this.options;
      this.history.append({
        kind: 'scenario',
        scenarioId: scenario.id,
        seed,
        settings: system.recorded,
        ...(response ? { responseName: response.name } : {}),
        pace,
        timeLimitMs: timeLimitMs(scenario),
        ...(player ? { player } : {}),
      });
      this.schedule();
    } catch (error) {
      this.history.append({ kind: 'error', message: `scenario: ${(error as Error).message}` });
      await this.ungraded.during(workloadFailedReason(error), () => this.controller.stop());
      this.over();
    }
  }

  /** The lab's members (nodes and workload clients) as faults and actions address them. */
  private context(): FaultContext {
    return labContext(
      this.runtime,
      this.controller.runningNodes(),
      this.clients,
      this.controller.probeSource,
    );
  }

  private async startWorkload(): Promise<void> {
    const { clients, graceS } = await startWorkload({
      runtime: this.runtime,
      controller: this.controller,
      system: this.options.system,
      scenario: this.scenario,
      onWrites: (records) => this.onWrites(records),
      onClientEvent: (event) => this.history.append(event),
      addCloser: (close) => this.closers.push(close),
    });
    this.clients = clients;
    this.clientGraceS = graceS;
  }

  private onWrites(records: WriteRecord[]): void {
    if (records.length === 0) return;
    this.writes.push(...records);
    this.history.append({ kind: 'writes', records });
  }

  /** The system's live event streams (Sentinel's pub/sub, a node manager's log...) into the history. */
  private startSystemEvents(): void {
    const closers = this.options.system.watch(
      this.runtime,
      this.controller.runningNodes(),
      (event) => this.history.append(event),
    );
    this.closers.push(...closers);
  }

  /** Runs `fn` in `ms` unless the scenario has ended by then; `end` waits for it when `tracked`. */
  private later(ms: number, fn: () => unknown, tracked = true): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (this.ending) return;
        const work = Promise.resolve(fn()).catch((error: unknown) =>
          this.history.append({ kind: 'error', message: (error as Error).message }),
        );
        if (tracked) void this.inFlight.track(work);
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
  }

  private schedule(): void {
    const { scenario, seed, response } = this.options;
    const followers = faultFollowers(scenario.faults);
    const following = new Set([...followers.values()].flat());
    for (const [id, offset] of faultOffsets(scenario.faults, seed)) {
      if (offset === undefined || following.has(id)) continue;
      // A fault's followers (at: with) go in right after it, in order, never before it.
      this.later(offset, async () => {
        for (const f of [id, ...(followers.get(id) ?? [])]) {
          try {
            await this.faults.fire(f, 'engine', offset);
          } catch (error) {
            await this.scheduledFaultFailed(f, error);
            return;
          }
        }
      });
    }
    this.scheduleHints('start', 0);
    if (response) this.scheduleSteps(stepsSince(response.steps, 'start'), 0);
    // Not tracked: the end waits for tracked work, and must not wait for itself.
    this.later(timeLimitMs(scenario), () => void this.end('engine'), false);
  }

  /**
   * Schedules the hints that count from `since` (`start`, a fault id, or
   * `first-fault` for hints without `since`), `base` ms after the start.
   */
  private scheduleHints(since: string, base: number): void {
    for (const { index, atMs } of this.hints.dueFrom(since, base))
      this.later(atMs - (Date.now() - this.t0), () => this.hints.show(index, false));
  }

  /**
   * A scheduled fault could not be put in place (on a machine too busy for
   * its exec to answer, a node that would not take the rules): the drill the
   * scenario describes never happened, so grading it would judge the machine,
   * not the trainee. The run ends at once, failed, with the reason in one line
   * and no grade; the lab is removed.
   */
  private async scheduledFaultFailed(faultId: string, error: unknown): Promise<void> {
    const why =
      `the fault ${faultId} could not be put in place (${(error as Error).message}); ` +
      'the drill did not happen as written, so this run is not graded';
    this.controller.history.append({ kind: 'error', message: why });
    this.controller.enterPhase('failed', why);
    await this.abort(faultFailedReason(faultId, error));
  }

  /** Schedules the steps, then the hints, that count from `since`, `base` ms after the start. */
  private scheduleSince(since: string, base: number): void {
    const response = this.options.response;
    if (response) this.scheduleSteps(stepsSince(response.steps, since), base);
    this.scheduleHints(since, base);
  }

  /** A fault fired: what counts from it is due from now (and, for the first, hints without `since`). */
  private faultFired(faultId: string): void {
    const firedAt = Date.now() - this.t0;
    this.scheduleSince(faultId, firedAt);
    if (!this.anyFaultFired) {
      this.scheduleHints('first-fault', firedAt);
      const { scenario, response } = this.options;
      const countsFrom = countsFromTell(scenario, response?.steps);
      // The run records the first tell when it shows, so the run view names
      // the moment grading and the debrief count from; what counts from it starts then.
      this.closers.push(
        watchForTell(scenario, this.history, (shownAt, tell) => {
          // After the sample's own listeners (no append while they run).
          queueMicrotask(() =>
            this.history.append({
              kind: 'tell-shown',
              tell: tell.kind,
              detail: tell.detail,
              at: tell.at,
              shownAt,
            }),
          );
          if (countsFrom) this.scheduleSince('tell', shownAt - this.t0);
        }),
      );
    }
    this.anyFaultFired = true;
  }

  /** Shows the next hint not yet shown, because the trainee asked for it. */
  requestHint(): { ok: boolean; detail: string } {
    if (!this.started) return { ok: false, detail: 'the scenario has not started yet' };
    if (this.ending) return { ok: false, detail: 'the scenario has ended' };
    return this.hints.request();
  }

  /**
   * Queues steps due at their offset after `base` ms (since the scenario
   * start); each starts no earlier than that and never before the step
   * before it has finished (see StepQueue).
   */
  private scheduleSteps(steps: ResponseStep[], base: number): void {
    for (const step of steps) this.queueStep(step, this.t0 + base + durationMs(step.after));
  }

  /**
   * Queues one scripted step due at `dueAt` (ms since epoch). Once it has
   * finished, the step after it in the file is queued if it counts from
   * `previous`: due its `after` from that moment.
   */
  private queueStep(step: ResponseStep, dueAt: number): void {
    this.steps.add({
      dueAt,
      label: describeAction(step.do),
      run: async (start) => {
        try {
          return await this.act(step.do, 'script', {
            issuedAt: start.startedAt,
            ...(start.late ? { late: start.late } : {}),
          });
        } finally {
          const next = followingStep(this.options.response?.steps ?? [], step);
          if (next) this.queueStep(next, Date.now() + durationMs(next.after));
        }
      },
    });
  }

  /**
   * Carries out a palette action (or a scripted one) and records it: when it
   * was issued, how long it waited behind an earlier move of the same node,
   * and (the event's time) when the engine finished it. A move of a node
   * whose previous move is still in flight is queued behind it.
   */
  act(
    action: Action,
    source: MoveSource,
    issue: MoveIssue = {},
  ): Promise<{ ok: boolean; detail: string }> {
    if (!this.started) {
      // A facilitator's trigger while the lab is up but the workload still starting (the
      // room looks ready, one drill is a few seconds behind) fires once the scenario starts,
      // timed from when it was issued; other moves are refused until then.
      if (action.kind === 'trigger-fault' && this.starting && !this.ending && !this.aborting) {
        const issuedAt = issue.issuedAt ?? Date.now();
        return this.starting.then(() =>
          this.started
            ? this.act(action, source, { ...issue, issuedAt })
            : { ok: false, detail: 'the scenario did not start' },
        );
      }
      return Promise.resolve({ ok: false, detail: 'the scenario has not started yet' });
    }
    if (this.ending && action.kind !== 'end')
      return Promise.resolve({ ok: false, detail: 'the scenario has ended' });
    const issuedAt = issue.issuedAt ?? Date.now();
    const node = action.kind !== 'end' && 'node' in action ? action.node : undefined;
    return this.inFlight.serialize(node, async (queued) => {
      const began = Date.now();
      let outcome: { ok: boolean; detail: string };
      try {
        outcome = await performMove(this.desk, action, source);
      } catch (error) {
        outcome = { ok: false, detail: (error as Error).message };
      }
      if (action.kind !== 'end') {
        const queuedMs = queued ? began - issuedAt : 0;
        this.history.append({
          kind: 'action',
          action,
          source,
          ...outcome,
          issuedAt,
          ...(queuedMs > 0 ? { queuedMs } : {}),
          ...(issue.late ? { late: issue.late } : {}),
        });
      }
      return outcome;
    });
  }

  /** Ends the scenario: workload stops, final health and surviving data are read, the run is graded, the lab removed. */
  end(source: string): Promise<void> {
    this.ending ??= this.finish(source);
    return this.ending;
  }

  private async finish(source: string): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (!this.started) {
      await this.ungraded.during(STOPPED_BEFORE_THE_END, () => this.controller.stop());
      this.over();
      return;
    }
    // No step starts from now on; what is in flight finishes before grading begins.
    await this.steps.close();
    await settleInFlight(this.inFlight, this.history);
    this.controller.enterPhase('grading', `ended by ${source}`);
    let kept: Promise<void> | undefined;
    try {
      const debrief = await gradeEndedRun({
        runtime: this.runtime,
        controller: this.controller,
        scenario: this.scenario,
        system: this.options.system,
        clients: this.clients,
        clientGraceS: this.clientGraceS,
        closeStreams: () => this.closeStreams(),
        writes: this.writes,
        context: () => this.context(),
        activeFaultIds: () => this.faults.activeIds(),
      });
      this.debrief = debrief;
      await this.options.onGraded(debrief);
    } catch (error) {
      this.history.append({ kind: 'error', message: `grading: ${(error as Error).message}` });
      // Kept only when there is no debrief (not when the debrief could not be stored).
      kept = this.ungraded.keep(gradingFailedReason(error));
    } finally {
      await this.closeStreams();
      await this.controller.stop();
      await kept;
      this.over();
    }
  }

  /** Closes the write followers and event streams not closed yet, one after another. */
  private async closeStreams(): Promise<void> {
    for (const close of this.closers.splice(0)) await close();
  }

  /**
   * Stops everything without grading (engine shutdown, user stop). Faults go
   * with the containers. A run that had no debrief is kept as an ungraded
   * attempt with `reason` (one line: why it was stopped), unless an earlier
   * end already gave one; a grading in progress finishes first.
   */
  async abort(reason: string = STOPPED_BEFORE_THE_END): Promise<void> {
    this.aborting = true;
    // No grading has begun, so none will: the attempt is kept while the lab goes.
    let kept = this.ending ? undefined : this.ungraded.keep(reason);
    // A bring-up still in progress is cut short; then wait for start() to settle so that
    // nothing it creates appears after the run's resources are released.
    const bringingUp = ['preparing', 'building', 'starting', 'waiting-ready'];
    if (bringingUp.includes(this.controller.currentPhase)) await this.controller.stop();
    await this.starting;
    await this.ending?.catch(() => undefined);
    kept ??= this.ungraded.keep(reason);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.closeStreams();
    await this.controller.stop();
    await kept;
    this.over();
  }
}

/** Where a run's artifacts (exported keys) go under the data dir. */
export function artifactsDirFor(dataDir: string, runId: string): string {
  return path.join(dataDir, 'artifacts', runId);
}

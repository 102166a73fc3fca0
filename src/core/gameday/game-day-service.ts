import { randomBytes } from 'node:crypto';
import type { Debrief } from '../../shared/debrief-types';
import type {
  BoardRow,
  GameDay,
  TraineeDrill,
  TraineePrincipal,
  GameDayInput,
  GameDayTrainee,
  NeutralBriefing,
  TraineeLink,
} from '../../shared/game-day-types';
import type { RunEvent, RunEventBody } from '../../shared/run-events';
import type { Action, Scenario, ScenarioSummary } from '../../shared/scenario-schema';
import { seededRandom } from '../session/fault-schedule';
import type { GroupDebrief } from '../../shared/group-debrief-types';
import { boardRow } from './board';
import { buildGroupDebrief } from './group-debrief';
import {
  GameDayStore,
  newGameDayId,
  newTraineeToken,
  tokenHash,
  tokenMatches,
  type StoredGameDay,
} from './game-day-store';

/** What the game-day service needs of the engine (kept narrow so it can be tested without Docker). */
export interface GameDayEngine {
  scenario(id: string): Promise<Scenario | undefined>;
  /** Starts a scenario run at human pace; `holdFaults` makes every timed fault wait for a trigger. */
  startRun(args: {
    scenarioId: string;
    seed: number;
    player: string;
    holdFaults: boolean;
    /** The pool engine to run it on (from `place`); default this machine's. */
    engineId?: string;
  }): Promise<{ runId: string }>;
  /**
   * Where `count` new labs go, by the room each engine of the pool has left (see
   * placeLabs); absent = every lab on this machine's engine.
   */
  place?(count: number): Promise<{ id: string; name: string; over: boolean }[]>;
  /** The run's history so far, or undefined when this engine does not hold the run. */
  history(runId: string): readonly RunEvent[] | undefined;
  /** Resolves when the run is over (graded, stopped or failed). */
  whenEnded(runId: string): Promise<void>;
  /** The run's debrief once graded (live or stored). */
  debrief(runId: string): Promise<Debrief | undefined>;
  /** Why the run ended without a grade, as its kept attempt says (one line), if it says. */
  notGradedReason?(runId: string): Promise<string | undefined>;
  /** Performs an action in a scenario run as the instructor. */
  actAsInstructor(runId: string, action: Action): Promise<{ ok: boolean; detail: string }>;
  /** Appends a note or a facilitator's hint to a running scenario's history. */
  append(runId: string, body: RunEventBody): void;
  /** The neutral briefing and the catalog card of a scenario. */
  briefing(scenario: Scenario): NeutralBriefing;
  summary(scenario: Scenario): ScenarioSummary;
}

const NAME = /^[^\p{Cc}]{1,40}$/u;

/** How long a scenario read from the catalog is reused (ms). */
const SCENARIO_CACHE_MS = 10_000;

/**
 * Game days: create, start, trigger, hint, annotate, watch. The state lives
 * in the store (one file per game day) and in the runs' histories; this
 * service keeps a cache of the stored game days and writes every change.
 */
export class GameDayService {
  private readonly days = new Map<string, StoredGameDay>();
  private loaded: Promise<void> | undefined;
  private readonly saving = new Map<string, Promise<void>>();
  /** Scenarios read lately: the board asks for each trainee's every second. */
  private readonly scenarios = new Map<
    string,
    { at: number; value: Promise<Scenario | undefined> }
  >();

  constructor(
    private readonly store: GameDayStore,
    private readonly engine: GameDayEngine,
  ) {}

  /** A scenario from the catalog, read at most once per SCENARIO_CACHE_MS. */
  private scenario(id: string): Promise<Scenario | undefined> {
    const cached = this.scenarios.get(id);
    if (cached && Date.now() - cached.at < SCENARIO_CACHE_MS) return cached.value;
    const value = this.engine.scenario(id);
    this.scenarios.set(id, { at: Date.now(), value });
    value.catch(() => this.scenarios.delete(id));
    return value;
  }

  /**
   * Loads the stored game days. A run that was in progress when the app last
   * stopped is not held by this engine: it is marked ended, with the reason.
   */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      for (const stored of await this.store.list()) {
        let changed = false;
        for (const t of stored.gameDay.trainees) {
          if (t.state !== 'running' || !t.runId || this.engine.history(t.runId)) continue;
          t.state = 'ended';
          t.reason =
            'the app stopped while this run was in progress; its lab was removed at the next start';
          changed = true;
        }
        this.days.set(stored.gameDay.id, stored);
        if (changed) await this.persist(stored);
      }
    })();
    return this.loaded;
  }

  async create(input: GameDayInput): Promise<{ gameDay: GameDay; links: TraineeLink[] }> {
    await this.load();
    if (input.scenarioIds.length === 0) throw new Error('pick at least one scenario');
    for (const id of input.scenarioIds)
      if (!(await this.engine.scenario(id))) throw new Error(`unknown scenario "${id}"`);
    if (input.trainees.length < 1 || input.trainees.length > 12)
      throw new Error('a game day has 1 to 12 trainees');
    const names = input.trainees.map((n) => n.trim());
    for (const n of names)
      if (!NAME.test(n)) throw new Error(`bad trainee name "${n.slice(0, 40)}"`);
    if (new Set(names).size !== names.length) throw new Error('two trainees have the same name');
    const seed = input.seed ?? randomBytes(4).readUInt32BE() % 2 ** 31;
    const draw = seededRandom(seed);
    const links: TraineeLink[] = [];
    const tokenHashes: Record<string, string> = {};
    const trainees: GameDayTrainee[] = names.map((name, i) => {
      const id = `t${i + 1}`;
      const token = newTraineeToken();
      links.push({ traineeId: id, name, token });
      tokenHashes[id] = tokenHash(token);
      const pick = input.scenarioIds[Math.floor(draw() * input.scenarioIds.length)]!;
      return { id, name, scenarioId: pick, state: 'waiting' };
    });
    const gameDay: GameDay = {
      id: newGameDayId(),
      name: input.name.trim().slice(0, 80) || 'Game day',
      mode: input.mode,
      timing: input.timing,
      createdAt: Date.now(),
      seed,
      trainees,
    };
    const stored = { gameDay, tokenHashes };
    await this.persist(stored);
    this.days.set(gameDay.id, stored);
    return { gameDay: structuredClone(gameDay), links };
  }

  async list(): Promise<GameDay[]> {
    await this.load();
    return [...this.days.values()]
      .map((d) => structuredClone(d.gameDay))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  async get(id: string): Promise<GameDay | undefined> {
    await this.load();
    const d = this.days.get(id);
    return d ? structuredClone(d.gameDay) : undefined;
  }

  /** Starts a run for every trainee still waiting; resolves once each run exists. */
  async start(id: string): Promise<GameDay> {
    const stored = await this.require(id);
    const { gameDay } = stored;
    gameDay.startedAt ??= Date.now();
    const waiting = gameDay.trainees.filter((t) => t.state === 'waiting').length;
    // Placed all at once: a lab counts on its engine only once its network exists.
    // No engine answering: each run then fails to start with the engine's own reason.
    const places = (await this.engine.place?.(waiting).catch(() => undefined)) ?? [];
    for (const [i, t] of gameDay.trainees.entries()) {
      if (t.state !== 'waiting') continue;
      const place = places.shift();
      try {
        if (place)
          t.engine = { id: place.id, name: place.name, ...(place.over ? { over: true } : {}) };
        const { runId } = await this.engine.startRun({
          scenarioId: t.scenarioId,
          seed: (gameDay.seed + i * 7919) % 2 ** 31,
          player: t.name,
          holdFaults: gameDay.timing === 'trigger',
          ...(place ? { engineId: place.id } : {}),
        });
        t.runId = runId;
        t.state = 'running';
        void this.engine.whenEnded(runId).then(() => this.settle(id, t.id));
      } catch (error) {
        t.state = 'ended';
        t.reason = `the run could not start: ${(error as Error).message.split('\n')[0]}`;
      }
      await this.persist(stored);
    }
    return structuredClone(gameDay);
  }

  /**
   * Fires a held fault in one trainee's run or in every running run of the
   * game day: `faultId`, else each run's first fault that has not fired.
   */
  async trigger(
    id: string,
    target: { traineeId?: string; faultId?: string },
  ): Promise<{ traineeId: string; ok: boolean; detail: string }[]> {
    const { gameDay } = await this.require(id);
    const runs = gameDay.trainees.filter(
      (t) => t.state === 'running' && t.runId && (!target.traineeId || t.id === target.traineeId),
    );
    if (target.traineeId && runs.length === 0)
      throw new Error(`trainee ${target.traineeId} has no running drill`);
    return Promise.all(
      runs.map(async (t) => {
        const fault = target.faultId ?? (await this.nextFault(t));
        if (!fault) return { traineeId: t.id, ok: false, detail: 'every fault has fired' };
        const r = await this.engine.actAsInstructor(t.runId!, { kind: 'trigger-fault', fault });
        return { traineeId: t.id, ...r };
      }),
    );
  }

  /** A hint from the facilitator to one trainee (shown to them at once, kept in the history). */
  async hint(id: string, traineeId: string, text: string): Promise<void> {
    this.engine.append(this.runOf(await this.require(id), traineeId), {
      kind: 'hint',
      index: -1,
      text,
      from: 'facilitator',
    });
  }

  /** The facilitator's annotation on a trainee's run. */
  async annotate(id: string, traineeId: string, text: string): Promise<void> {
    this.engine.append(this.runOf(await this.require(id), traineeId), {
      kind: 'note',
      author: 'facilitator',
      text,
    });
  }

  /** Every trainee's run at a glance. */
  async board(id: string): Promise<BoardRow[]> {
    const { gameDay } = await this.require(id);
    return Promise.all(
      gameDay.trainees.map(async (t) =>
        boardRow(
          t,
          (t.runId && this.engine.history(t.runId)) || [],
          (await this.scenario(t.scenarioId))?.faults ?? [],
        ),
      ),
    );
  }

  /** All attempts side by side, from each run's debrief (live or stored). */
  async groupDebrief(id: string): Promise<GroupDebrief> {
    const { gameDay } = await this.require(id);
    const debriefs = new Map<string, Debrief>();
    for (const t of gameDay.trainees) {
      if (!t.runId) continue;
      const d = await this.engine.debrief(t.runId);
      if (d) debriefs.set(t.runId, d);
    }
    return buildGroupDebrief(structuredClone(gameDay), debriefs);
  }

  /** The trainee a token belongs to, or undefined. */
  async principalOf(token: string): Promise<TraineePrincipal | undefined> {
    await this.load();
    for (const { gameDay, tokenHashes } of this.days.values())
      for (const t of gameDay.trainees) {
        const hash = tokenHashes[t.id];
        if (hash && tokenMatches(token, hash))
          return { role: 'trainee', gameDayId: gameDay.id, traineeId: t.id, name: t.name };
      }
    return undefined;
  }

  /** The trainee's own entry (its run id, once started). */
  async traineeOf(p: TraineePrincipal): Promise<{ gameDay: GameDay; trainee: GameDayTrainee }> {
    const { gameDay } = await this.require(p.gameDayId);
    const trainee = gameDay.trainees.find((t) => t.id === p.traineeId);
    if (!trainee) throw new Error('no such trainee');
    return { gameDay, trainee };
  }

  /** What a trainee sees of their drill: a neutral briefing when blind, the card when open. */
  async drillOf(p: TraineePrincipal): Promise<TraineeDrill> {
    const { gameDay, trainee } = await this.traineeOf(p);
    const scenario = await this.scenario(trainee.scenarioId);
    if (!scenario) throw new Error('the drill’s scenario is no longer in the catalog');
    return {
      gameDayName: gameDay.name,
      traineeName: trainee.name,
      mode: gameDay.mode,
      ...(trainee.runId ? { runId: trainee.runId } : {}),
      system: scenario.system,
      ...(gameDay.mode === 'blind'
        ? { briefing: this.engine.briefing(scenario) }
        : { card: this.engine.summary(scenario) }),
    };
  }

  private async settle(id: string, traineeId: string): Promise<void> {
    const stored = this.days.get(id);
    const t = stored?.gameDay.trainees.find((x) => x.id === traineeId);
    if (!stored || !t?.runId) return;
    const graded = await this.engine.debrief(t.runId);
    if (graded) t.state = 'graded';
    else {
      t.state = 'ended';
      const events = this.engine.history(t.runId) ?? [];
      const why = [...events].reverse().find((e) => e.kind === 'phase' && e.detail);
      t.reason =
        (await this.engine.notGradedReason?.(t.runId).catch(() => undefined)) ||
        (why?.kind === 'phase' && why.detail) ||
        'the run ended without a grade';
    }
    await this.persist(stored);
  }

  /** Writes a game day; writes of one game day happen in order (the last state wins). */
  private persist(stored: StoredGameDay): Promise<void> {
    const id = stored.gameDay.id;
    const next = (this.saving.get(id) ?? Promise.resolve()).then(() => this.store.save(stored));
    this.saving.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  }

  private async nextFault(t: GameDayTrainee): Promise<string | undefined> {
    const scenario = await this.scenario(t.scenarioId);
    const fired = new Set(
      (this.engine.history(t.runId!) ?? []).flatMap((e) =>
        e.kind === 'fault' && e.phase === 'inject' ? [e.faultId] : [],
      ),
    );
    return scenario?.faults.find((f) => !fired.has(f.id))?.id;
  }

  private runOf(stored: StoredGameDay, traineeId: string): string {
    const t = stored.gameDay.trainees.find((x) => x.id === traineeId);
    if (!t?.runId || t.state !== 'running')
      throw new Error(`trainee ${traineeId} has no running drill`);
    return t.runId;
  }

  private async require(id: string): Promise<StoredGameDay> {
    await this.load();
    const d = this.days.get(id);
    if (!d) throw new Error(`unknown game day "${id}"`);
    return d;
  }
}

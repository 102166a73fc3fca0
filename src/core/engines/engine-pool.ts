import type { BuildProgress } from '../../shared/lab-types';
import {
  LAB_FOOTPRINT,
  type AddEngineInput,
  type PoolEngine,
} from '../../shared/engine-pool-types';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { connectionForAddress } from '../runtime/docker-connection';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { ensureImage, hasCurrentImage } from '../runtime/images/image-pipeline';
import { LABEL, appSelector, ownerId } from '../runtime/labels';
import { defaultIsOwnerAlive, reapOrphans } from '../runtime/reaper';
import { BRING_UP_CONCURRENCY, Gate, type TurnGate } from '../session/bring-up-gate';
import { dataPathFor, type DataPath } from '../session/lab-relay';
import type { EnginePoolStore, SavedEngine } from './engine-pool-store';
import { labsFitting, placeLabs, type Placement } from './placement';

/** One engine of the pool, with what the app holds of it. */
export interface PoolMember {
  readonly id: string;
  readonly runtime: ContainerRuntime;
  readonly dataPath: DataPath;
  /** Bring-up turns on this engine (this machine's engine shares the machine-wide turns). */
  readonly gate: TurnGate;
}

interface Entry extends PoolMember {
  summary: PoolEngine;
  /** How it was added (kept in the store). */
  saved?: SavedEngine;
  /** Looks in a row that got no answer. */
  misses: number;
  looking?: Promise<void>;
}

export interface EnginePoolOptions {
  /** The lab-images folder (to build or check images). */
  labImagesDir: string;
  /** Every image the catalog's labs need (lab images, the client, the relay). */
  neededImages: readonly string[];
  /** This machine's bring-up turns (shared with the other engine processes here). */
  localGate: TurnGate;
  /** DOJO_DATA_PATH, when set: the data path of every engine. */
  dataPathOverride?: string | undefined;
  /** Called when the pool changes (an engine added, removed, looked at, preparing). */
  onChange?: (engines: PoolEngine[]) => void;
  /**
   * An engine stopped answering (two looks in a row): its runs must end, with `reason`.
   * Not called for this machine's engine, whose runs see a restart themselves.
   */
  onLost?: (engineId: string, reason: string) => void;
  /** Makes the runtime for an added engine (tests inject one); default the Docker runtime. */
  runtimeFor?: (input: AddEngineInput) => ContainerRuntime;
  /** How often engines with labs on them are looked at, ms. */
  watchMs?: number;
  /** Where the added engines are kept across restarts; none = not kept. */
  store?: EnginePoolStore;
}

/** A look older than this is taken again when the pool is listed, ms. */
const FRESH_MS = 2000;
/** Looks in a row without an answer before an engine counts as gone. */
const MISSES_TO_LOSE = 2;

/**
 * The Docker engines labs run on: this machine's (always first, id `local`) and those a
 * facilitator adds. Each is looked at (version, CPUs, memory, the labs on it, the images
 * it has, the round trip) when listed and, while labs run on it, every `watchMs`; an engine
 * that stops answering is reported once through `onLost`, and when it answers again what
 * this process left on it is reaped. Placement is by the room each has left.
 */
export class EnginePool {
  private readonly entries = new Map<string, Entry>();
  private next = 1;
  private timer: NodeJS.Timeout | undefined;
  /** Runs placed on each engine by this process (for the watch). */
  private readonly runsOn = new Map<string, Set<string>>();

  constructor(
    localRuntime: ContainerRuntime,
    private readonly options: EnginePoolOptions,
  ) {
    this.entries.set('local', {
      id: 'local',
      runtime: localRuntime,
      dataPath: dataPathFor(localRuntime.endpoint, options.dataPathOverride),
      gate: options.localGate,
      misses: 0,
      summary: this.blankSummary('local', 'this machine', 'local', localRuntime.endpoint),
    });
    // The engines added before the last restart, looked at when the pool is first listed.
    const restored = options.store?.load() ?? [];
    if (options.store?.problem) console.warn(`[engine pool] ${options.store.problem}`);
    for (const saved of restored) {
      const runtime = options.runtimeFor ? options.runtimeFor(saved) : runtimeFor(saved);
      this.next = Math.max(this.next, Number(saved.id.slice(1)) + 1);
      this.entries.set(saved.id, this.entryFor(saved, runtime));
    }
    this.timer = setInterval(() => this.watch(), options.watchMs ?? 3000);
    this.timer.unref();
  }

  /** The engine `id` (throws for an unknown one). */
  member(id: string): PoolMember {
    const e = this.entries.get(id);
    if (!e)
      throw new Error(`unknown engine "${id}" (known: ${[...this.entries.keys()].join(', ')})`);
    return e;
  }

  /** The other engines' runtimes, this machine's first: where a missing image may be copied from. */
  imageSourcesFor(id: string): ContainerRuntime[] {
    return [...this.entries.values()]
      .filter((e) => e.id !== id && e.summary.state === 'reachable')
      .map((e) => e.runtime);
  }

  /** Every engine, looked at again when the last look is older than 2 s. */
  async list(): Promise<PoolEngine[]> {
    await Promise.all(
      [...this.entries.values()]
        .filter((e) => Date.now() - e.summary.checkedAt > FRESH_MS)
        .map((e) => this.look(e)),
    );
    return this.summaries();
  }

  /** The pool as last looked at (no call to any engine). */
  summaries(): PoolEngine[] {
    return [...this.entries.values()].map((e) => structuredClone(e.summary));
  }

  /** Adds an engine; refuses one that does not answer, a bad address, or one already in. */
  async add(input: AddEngineInput): Promise<PoolEngine> {
    const address = input.address.trim();
    const runtime = this.options.runtimeFor
      ? this.options.runtimeFor(input)
      : createRuntimeFor(input);
    for (const e of this.entries.values())
      if (sameEndpoint(e.runtime.endpoint, runtime.endpoint))
        throw new Error(`${address} is already in the pool as "${e.summary.name}"`);
    try {
      await runtime.info();
    } catch (error) {
      throw new Error(`${address} does not answer: ${firstLine(error)}`, { cause: error });
    }
    const saved: SavedEngine = {
      id: `e${this.next++}`,
      address,
      name: (input.name?.trim() || hostOf(address)).slice(0, 40),
      ...(input.tlsDir?.trim() ? { tlsDir: input.tlsDir.trim() } : {}),
    };
    const entry = this.entryFor(saved, runtime);
    this.entries.set(saved.id, entry);
    this.save();
    await this.look(entry);
    return structuredClone(entry.summary);
  }

  private entryFor(saved: SavedEngine, runtime: ContainerRuntime): Entry {
    return {
      id: saved.id,
      runtime,
      dataPath: dataPathFor(runtime.endpoint, this.options.dataPathOverride),
      gate: new Gate(BRING_UP_CONCURRENCY),
      misses: 0,
      saved,
      summary: this.blankSummary(saved.id, saved.name, saved.address, runtime.endpoint),
    };
  }

  private save(): void {
    this.options.store?.save([...this.entries.values()].flatMap((e) => (e.saved ? [e.saved] : [])));
  }

  /** Removes an added engine with no run of this process on it. Its labs are not touched. */
  remove(id: string): void {
    if (id === 'local') throw new Error('this machine’s engine stays in the pool');
    this.member(id);
    const runs = this.runsOn.get(id)?.size ?? 0;
    if (runs > 0) throw new Error(`${runs} lab(s) of this app still run there: stop them first`);
    this.entries.delete(id);
    this.save();
    this.changed();
  }

  /** Places `count` labs by the room each engine has left (see placeLabs); looks first. */
  async place(count: number): Promise<Placement[]> {
    const engines = await this.list();
    return placeLabs(
      engines.map((e) => ({
        id: e.id,
        reachable: e.state === 'reachable',
        labsFit: e.labsFit,
        labsRunning: e.labsRunning,
        ...(e.pingMs !== undefined ? { pingMs: e.pingMs } : {}),
      })),
      count,
    );
  }

  /** As `place`, with each engine's name (what a game day's board shows). */
  async placeNamed(count: number): Promise<{ id: string; name: string; over: boolean }[]> {
    const placed = await this.place(count);
    return placed.map((p) => ({
      id: p.engineId,
      name: this.entries.get(p.engineId)?.summary.name ?? p.engineId,
      over: p.over,
    }));
  }

  /** Records that `runId` runs on `engineId` until `ended` settles (the watch looks at such engines). */
  track(engineId: string, runId: string, ended: Promise<unknown>): void {
    const runs = this.runsOn.get(engineId) ?? new Set<string>();
    runs.add(runId);
    this.runsOn.set(engineId, runs);
    const done = (): void => {
      runs.delete(runId);
    };
    ended.then(done, done);
  }

  /**
   * Builds `images` (default every image the catalog needs) on the engine, or copies them
   * from another engine of the pool, with progress in its summary (`preparing`); resolves
   * with the number of images made ready. Preparing an engine twice at once shares the work.
   */
  async prepare(
    id: string,
    images: readonly string[] = this.options.neededImages,
    onProgress?: (p: BuildProgress) => void,
  ): Promise<number> {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`unknown engine "${id}"`);
    const sources = this.imageSourcesFor(id);
    let done = 0;
    try {
      for (const name of images) {
        await ensureImage(
          entry.runtime,
          { name, labImagesDir: this.options.labImagesDir, sources },
          (p) => {
            entry.summary.preparing = { image: p.image, fraction: p.fraction, message: p.message };
            onProgress?.(p);
            this.changed();
          },
        );
        done++;
      }
    } finally {
      delete entry.summary.preparing;
      await this.look(entry);
    }
    return done;
  }

  /** Stops the watch. */
  dispose(): void {
    clearInterval(this.timer);
  }

  /** Looks at engines this process has labs on, and at engines that went away. */
  private watch(): void {
    for (const e of this.entries.values()) {
      if (e.looking) continue;
      if ((this.runsOn.get(e.id)?.size ?? 0) > 0 || e.summary.state === 'unreachable')
        void this.look(e);
    }
  }

  private look(e: Entry): Promise<void> {
    e.looking ??= this.lookNow(e).finally(() => (e.looking = undefined));
    return e.looking;
  }

  private async lookNow(e: Entry): Promise<void> {
    const s = e.summary;
    const started = Date.now();
    try {
      const info = await e.runtime.info();
      const pingMs = Date.now() - started;
      const [networks, present] = await Promise.all([
        e.runtime.listNetworks(appSelector()),
        this.imagesPresent(e.runtime),
      ]);
      const wasLost = s.state === 'unreachable' && e.misses >= MISSES_TO_LOSE;
      e.misses = 0;
      Object.assign(s, {
        state: 'reachable',
        version: info.serverVersion,
        pingMs,
        labsRunning: networks.filter((n) => n.labels[LABEL.run]).length,
        labsFit: labsFitting(info.cpus, info.memoryBytes, LAB_FOOTPRINT),
        images: { present, needed: this.options.neededImages.length },
      } satisfies Partial<PoolEngine>);
      if (info.cpus !== undefined) s.cpus = info.cpus;
      if (info.memoryBytes !== undefined) s.memoryBytes = info.memoryBytes;
      delete s.problem;
      if (wasLost) await this.reapOwn(e);
    } catch (error) {
      e.misses++;
      s.problem = firstLine(error);
      delete s.pingMs;
      if (e.misses >= MISSES_TO_LOSE && s.state !== 'unreachable') {
        s.state = 'unreachable';
        if (e.id !== 'local')
          this.options.onLost?.(e.id, `the Docker engine ${s.name} went away: ${s.problem}`);
      }
    } finally {
      s.checkedAt = Date.now();
      this.changed();
    }
  }

  /** What this process left on an engine that came back: its runs there ended while it was gone. */
  private async reapOwn(e: Entry): Promise<void> {
    const own = ownerId();
    await reapOrphans(e.runtime, {
      isOwnerAlive: (owner) => owner !== own && defaultIsOwnerAlive(owner),
    }).catch(() => undefined);
    const networks = await e.runtime.listNetworks(appSelector()).catch(() => []);
    e.summary.labsRunning = networks.filter((n) => n.labels[LABEL.run]).length;
  }

  private async imagesPresent(runtime: ContainerRuntime): Promise<number> {
    const checks = await Promise.all(
      this.options.neededImages.map((name) =>
        hasCurrentImage(runtime, { name, labImagesDir: this.options.labImagesDir }).catch(
          () => false,
        ),
      ),
    );
    return checks.filter(Boolean).length;
  }

  private blankSummary(id: string, name: string, address: string, endpoint: string): PoolEngine {
    return {
      id,
      name,
      address,
      endpoint,
      dataPath: dataPathFor(endpoint, this.options.dataPathOverride),
      state: 'reachable',
      labsRunning: 0,
      labsFit: 0,
      images: { present: 0, needed: this.options.neededImages.length },
      checkedAt: 0,
    };
  }

  private changed(): void {
    this.options.onChange?.(this.summaries());
  }
}

function createRuntimeFor(input: AddEngineInput): ContainerRuntime {
  const connection = connectionForAddress(input.address, {
    ...(input.tlsDir ? { tlsDir: input.tlsDir } : {}),
  });
  if (connection.problem) throw new Error(connection.problem);
  return createDockerRuntime({ connection, pingTimeoutMs: 4000 });
}

/** A saved engine's runtime: one whose address no longer resolves answers with that problem. */
function runtimeFor(saved: SavedEngine): ContainerRuntime {
  const connection = connectionForAddress(saved.address, {
    ...(saved.tlsDir ? { tlsDir: saved.tlsDir } : {}),
  });
  return createDockerRuntime({ connection, pingTimeoutMs: 4000 });
}

/** Two endpoints name the same engine (their notes on where they came from aside). */
function sameEndpoint(a: string, b: string): boolean {
  const bare = (s: string): string => s.replace(/(\s+\([^)]*\))+$/, '');
  return bare(a) === bare(b);
}

/** The host of an address, for a default name: `ssh://ops@lab-2` → `lab-2`; a context name as is. */
function hostOf(address: string): string {
  try {
    if (address.includes('://')) return new URL(address).hostname || address;
  } catch {
    /* not a URL: the name as typed */
  }
  return address;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

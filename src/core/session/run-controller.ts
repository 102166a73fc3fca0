import {
  isDataNodeKind,
  type BuildProgress,
  type NodeState,
  type ProbeSample,
  type ReadinessStatus,
  type RunPhase,
} from '../../shared/lab-types';
import type { LabDefinition, LabNodePlan, LabObserver, RunningNode } from '../labs/lab-definition';
import { hostIpInSubnet } from '../labs/lab-definition';
import { ProbeRunner } from '../probes/probe-runner';
import {
  EngineUnreachableError,
  type ContainerEvent,
  type ContainerRuntime,
  type NetworkInfo,
} from '../runtime/container-runtime';
import { oneLineReason } from '../../shared/debrief-types';
import { ensureImage } from '../runtime/images/image-pipeline';
import { LABEL, runLabels } from '../runtime/labels';
import { ExpectedStops, nodeEventOf } from './node-events';
import type { RunHistory } from './run-history';
import { readinessFailure } from './readiness-failure';
import type { TurnGate } from './bring-up-gate';
import { LabTunnel } from '../workload/lab-tunnel';
import { RELAY_HOST, RELAY_IMAGE, startRelay, tunnelPorts, type DataPath } from './lab-relay';

/** Tunables of a run's bring-up and sampling. */
export interface RunTimings {
  /** Probe interval, ms. */
  probeIntervalMs: number;
  /** Budget of one probe read, ms (a node silent this long reads `unknown`). */
  probeTimeoutMs: number;
  /** Probe samples kept in memory. */
  probeHistoryLimit: number;
  /** Longest wait for a stage to become ready, ms. */
  readyTimeoutMs: number;
}

export const DEFAULT_RUN_TIMINGS: RunTimings = {
  probeIntervalMs: 250,
  probeTimeoutMs: 400,
  probeHistoryLimit: 480,
  readyTimeoutMs: 90_000,
};

class RunAborted extends Error {
  constructor() {
    super('run stopped before it was ready');
  }
}

const containerStateByAction: Record<string, NodeState> = {
  start: 'running',
  unpause: 'running',
  pause: 'paused',
  die: 'stopped',
  destroy: 'missing',
};

/**
 * Brings one run of a lab up and down through the runtime port and records
 * everything in the run's history: build progress, phase changes, container
 * events, readiness verdicts and probe samples.
 */
export class RunController {
  private phase: RunPhase = 'preparing';
  private network: NetworkInfo | undefined;
  private observer: LabObserver | undefined;
  private probes: ProbeRunner<ProbeSample> | undefined;
  private unsubscribeEvents: (() => void) | undefined;
  private readonly containerIds = new Map<string, string>();
  private readonly containerState = new Map<string, NodeState>();
  private sampleWaiters: ((s: ProbeSample) => void)[] = [];
  private readonly running = new Map<string, RunningNode>();
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private aborted = false;
  private abortNow!: () => void;
  /** Resolves when the run is stopped (a bring-up waiting for its turn gives up). */
  private readonly abortedSignal = new Promise<void>((r) => (this.abortNow = r));
  private readonly expectedStops = new ExpectedStops();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly lab: LabDefinition,
    readonly history: RunHistory,
    private readonly labImagesDir: string,
    private readonly timings: RunTimings = DEFAULT_RUN_TIMINGS,
    /** Images the run needs besides the lab's (e.g. the workload client), built in the same phase. */
    private readonly extraImages: string[] = [],
    /** Bring-ups take turns through this gate (the engine's: one lab at a time); none = no waiting. */
    private readonly gate?: TurnGate,
    /** How the app reaches the lab's ports (see DataPath); default `published`. */
    private readonly dataPath: DataPath = 'published',
    /** Other engines to copy a missing image from before building it (the engine pool's). */
    private readonly imageSources: readonly ContainerRuntime[] = [],
  ) {}

  /** The lab relay's end in the app, while a `tunnel` run is up. */
  private tunnel: LabTunnel | undefined;

  /** References of the images built for this run, by image name. */
  readonly imageRefs = new Map<string, string>();

  get runId(): string {
    return this.history.runId;
  }

  get currentPhase(): RunPhase {
    return this.phase;
  }

  /** The run's network, once created. */
  get networkInfo(): NetworkInfo | undefined {
    return this.network;
  }

  /**
   * The address the engine's probes reach the lab's nodes from, which fences let through: the
   * lab relay's in the lab network (`tunnel`), else the network's gateway (published ports).
   */
  get probeSource(): string | undefined {
    if (!this.network) return undefined;
    return this.dataPath === 'tunnel'
      ? hostIpInSubnet(this.network.subnet, RELAY_HOST)
      : this.network.gateway;
  }

  /** Nodes whose containers were started, by name. */
  runningNodes(): RunningNode[] {
    return [...this.running.values()];
  }

  /** The lab's observer while the run is up (for final health and restarts). */
  get labObserver(): LabObserver | undefined {
    return this.observer;
  }

  /** The latest probe sample, if any. */
  latestSample(): ProbeSample | undefined {
    return this.probes?.latest();
  }

  /** Lets the run go on to a later phase (a scenario's `grading`), recorded in the history. */
  enterPhase(phase: RunPhase, detail?: string): void {
    this.setPhase(phase, detail);
  }

  /** Re-reads a restarted node's published ports and points the probes at them. */
  async nodeRestarted(name: string): Promise<void> {
    const node = this.running.get(name);
    if (!node) return;
    // A tunnel's forwards name the node's address, which a restart keeps.
    const hostPorts = this.tunnel
      ? node.hostPorts
      : (await this.runtime.inspectContainer(node.containerId)).ports;
    const updated = { ...node, hostPorts };
    this.running.set(name, updated);
    this.observer?.nodeRestarted(updated);
  }

  /**
   * Announces that the app is about to stop a node's container on purpose
   * (a stop move, the workload's end): its exit is recorded as `stopped`
   * with `reason`, not as `died`.
   */
  expectStop(node: string, reason: string): void {
    this.expectedStops.expect(node, reason);
  }

  /** Brings the lab up; resolves when it is running or has failed (never rejects). */
  start(): Promise<void> {
    this.starting ??= this.bringUp();
    return this.starting;
  }

  /** Removes everything the run created. Safe to call at any phase, more than once. */
  stop(): Promise<void> {
    this.stopping ??= this.tearDown();
    return this.stopping;
  }

  private overResolve: (() => void) | undefined;
  private readonly over = new Promise<void>((resolve) => (this.overResolve = resolve));

  /** Resolves once the run is over: stopped, or failed with nothing of it left. */
  whenOver(): Promise<void> {
    return this.over;
  }

  private setPhase(phase: RunPhase, detail?: string): void {
    this.phase = phase;
    if (phase === 'stopped' || phase === 'failed') this.overResolve?.();
    this.history.append(
      detail === undefined ? { kind: 'phase', phase } : { kind: 'phase', phase, detail },
    );
  }

  private check(): void {
    if (this.aborted) throw new RunAborted();
  }

  private async bringUp(): Promise<void> {
    const ahead = this.gate?.busy ?? 0;
    this.setPhase(
      'preparing',
      ahead > 0
        ? `waiting for ${ahead} other lab${ahead > 1 ? 's' : ''} to finish starting`
        : undefined,
    );
    const release = this.gate ? await this.gate.acquire(this.abortedSignal) : () => undefined;
    if (!release) return; // stopped while waiting for its turn
    try {
      await this.bringUpNow();
    } finally {
      release();
    }
  }

  private async bringUpNow(): Promise<void> {
    try {
      this.unsubscribeEvents = await this.runtime.onContainerEvents(
        { [LABEL.run]: this.runId },
        (e) => this.onContainerEvent(e),
      );
      this.check();
      this.setPhase('building');
      const images = await this.buildImages();
      this.check();
      this.setPhase('starting');
      const labels = runLabels(this.runId, this.lab.summary.id);
      this.network = await this.runtime.createNetwork({ name: `dojo-${this.runId}`, labels });
      const network = this.network;
      const plan = this.lab.plan({
        subnet: network.subnet,
        gateway: network.gateway,
        hostIp: (n) => hostIpInSubnet(network.subnet, n),
      });
      // Create every container at once (cheap), start them stage by stage.
      const relay =
        this.dataPath === 'tunnel'
          ? startRelay(this.runtime, {
              image: images.get(RELAY_IMAGE),
              name: `dojo-${this.runId}-relay`,
              labels: runLabels(this.runId, this.lab.summary.id),
              network,
            })
          : undefined;
      // Both settle before going on: a relay that started beside a failed create is closed by
      // release() like the rest, never left retrying.
      const [created, started] = await Promise.allSettled([
        Promise.all(plan.nodes.map((node) => this.createNode(node, images, network.name))),
        relay,
      ]);
      if (started.status === 'fulfilled') this.tunnel = started.value;
      if (created.status === 'rejected') throw created.reason;
      if (started.status === 'rejected') throw started.reason;
      this.check();
      this.observer = this.lab.openObserver();
      for (let stage = 0; stage < plan.stages; stage++) {
        const nodes = plan.nodes.filter((n) => n.stage === stage);
        this.observer.addNodes(await Promise.all(nodes.map((n) => this.startNode(n))));
        this.startProbes();
        if (stage === plan.stages - 1) this.setPhase('waiting-ready');
        await this.waitReady(stage);
      }
      this.setPhase('running');
    } catch (error) {
      if (error instanceof RunAborted) return;
      const message = (error as Error).message;
      this.history.append({ kind: 'error', message });
      // `failed` is only announced once nothing of the run is left.
      await this.release().catch((e: unknown) =>
        this.history.append({ kind: 'error', message: `cleanup: ${(e as Error).message}` }),
      );
      this.setPhase('failed', message);
    }
  }

  private async buildImages(): Promise<Map<string, string>> {
    const refs = new Map<string, string>();
    const lastSent = new Map<string, number>();
    const report = (p: BuildProgress): void => {
      // The build stream is chatty: keep step changes, completion, and one line per 300 ms.
      const now = Date.now();
      const last = lastSent.get(p.image) ?? 0;
      if (p.fraction >= 1 || p.cached || now - last >= 300) {
        lastSent.set(p.image, now);
        this.history.append({ kind: 'build', progress: p });
      }
    };
    const needed = new Set([
      ...this.lab.images,
      ...this.extraImages,
      ...(this.dataPath === 'tunnel' ? [RELAY_IMAGE] : []),
    ]);
    for (const image of needed) {
      const ref = await ensureImage(
        this.runtime,
        { name: image, labImagesDir: this.labImagesDir, sources: this.imageSources },
        report,
      );
      refs.set(image, ref);
      this.imageRefs.set(image, ref);
      this.check();
    }
    return refs;
  }

  private async createNode(
    node: LabNodePlan,
    images: Map<string, string>,
    networkName: string,
  ): Promise<void> {
    const image = images.get(node.image);
    if (!image) throw new Error(`${node.name}: image ${node.image} was not built`);
    const id = await this.runtime.createContainer({
      name: `dojo-${this.runId}-${node.name}`,
      hostname: node.name,
      image,
      cmd: node.cmd,
      labels: runLabels(this.runId, this.lab.summary.id, node.name),
      network: { name: networkName, ipv4: node.ipv4, aliases: [node.name] },
      publishLoopback: this.dataPath === 'tunnel' ? [] : node.probePorts,
      capAdd: node.capAdd,
      capDrop: node.capDrop,
      memoryBytes: node.memoryBytes,
      stopTimeoutSeconds: 2,
      init: true,
    });
    this.containerIds.set(node.name, id);
    this.containerState.set(node.name, 'creating');
    this.history.append({ kind: 'node', node: node.name, state: 'created' });
    await this.runtime.putFiles(id, node.files);
  }

  private async startNode(node: LabNodePlan): Promise<RunningNode> {
    const id = this.containerIds.get(node.name);
    if (!id) throw new Error(`${node.name}: no container`);
    await this.runtime.startContainer(id);
    this.containerState.set(node.name, 'running');
    const hostPorts = this.tunnel
      ? await tunnelPorts(this.tunnel, node)
      : (await this.runtime.inspectContainer(id)).ports;
    const running: RunningNode = { plan: node, containerId: id, hostPorts };
    this.running.set(node.name, running);
    return running;
  }

  private onContainerEvent(e: ContainerEvent): void {
    const node = e.labels[LABEL.node];
    const state = containerStateByAction[e.action];
    if (!node || !state) return;
    this.containerState.set(node, state);
    // Every exit while the run tears down is the stop's doing; before that, only announced ones.
    const announced = e.action === 'die' ? this.expectedStops.take(node) : undefined;
    const intentional = this.aborted ? 'stopped with the lab' : announced;
    const event = nodeEventOf(e, node, intentional);
    if (event) this.history.append(event, e.t);
  }

  private startProbes(): void {
    if (this.probes) return;
    const observer = this.observer;
    if (!observer) return;
    this.probes = new ProbeRunner<ProbeSample>({
      intervalMs: this.timings.probeIntervalMs,
      timeoutMs: this.timings.probeTimeoutMs,
      historyLimit: this.timings.probeHistoryLimit,
      read: async (timeoutMs) => this.withContainerStates(await observer.sample(timeoutMs)),
      onSample: (read) => {
        // Published to the clients now: from here on the trainee can see it.
        const sample = { ...read, shownAt: Date.now() };
        this.history.append({ kind: 'sample', sample }, sample.t);
        const waiters = this.sampleWaiters;
        this.sampleWaiters = [];
        for (const w of waiters) w(sample);
      },
      onError: (error) =>
        this.history.append({ kind: 'error', message: `probe: ${(error as Error).message}` }),
    });
    this.probes.start();
  }

  /** The container's state wins over the probe's guess: a paused node reads `paused`, not `unreachable`. */
  private withContainerStates(sample: ProbeSample): ProbeSample {
    let changed = false;
    for (const obs of sample.nodes) {
      const state = this.containerState.get(obs.node);
      if (state === 'paused' || state === 'stopped' || state === 'missing') {
        // An answer that arrived just before the freeze is stale now: a paused or
        // stopped node's role is unknown, never the role it had a moment ago.
        obs.state = state;
        if (obs.role !== 'unknown' && obs.role !== 'sentinel') {
          obs.role = 'unknown';
          obs.error ??= `node ${state}`;
          changed = true;
        }
      }
    }
    if (!changed) return sample;
    const counts = this.observer?.headline?.(sample.nodes);
    if (counts) return { ...sample, ...counts };
    const data = sample.nodes.filter((o) => isDataNodeKind(o.kind));
    return {
      ...sample,
      mastersClaimed: data.filter((o) => o.role === 'master').length,
      unknownNodes: data.filter((o) => o.role === 'unknown').length,
    };
  }

  private nextSample(): Promise<ProbeSample> {
    return new Promise((resolve) => this.sampleWaiters.push(resolve));
  }

  private async waitReady(stage: number): Promise<void> {
    const observer = this.observer;
    if (!observer) throw new Error('no observer');
    const deadline = Date.now() + this.timings.readyTimeoutMs;
    let last: ReadinessStatus | undefined;
    for (;;) {
      this.check();
      const sample = await this.nextSample();
      this.check();
      const status = await observer.readiness(stage, sample, this.timings.probeTimeoutMs);
      if (JSON.stringify(status) !== JSON.stringify(last)) {
        this.history.append({ kind: 'readiness', status });
        last = status;
      }
      if (status.ready) return;
      if (Date.now() > deadline)
        throw new Error(readinessFailure(status, this.timings.readyTimeoutMs));
    }
  }

  private async tearDown(): Promise<void> {
    this.aborted = true;
    this.abortNow();
    // Wake a bring-up waiting for samples so it sees the abort.
    const waiters = this.sampleWaiters;
    this.sampleWaiters = [];
    const stopSample: ProbeSample = {
      t: Date.now(),
      nodes: [],
      mastersClaimed: 0,
      unknownNodes: 0,
    };
    for (const w of waiters) w(stopSample);
    if (this.phase !== 'failed') this.setPhase('stopping');
    await this.starting;
    const failed = this.phase === 'failed';
    try {
      await this.release();
    } catch (error) {
      // An engine that went away cannot be cleaned now: the run still ends, and what it left
      // is removed when the engine answers again (the pool's look, or the reaper at start).
      if (!(error instanceof EngineUnreachableError)) throw error;
      this.history.append({
        kind: 'error',
        message: `cleanup: the engine does not answer (${oneLineReason(error.message)}); what the run left there is removed once it answers again`,
      });
    }
    if (!failed) this.setPhase('stopped');
  }

  /** Stops probes and removes the run's containers and network (found by label, so nothing is missed). */
  private async release(): Promise<void> {
    await this.probes?.stop();
    this.probes = undefined;
    await this.observer?.close();
    this.observer = undefined;
    this.tunnel?.close();
    this.tunnel = undefined;
    try {
      await this.removeAll();
    } finally {
      // After the removal: its containers' ends are recorded ("stopped with the lab").
      this.unsubscribeEvents?.();
      this.unsubscribeEvents = undefined;
    }
  }

  /** Removes the run's containers, then its network (found by label, so nothing is missed). */
  private async removeAll(): Promise<void> {
    const selector = { [LABEL.run]: this.runId };
    const containers = await this.runtime.listContainers(selector);
    await Promise.all(containers.map((c) => this.runtime.removeContainer(c.id)));
    const networks = await this.runtime.listNetworks(selector);
    // A network Docker will not remove (seen in CI: a stale endpoint it keeps after its container
    // is gone) does not fail the stop: the history says so and the reaper tries again on the next start.
    for (const n of networks)
      await this.runtime.removeNetwork(n.id).catch((e: unknown) =>
        this.history.append({
          kind: 'error',
          message: `cleanup: network ${n.name} not removed (${(e as Error).message}); the reaper tries again on the next start`,
        }),
      );
  }
}

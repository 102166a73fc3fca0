import { durationMs, type Action, type FaultSpec } from '../../shared/scenario-schema';
import { faultKindOf } from '../../shared/fault-registry';
import { injectFault } from '../faults/inject-fault';
import type { ActiveFault, FaultContext } from '../faults/fault-types';
import { describeReapply, reapplyFaults } from '../faults/reapply-faults';
import { measureReachability } from '../probes/reachability.probe';
import type { RunController } from './run-controller';
import { faultsSettledBy } from './scenario-readback';

/** What a scenario's faults need from the run around them. */
export interface FaultHooks {
  /** Time since the scenario started, ms. */
  elapsedMs(): number;
  /** The lab's members (nodes and workload clients) as faults address them, at the time of the call. */
  context(): FaultContext;
  /** Runs `fn` in `ms` milliseconds unless the scenario has ended by then; the end waits for it. */
  later(ms: number, fn: () => unknown): void;
  /** Keeps `work` in flight: the end waits for it before grading. */
  track(work: Promise<unknown>): void;
  /**
   * A fault was injected: the steps and hints counting from its id are due
   * from now. Called once its `fault` event (phase `inject`) is in the history.
   */
  onFired(faultId: string): void;
  /**
   * A fault was healed: the steps and hints counting from `<id>:healed` are
   * due from now. Called once its `fault` event (phase `revert`) is in the history.
   */
  onHealed(faultId: string): void;
}

/**
 * The faults of one scenario run: which fired (each fires once), which are
 * in place, and injecting and healing them with their history events. A
 * partition's injection and healing are followed by a reachability read; a
 * fault with a `duration` heals itself once it has passed; a node a
 * stop-node fault stopped comes back with the network faults on it put back.
 */
export class ScenarioFaults {
  private readonly active = new Map<string, ActiveFault>();
  private readonly fired = new Set<string>();

  constructor(
    /** The scenario's faults, as its file declares them. */
    private readonly specs: readonly FaultSpec[],
    private readonly controller: RunController,
    private readonly hooks: FaultHooks,
  ) {}

  private get history() {
    return this.controller.history;
  }

  /** Ids of the faults in place now, in the order they were injected. */
  activeIds(): string[] {
    return [...this.active.keys()];
  }

  /** The faults in place now, in the order they were injected. */
  activeFaults(): ActiveFault[] {
    return [...this.active.values()];
  }

  /**
   * Injects a fault (on schedule, by an instructor trigger or a script).
   * Refused for an id the scenario does not have or one that fired already;
   * rejects when the injection itself fails. `dueMs`: when the schedule meant
   * it to begin, ms after the scenario start (scheduled faults only).
   */
  async fire(
    faultId: string,
    source: 'engine' | 'instructor' | 'script',
    dueMs?: number,
  ): Promise<{ ok: boolean; detail: string }> {
    const startedMs = this.hooks.elapsedMs();
    const spec = this.specs.find((f) => f.id === faultId);
    if (!spec) return { ok: false, detail: `no fault "${faultId}" in this scenario` };
    if (this.fired.has(faultId)) return { ok: false, detail: `fault "${faultId}" already fired` };
    this.fired.add(faultId);
    const ctx = this.hooks.context();
    const fault = await injectFault(ctx, spec);
    this.active.set(faultId, fault);
    this.history.append({
      kind: 'fault',
      faultId,
      phase: 'inject',
      spec,
      detail: `by ${source}`,
      ...(dueMs !== undefined ? { dueMs } : {}),
      startedMs,
    });
    if (faultKindOf(spec).cutsNetwork)
      this.hooks.track(this.recordReachability(`after injecting ${faultId}`));
    if (spec.duration)
      this.hooks.later(durationMs(spec.duration), () => this.revert(faultId, 'engine'));
    this.hooks.onFired(faultId);
    return { ok: true, detail: `injected ${faultId}` };
  }

  /**
   * Heals a fault in place; `source` says by whom or what for the history
   * (`by <source>`). Refused when the fault is not in place.
   */
  async revert(faultId: string, source: string): Promise<{ ok: boolean; detail: string }> {
    const fault = this.active.get(faultId);
    if (!fault) return { ok: false, detail: `fault "${faultId}" is not active` };
    this.active.delete(faultId);
    const startedMs = this.hooks.elapsedMs();
    const report = await fault.revert();
    let restarted = '';
    const restartedNode = faultKindOf(fault.spec).restartsOnRevert?.(fault.spec);
    if (restartedNode !== undefined && report.ok) {
      // A restarted container has new published ports and a fresh network namespace:
      // the probes reconnect, and the network faults on the node are put back.
      await this.controller.nodeRestarted(restartedNode);
      const notes = describeReapply(await reapplyFaults(this.activeFaults(), restartedNode));
      if (notes) restarted = `; ${notes}`;
    }
    this.history.append({
      kind: 'fault',
      faultId,
      phase: 'revert',
      spec: fault.spec,
      detail: `by ${source}${restarted}`,
      startedMs,
    });
    if (faultKindOf(fault.spec).cutsNetwork)
      this.hooks.track(this.recordReachability(`after healing ${faultId}`));
    this.hooks.onHealed(faultId);
    return { ok: true, detail: `healed ${faultId}` };
  }

  /** Heals one fault, or every fault in place when `faultId` is absent (the `heal` move). */
  async heal(
    faultId: string | undefined,
    source: string,
  ): Promise<{ ok: boolean; detail: string }> {
    const ids = faultId ? [faultId] : this.activeIds();
    if (ids.length === 0) return { ok: false, detail: 'no active fault to heal' };
    const results = await Promise.all(ids.map((id) => this.revert(id, source)));
    return { ok: results.every((r) => r.ok), detail: results.map((r) => r.detail).join('; ') };
  }

  /** Closes the faults a successful move undid by other means (see `faultsSettledBy`). */
  async settleBy(action: Action): Promise<void> {
    for (const f of faultsSettledBy(action, this.activeFaults()))
      await this.revert(f.id, `${action.kind}`);
  }

  /** Records who can reach whom among the members now; a failed read is recorded as an error. */
  private async recordReachability(reason: string): Promise<void> {
    const ctx = this.hooks.context();
    try {
      const matrix = await measureReachability(ctx, [...ctx.members.keys()]);
      this.history.append({ kind: 'reachability', matrix, reason });
    } catch (error) {
      this.history.append({ kind: 'error', message: `reachability: ${(error as Error).message}` });
    }
  }
}

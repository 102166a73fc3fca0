import type { NodeKind } from '../../shared/lab-types';
import type { FaultSpec } from '../../shared/scenario-schema';
import type { ContainerRuntime } from '../runtime/container-runtime';

/** What a lab member is: a lab node (data node or coordinator), or a workload client container. */
export type MemberKind = NodeKind | 'client';

/** One container of a run that faults, actions and the reachability probe can address by name. */
export interface LabMember {
  /** Node or client name, unique in the run, e.g. `redis-1` or `app-pinned`. */
  name: string;
  kind: MemberKind;
  containerId: string;
  /** Fixed address on the lab network, e.g. `10.213.7.11`. */
  ipv4: string;
}

/** What a fault (or a node action) needs to act on a run's containers. */
export interface FaultContext {
  /** The only way to Docker. */
  runtime: ContainerRuntime;
  /** Every member of the run by name (clients count as members). */
  members: ReadonlyMap<string, LabMember>;
  /**
   * The lab network's gateway: where the engine's probes through published
   * ports arrive from (fences let it through). Absent in contexts that do
   * not fence.
   */
  gateway?: string;
}

/** A member a step could not be carried out on, and why. */
export interface MemberProblem {
  member: string;
  error: string;
}

/**
 * What a revert (or re-apply) did. Reverts are best effort: they never throw,
 * and say here what could not be undone so the caller can show and record it.
 */
export interface FaultStepReport {
  /** True when nothing was left undone. */
  ok: boolean;
  /** One sentence for the run history, e.g. `rules removed from redis-1, sentinel-1`. */
  detail: string;
  /** Members the step failed on (empty when ok). */
  problems: MemberProblem[];
}

/**
 * An injected fault: every fault is an inject/revert pair (like Chaos Mesh's
 * Apply/Recover). Injecting returns one of these; the session keeps it until
 * it is healed, the scenario ends, or the engine recovers from a crash.
 */
export interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  /** When the inject finished, ms since epoch. */
  readonly injectedAt: number;
  /** What the inject did, one sentence (for the run history). */
  readonly detail: string;
  /**
   * Undoes the fault. Idempotent (a second call does nothing and reports ok),
   * never throws, and works on members that are paused (through a helper
   * container in the member's network namespace) or stopped (their network
   * namespace, and the rules in it, went away with the stop).
   */
  revert(): Promise<FaultStepReport>;
  /**
   * Puts the fault back on one member whose container was restarted: a
   * `docker start` makes a fresh network namespace without the fault's rules,
   * but a partition belongs to the network, not to the node, so it must
   * survive the node's restart. Absent for faults that do not outlive a
   * restart (a pause ends with the stop). No-op after revert.
   */
  reapply?(member: string): Promise<FaultStepReport>;
}

/** Looks a member up by name; throws with the known names when it is not in the run. */
export function memberByName(ctx: FaultContext, name: string): LabMember {
  const m = ctx.members.get(name);
  if (!m) {
    throw new Error(`unknown member "${name}" (known: ${[...ctx.members.keys()].join(', ')})`);
  }
  return m;
}

/** Builds a step report: ok when no member failed; the failures are appended to `detail`. */
export function stepReport(detail: string, problems: MemberProblem[]): FaultStepReport {
  if (problems.length === 0) return { ok: true, detail, problems };
  const failed = problems.map((p) => `${p.member} (${p.error})`).join('; ');
  return { ok: false, detail: `${detail}; not done on: ${failed}`, problems };
}

/** The message of an unknown thrown value. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Puts one fault kind in place; the handle reverts it. Throws when it cannot be put in place. */
export type FaultInjector<S extends FaultSpec> = (
  ctx: FaultContext,
  spec: S,
) => Promise<ActiveFault>;

/** Injectors by fault kind (the engine half of a FaultKind: its Apply/Recover pair). */
export type FaultInjectors = {
  readonly [K in FaultSpec['kind']]?: FaultInjector<Extract<FaultSpec, { kind: K }>>;
};

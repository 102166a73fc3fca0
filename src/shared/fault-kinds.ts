import type { Action, FaultSpec, ScenarioSystem } from './scenario-schema';

/** The spec of one fault kind. */
export type FaultSpecOf<K extends FaultSpec['kind']> = Extract<FaultSpec, { kind: K }>;

/**
 * One fault kind, described once: where it may be used, its words, where its
 * rules live and what undoes it. Pure (the engine's inject/revert pair is the
 * system engine's, see SystemEngine.faults). The generic kinds are below;
 * a system's own kinds are in `src/systems/<system>/shared/<system>.faults.ts`;
 * FAULT_KINDS (fault-registry.ts) holds them all.
 */
export interface FaultKind<S extends FaultSpec = FaultSpec> {
  /** The systems whose scenarios may use it; absent: every system. */
  systems?: readonly ScenarioSystem[];
  /** It acts on one data node only (its `node` must be one: a PostgreSQL node, a router). */
  dataNodeOnly?: boolean;
  /** The fault in a few words for the timeline and the checks' sentences, without its duration. */
  describe(spec: S): string;
  /** Shorter still, for the run view's fault list (e.g. `redis-1 paused`). */
  summary(spec: S): string;
  /** Whether its rules live in `node`'s network namespace: put back when the node's container restarts. */
  livesOn?(spec: S, node: string): boolean;
  /** It changes who reaches whom: the reachability matrix is recorded after it is injected and healed. */
  cutsNetwork?: boolean;
  /**
   * It takes effect piece by piece while it is injected (a partition's rules go in member
   * by member, seconds apart on a busy machine), so the checks count from when its
   * injection began. Absent: from when it finished (a manual promotion splits the
   * cluster only once it is done).
   */
  actsFromStart?: boolean;
  /** The node whose container healing it starts again (its probes reconnect, faults living there are put back). */
  restartsOnRevert?(spec: S): string | undefined;
  /** Whether a successful `action` undid it by other means (the fault is closed in place). */
  settledBy?(action: Action, spec: S): boolean;
}

/** Every fault kind keyed by its `kind`, each typed by its own spec. */
export type FaultKinds = { readonly [K in FaultSpec['kind']]: FaultKind<FaultSpecOf<K>> };

/** `start` or `restart` of `node`: a container started again. */
export function startsNode(action: Action, node: string): boolean {
  return (action.kind === 'start' || action.kind === 'restart') && action.node === node;
}

/** The fault kinds every system has: a network partition, a freeze, a slow node (grey failure), a stopped container. */
export const GENERIC_FAULT_KINDS = {
  partition: {
    describe(spec) {
      const groups = spec.groups.map((g) => g.join(', ')).join(' | ');
      const dir =
        spec.direction === 'both'
          ? 'both ways'
          : `${spec.direction} only, seen from the first group`;
      return `partition ${groups} (${dir})`;
    },
    summary(spec) {
      const arrow = spec.direction === 'inbound' ? '←' : spec.direction === 'outbound' ? '→' : '|';
      return `partition ${spec.groups.map((g) => g.join(' ')).join(` ${arrow} `)}`;
    },
    livesOn: (spec, node) => spec.groups.flat().includes(node),
    cutsNetwork: true,
    actsFromStart: true,
  },
  pause: {
    describe: (spec) => `freeze ${spec.node}`,
    summary: (spec) => `${spec.node} paused`,
  },
  degrade: {
    describe: (spec) =>
      `degrade ${spec.node} (${[
        spec.loss !== undefined ? `${Math.round(spec.loss * 100)} % packet loss` : '',
        spec.cpus !== undefined ? `${spec.cpus} CPU` : '',
      ]
        .filter(Boolean)
        .join(', ')}${spec.ramp ? `, over ${spec.ramp}` : ''})`,
    summary: (spec) => `${spec.node} degraded`,
    livesOn: (spec, node) => spec.loss !== undefined && node === spec.node,
  },
  'stop-node': {
    describe: (spec) => `stop ${spec.node}`,
    summary: (spec) => `${spec.node} stopped`,
    restartsOnRevert: (spec) => spec.node,
    settledBy: (action, spec) => startsNode(action, spec.node),
  },
} satisfies Partial<FaultKinds>;

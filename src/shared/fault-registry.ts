import { GENERIC_FAULT_KINDS, type FaultKind, type FaultKinds } from './fault-kinds';
import type { Action, FaultSpec } from './scenario-schema';
import { SYSTEM_FAULT_KINDS } from './system-traits';

/**
 * Every fault kind, defined once: the generic ones and each system's own. A
 * kind of the schema's fault union missing here is a compile error.
 */
export const FAULT_KINDS: FaultKinds = {
  ...GENERIC_FAULT_KINDS,
  ...SYSTEM_FAULT_KINDS,
};

/** The definition of `spec`'s kind. */
export function faultKindOf<S extends FaultSpec>(spec: S): FaultKind<S> {
  return FAULT_KINDS[spec.kind] as unknown as FaultKind<S>;
}

/** A fault spec in a few words, e.g. `redis-1, app-pinned | redis-2, ... (both ways) for 20s`. */
export function describeFault(spec: FaultSpec): string {
  return `${faultKindOf(spec).describe(spec)}${spec.duration ? ` for ${spec.duration}` : ''}`;
}

/** What a fault does, in a few words, e.g. `partition redis-1 | redis-2 redis-3`. */
export function faultSummary(spec: FaultSpec): string {
  return faultKindOf(spec).summary(spec);
}

/** Whether `spec`'s rules live in `node`'s network namespace (see FaultKind.livesOn). */
export function faultLivesOn(spec: FaultSpec, node: string): boolean {
  return faultKindOf(spec).livesOn?.(spec, node) ?? false;
}

/** Whether a successful `action` undid `spec` by other means (see FaultKind.settledBy). */
export function faultSettledBy(action: Action, spec: FaultSpec): boolean {
  return faultKindOf(spec).settledBy?.(action, spec) ?? false;
}

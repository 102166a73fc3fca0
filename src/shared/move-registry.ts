import { GENERIC_MOVE_KINDS, type MoveKind, type MoveKinds } from './move-kinds';
import type { Action, ScenarioSystem } from './scenario-schema';
import { SYSTEM_MOVE_KINDS, SYSTEM_TRAITS } from './system-traits';

/**
 * Every move, defined once: the generic ones and each system's own. A kind
 * of the schema's action union missing here is a compile error.
 */
export const MOVE_KINDS: MoveKinds = {
  ...GENERIC_MOVE_KINDS,
  ...SYSTEM_MOVE_KINDS,
};

/** The definition of `action`'s kind. */
export function moveKindOf<A extends Action>(action: A): MoveKind<A> {
  return MOVE_KINDS[action.kind] as unknown as MoveKind<A>;
}

/** An action in a few words, e.g. `isolate-clients redis-1`. */
export function describeAction(action: Action): string {
  const own = moveKindOf(action).describe?.(action);
  if (own !== undefined) return own;
  return 'node' in action ? `${action.kind} ${action.node}` : action.kind;
}

/**
 * The systems that offer a node move: those with a node kind it fits
 * (SystemTraits.ownKinds; a move that fits only workload clients is
 * offered by none). Undefined for a move of the session (every system).
 */
export function moveSystems(kind: Action['kind']): ScenarioSystem[] | undefined {
  const fits = MOVE_KINDS[kind].fits;
  if (!fits) return undefined;
  return Object.values(SYSTEM_TRAITS)
    .filter((t) => t.ownKinds.some((k) => fits.includes(k)))
    .map((t) => t.id);
}

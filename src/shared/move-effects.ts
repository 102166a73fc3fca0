import { MOVE_KINDS } from './move-registry';
import type { MoveEffect } from './move-kinds';
import type { Action } from './scenario-schema';

export type { MoveEffect } from './move-kinds';

/** Every move's effect (see MoveKind.effect), from MOVE_KINDS. */
export const MOVE_EFFECTS: Readonly<Record<Action['kind'], MoveEffect>> = Object.fromEntries(
  Object.entries(MOVE_KINDS).map(([kind, m]) => [kind, m.effect]),
) as Record<Action['kind'], MoveEffect>;

/** Whether the move is a fence (see MoveEffect.fence). */
export const isFence = (kind: Action['kind']): boolean => MOVE_EFFECTS[kind].fence;
/** Whether the move takes its node out of service (see MoveEffect.outOfService). */
export const takesOutOfService = (kind: Action['kind']): boolean => MOVE_EFFECTS[kind].outOfService;
/** Whether the move rejoins its node as a replica (see MoveEffect.rejoin). */
export const isRejoin = (kind: Action['kind']): boolean => MOVE_EFFECTS[kind].rejoin;

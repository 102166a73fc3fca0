import type { Action } from './scenario-schema';

/**
 * What a move does to the node it names, as grading and the debrief judge
 * it. Each move is described here once, for every system: a check that asks
 * "was this node fenced?" or "was the node that was right taken down?" reads
 * these flags rather than keeping its own list (a list that misses a move,
 * such as Patroni's `stop-postgres`, misses a wrong fence).
 */
export interface MoveEffect {
  /** Takes the node away from its clients until it is undone: a fence. */
  fence: boolean;
  /**
   * Takes the node out of service at all: a fence, a freeze (pause), or a
   * restart of the node or of its HA agent. Harmful on the node that is right.
   */
  outOfService: boolean;
  /** Brings a stale node back as a replica, wiping what only it had. */
  rejoin: boolean;
}

const NONE: MoveEffect = { fence: false, outOfService: false, rejoin: false };
const FENCE: MoveEffect = { fence: true, outOfService: true, rejoin: false };
const DOWN: MoveEffect = { fence: false, outOfService: true, rejoin: false };
const REJOIN: MoveEffect = { fence: false, outOfService: false, rejoin: true };

/** Every move's effect. A new move kind is a compile error until it is described here. */
export const MOVE_EFFECTS: Readonly<Record<Action['kind'], MoveEffect>> = {
  'isolate-clients': FENCE,
  'unisolate-clients': NONE,
  pause: DOWN,
  resume: NONE,
  stop: FENCE,
  start: NONE,
  demote: REJOIN,
  heal: NONE,
  'declare-authoritative': NONE,
  'export-keys': NONE,
  'stop-postgres': FENCE,
  restart: DOWN,
  'maintenance-on': NONE,
  'maintenance-off': NONE,
  switchover: NONE,
  failover: NONE,
  reinit: REJOIN,
  'stop-keepalived': FENCE,
  'start-keepalived': NONE,
  'restart-keepalived': DOWN,
  'announce-vip': NONE,
  'trigger-fault': NONE,
  console: NONE,
  end: NONE,
};

/** Whether the move is a fence (see MoveEffect.fence). */
export const isFence = (kind: Action['kind']): boolean => MOVE_EFFECTS[kind].fence;
/** Whether the move takes its node out of service (see MoveEffect.outOfService). */
export const takesOutOfService = (kind: Action['kind']): boolean => MOVE_EFFECTS[kind].outOfService;
/** Whether the move rejoins its node as a replica (see MoveEffect.rejoin). */
export const isRejoin = (kind: Action['kind']): boolean => MOVE_EFFECTS[kind].rejoin;

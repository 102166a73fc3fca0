import { NODE_KINDS, type NodeKind } from './lab-types';
import type { Action } from './scenario-schema';

/**
 * What a move does to the node it names, as grading and the debrief judge
 * it: a check that asks "was this node fenced?" or "was the node that was
 * right taken down?" reads these flags rather than keeping its own list (a
 * list that misses a move, such as a system's own `stop-postgres`, misses a
 * wrong fence).
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

export const NONE: MoveEffect = { fence: false, outOfService: false, rejoin: false };
export const FENCE: MoveEffect = { fence: true, outOfService: true, rejoin: false };
export const DOWN: MoveEffect = { fence: false, outOfService: true, rejoin: false };
export const REJOIN: MoveEffect = { fence: false, outOfService: false, rejoin: true };

/** A lab member's kind: a node's, or `client` (a workload client container). */
export type MemberKind = NodeKind | 'client';

/** Every member kind: what the process moves (pause, stop, console...) fit. */
export const ANY_MEMBER: readonly MemberKind[] = [...NODE_KINDS, 'client'];

/**
 * One move, described once: what it does to its node, which members it fits
 * (and so which systems offer it), and its words. Pure; the engine's half
 * (carrying it out) is a system engine's `moves`, or core/actions' for the
 * generic ones. The generic moves are below, a system's own moves in
 * `src/systems/<system>/shared/<system>.moves.ts`; MOVE_KINDS
 * (move-registry.ts) holds them all.
 */
export interface MoveKind<A extends Action = Action> {
  /** What it does to the node it names. */
  effect: MoveEffect;
  /**
   * A node move: the member kinds it fits (of its `node`, its `candidate`, or
   * the node it runs through). A system offers it when the system has one of
   * these kinds. Absent: a move of the session (heal, end, a trigger...).
   */
  fits?: readonly MemberKind[];
  /** Acts on the cluster through any node of a fitting kind; names no node. */
  clusterWide?: boolean;
  /** The move in a few words for the timeline and the checks; default `<kind> <node>`. */
  describe?(action: A): string;
}

/** Every move keyed by its `kind`, each typed by its own action. */
export type MoveKinds = { readonly [K in Action['kind']]: MoveKind<Extract<Action, { kind: K }>> };

/** The moves every system may have, by the members they fit, and the session's moves. */
export const GENERIC_MOVE_KINDS = {
  'isolate-clients': { effect: FENCE, fits: ['redis', 'sentinel', 'postgres', 'raft'] },
  'unisolate-clients': { effect: NONE, fits: ['redis', 'sentinel', 'postgres', 'raft'] },
  pause: { effect: DOWN, fits: ANY_MEMBER },
  resume: { effect: NONE, fits: ANY_MEMBER },
  stop: { effect: FENCE, fits: ANY_MEMBER },
  start: { effect: NONE, fits: ANY_MEMBER },
  restart: { effect: DOWN, fits: ['postgres', 'etcd', 'router', 'vip-client', 'raft'] },
  'export-keys': { effect: NONE, fits: ['redis', 'postgres'] },
  'replay-export': {
    effect: NONE,
    fits: ['redis', 'postgres'],
    describe: (a) => `replay-export ${a.node} (${a.rule ?? 'keep-authoritative'})`,
  },
  console: {
    effect: NONE,
    fits: ANY_MEMBER,
    describe: (a) => `console ${a.node}: ${a.command}`,
  },
  heal: { effect: NONE, describe: (a) => (a.fault ? `heal ${a.fault}` : 'heal all faults') },
  'declare-authoritative': { effect: NONE },
  'trigger-fault': { effect: NONE, describe: (a) => `trigger ${a.fault}` },
  end: { effect: NONE, describe: () => 'end the scenario' },
} satisfies Partial<MoveKinds>;

import type { NodeKind } from '../../../shared/lab-types';
import type { Action, ReplayRule } from '../../../shared/scenario-schema';

type NodeActionKind = Extract<Action, { node: string }>['kind'];

/** One per-node move of the palette. */
export interface NodeMove {
  kind: Exclude<NodeActionKind, 'console'>;
  label: string;
  title: string;
  tone?: 'fence' | 'danger' | 'safe';
  /** replay-export: the conflict rule this button replays with (one button per rule). */
  rule?: ReplayRule;
  /**
   * The action's own fields besides kind and node, fixed for this button
   * (e.g. `{ on: true }` for the lock service's fencing check); the key tells
   * two buttons of one kind apart.
   */
  params?: { key: string; fields: Readonly<Record<string, string | number | boolean>> };
}

/** A move of the whole cluster (it names no node). */
export interface ClusterMove {
  kind: Extract<Action, { kind: 'maintenance-on' | 'maintenance-off' }>['kind'];
  label: string;
  title: string;
  tone?: 'safe';
}

/** A move that names a node as the candidate for the leader role. */
export interface CandidateMove {
  kind: Extract<Action, { candidate: string }>['kind'];
  label: (node: string) => string;
  title: (node: string) => string;
  tone?: 'danger';
}

/** A cluster-wide group of moves, offered when the lab has a node of `whenKind`, under `title`. */
export interface ClusterMoves {
  whenKind: NodeKind;
  title: string;
  moves: readonly ClusterMove[];
}

/**
 * One system's palette: the moves of each of its node kinds, grouped (a move
 * and its undo side by side), its cluster-wide moves, and the moves that
 * name a node as a candidate. A node kind it does not list takes the
 * process moves (PROCESS_MOVES).
 */
export interface SystemPalette {
  nodeMoves: Partial<Record<NodeKind, NodeMove[][]>>;
  cluster?: readonly ClusterMoves[];
  candidates?: Partial<Record<NodeKind, readonly CandidateMove[]>>;
}

export const PAUSE_RESUME: NodeMove[] = [
  {
    kind: 'pause',
    label: 'Pause',
    title: 'Freeze its processes (docker pause) — not a fence: it wakes up as a zombie',
  },
  { kind: 'resume', label: 'Resume', title: 'Unfreeze its processes', tone: 'safe' },
];

export const STOP_START: NodeMove[] = [
  { kind: 'stop', label: 'Stop', title: 'Stop the container (a fence)', tone: 'danger' },
  { kind: 'start', label: 'Start', title: 'Start the container again', tone: 'safe' },
];

export const DECLARE: NodeMove = {
  kind: 'declare-authoritative',
  label: 'Declare authoritative',
  title: 'Declare this node holds the truth (graded)',
};

export const RESTART_CONTAINER: NodeMove = {
  kind: 'restart',
  label: 'Restart',
  title: 'Stop then start the container',
};

/** Coordinators (sentinels, etcd members) take process moves only. */
export const PROCESS_MOVES: NodeMove[][] = [PAUSE_RESUME, STOP_START];

/**
 * One replay-export button per conflict rule; `onto` says where the export is
 * written in the system's words (e.g. "the leader").
 */
export function replayMoves(onto: string): NodeMove[] {
  return [
    {
      kind: 'replay-export',
      rule: 'keep-authoritative',
      label: 'Replay export',
      title: `Write this node's latest export onto ${onto}: only what it lacks (its own values stay)`,
      tone: 'safe',
    },
    {
      kind: 'replay-export',
      rule: 'keep-newer',
      label: 'Replay (newer wins)',
      title: `Write this node's latest export onto ${onto}; where both hold a write, the later-stamped value wins`,
    },
    {
      kind: 'replay-export',
      rule: 'replace-all',
      label: 'Restore export over leader',
      title: `Make this node's latest export the whole data of ${onto}: overwrite what it holds and delete the rest`,
      tone: 'danger',
    },
  ];
}

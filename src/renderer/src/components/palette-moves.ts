import type { NodeKind } from '../../../shared/lab-types';
import { systemOfLab } from '../../../shared/system-traits';
import { PROCESS_MOVES, type CandidateMove, type ClusterMoves, type NodeMove } from './palette-kit';
import { SYSTEM_VIEWS } from './system-views';

export type { CandidateMove, ClusterMove, NodeMove } from './palette-kit';

/** The palette of the system that has nodes of `kind`, if any. */
function paletteOf(kind: NodeKind) {
  const system = systemOfLab('', [kind]);
  return system ? SYSTEM_VIEWS[system].palette : undefined;
}

/**
 * The per-node moves for a node of this kind, grouped (a move and its undo
 * side by side): its system's (SystemViews.palette), else the process moves.
 */
export function movesFor(kind: NodeKind): NodeMove[][] {
  return paletteOf(kind)?.nodeMoves[kind] ?? PROCESS_MOVES;
}

/** Cluster-wide moves of every system, each offered when the lab has a node of its `whenKind`. */
export const CLUSTER_MOVES: readonly ClusterMoves[] = Object.values(SYSTEM_VIEWS).flatMap(
  (v) => v.palette.cluster ?? [],
);

/** The moves that name a node of this kind as the candidate for the leader role. */
export function candidateMovesFor(kind: NodeKind): readonly CandidateMove[] {
  return paletteOf(kind)?.candidates?.[kind] ?? [];
}

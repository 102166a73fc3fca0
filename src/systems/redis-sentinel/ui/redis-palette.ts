import {
  DECLARE,
  PAUSE_RESUME,
  STOP_START,
  replayMoves,
  type NodeMove,
  type SystemPalette,
} from '../../../renderer/src/components/palette-kit';

/** Redis data nodes: fences, process moves, demote, export, declare, replay (one button per conflict rule). */
const REDIS_MOVES: NodeMove[][] = [
  [
    {
      kind: 'isolate-clients',
      label: 'Isolate from clients',
      title: "Reject the node's client port for the workload clients (a network fence)",
      tone: 'fence',
    },
    {
      kind: 'unisolate-clients',
      label: 'Lift isolation',
      title: 'Let the workload clients reach the node again',
      tone: 'safe',
    },
  ],
  PAUSE_RESUME,
  STOP_START,
  [
    {
      kind: 'demote',
      label: 'Demote',
      title:
        'REPLICAOF the master the sentinels agree on: rejoins the node and wipes what it alone had',
      tone: 'danger',
    },
    {
      kind: 'export-keys',
      label: 'Export keys',
      title: 'Save the workload keys this node holds (before a rejoin wipes them)',
    },
    DECLARE,
  ],
  replayMoves('the master the sentinels agree on'),
];

/** Redis Sentinel's palette: the data nodes' moves; sentinels take the process moves. */
export const redisSentinelPalette: SystemPalette = { nodeMoves: { redis: REDIS_MOVES } };

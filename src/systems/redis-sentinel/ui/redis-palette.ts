import {
  DECLARE,
  PAUSE_RESUME,
  PROCESS_MOVES,
  STOP_START,
  replayMoves,
  type NodeMove,
  type SystemPalette,
} from '../../../renderer/src/components/palette-kit';

/** Fix a node's clock (after a clock-skew fault): one last step to the true time. */
const SYNC_CLOCK: NodeMove = {
  kind: 'sync-clock',
  label: 'Fix clock',
  title:
    "Step the node's clock to the true time and stop its time sources fighting (one last jump: a sentinel enters TILT once more, for 30 s)",
  tone: 'safe',
};

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
  [SYNC_CLOCK],
];

/** Redis Sentinel's palette: the data nodes' moves; sentinels the process moves and the clock. */
export const redisSentinelPalette: SystemPalette = {
  nodeMoves: { redis: REDIS_MOVES, sentinel: [...PROCESS_MOVES, [SYNC_CLOCK]] },
};

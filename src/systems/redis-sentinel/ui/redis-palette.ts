import {
  DECLARE,
  PAUSE_RESUME,
  STOP_START,
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
  [
    {
      kind: 'replay-export',
      rule: 'keep-authoritative',
      label: 'Replay export',
      title:
        "Write this node's latest export onto the agreed master: only keys the master lacks (its own values stay)",
      tone: 'safe',
    },
    {
      kind: 'replay-export',
      rule: 'keep-newer',
      label: 'Replay (newer wins)',
      title:
        "Write this node's latest export onto the agreed master; where both hold a key, the later-stamped value wins",
    },
    {
      kind: 'replay-export',
      rule: 'replace-all',
      label: 'Restore export over master',
      title:
        "Make this node's latest export the master's data: overwrite every key it holds and delete the master's other keys",
      tone: 'danger',
    },
  ],
];

/** Redis Sentinel's palette: the data nodes' moves; sentinels take the process moves. */
export const redisSentinelPalette: SystemPalette = { nodeMoves: { redis: REDIS_MOVES } };

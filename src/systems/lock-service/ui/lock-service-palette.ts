import {
  PAUSE_RESUME,
  STOP_START,
  type NodeMove,
  type SystemPalette,
} from '../../../renderer/src/components/palette-kit';

/** Storage's fencing check, on (the fix: stale tokens refused) and off. */
const FENCING_CHECK: NodeMove[] = [
  {
    kind: 'fencing-check',
    params: { key: 'on', fields: { on: true } },
    label: 'Turn fencing check on',
    title:
      "Storage refuses from now on any write whose fencing token is lower than the highest it has accepted (UPDATE dojo_fence SET check_on = true): a zombie's stale write is refused",
    tone: 'fence',
  },
  {
    kind: 'fencing-check',
    params: { key: 'off', fields: { on: false } },
    label: 'Turn fencing check off',
    title:
      'Storage takes every write again, whatever its token (UPDATE dojo_fence SET check_on = false): a zombie holder can overwrite the new holder',
    tone: 'danger',
  },
];

/**
 * The lock service's moves: storage's fencing check and the process moves;
 * etcd-1 the process moves only (the generic restart does not fit the
 * `lock` and `storage` kinds, see move-kinds.ts). The workers are workload
 * clients, not lab nodes: the palette does not list them.
 */
export const lockServicePalette: SystemPalette = {
  nodeMoves: {
    lock: [PAUSE_RESUME, STOP_START],
    storage: [FENCING_CHECK, PAUSE_RESUME, STOP_START],
  },
};

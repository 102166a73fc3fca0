import type { SystemTraits } from '../../../shared/system-traits';

/** The port the workload's clients use on a member: etcd's client port. */
export const ETCD_RAFT_CLIENT_PORTS = { raft: 2379 } as const;

/** etcd (Raft)'s words, units, labs and default tells (see SystemTraits). */
export const etcdRaftTraits: SystemTraits = {
  id: 'etcd-raft',
  name: 'etcd (Raft)',
  labIds: ['etcd-raft'],
  ownKinds: ['raft'],
  clientPorts: ETCD_RAFT_CLIENT_PORTS,
  nodeNames: [{ pattern: /^raft(-|\d|$)/, kind: 'raft' }],
  leaderWord: 'leader',
  runTextFallback: { newMaster: 'the new leader', staleLeader: 'the cut-off leader' },
  coordinators: 'the Raft election',
  ledger: 'writes',
  recordUnit: { one: 'key', many: 'keys' },
  dataNodeLabel: 'etcd member',
  shellHint: 'real shell: etcdctl, curl, ip, iptables',
  defaultTells: [
    'masters-claimed',
    'raft-terms',
    'raft-members',
    'raft-events',
    'writes-per-node',
    'ledger',
    'reachability',
  ],
  clientModes: ['pinned', 'multi-host'],
  healthy:
    'Exactly one member leads, every member follows it in the same term, their applied indexes move together, ' +
    'and every write is committed by a majority before the client hears OK.',
  noSplit:
    'No second member led in the same term and every acknowledged write was committed by a majority: {coordinators} kept one history, the history shows no split.',
  checkTitles: {
    'did-not-fence-new-master': 'The new leader was left alone',
    'final-health': 'The cluster was left whole',
  },
  eventLane: 'raft',
  splitKind: 'stale-leader',
  studio: { label: 'etcd (Raft consensus)', templateBase: 'minority-leader' },
};

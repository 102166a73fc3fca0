import type { SystemTraits } from '../../../shared/system-traits';

/** The ports the workload's clients use: PostgreSQL, and etcd's client port. */
export const PATRONI_CLIENT_PORTS = { postgres: 5432, etcd: 2379 } as const;

/** Patroni's words, units, labs and default tells (see SystemTraits). */
export const patroniTraits: SystemTraits = {
  id: 'patroni',
  name: 'Patroni',
  labIds: ['patroni'],
  ownKinds: ['postgres', 'etcd'],
  clientPorts: PATRONI_CLIENT_PORTS,
  nodeNames: [
    { pattern: /^etcd/, kind: 'etcd' },
    { pattern: /^(pg|postgres|patroni)(-|\d|$)/, kind: 'postgres' },
  ],
  leaderWord: 'primary',
  runTextFallback: { newMaster: 'the new primary', staleLeader: 'the old primary' },
  coordinators: "etcd's leader key",
  ledger: 'writes',
  recordUnit: { one: 'row', many: 'rows' },
  dataNodeLabel: 'PostgreSQL node',
  shellHint: 'real shell: patronictl, psql, ip, iptables',
  defaultTells: [
    'masters-claimed',
    'roles',
    'patroni-roles',
    'timelines',
    'lsn',
    'leader-key',
    'patroni-events',
    'writes-per-node',
    'ledger',
    'reachability',
  ],
  clientModes: ['pinned', 'multi-host'],
  healthy:
    'Exactly one PostgreSQL server runs as primary and holds the leader key, the others stream from it ' +
    'with little lag, and every app’s writes are committed.',
  noSplit:
    'No second master appeared and {coordinators} never moved away from {staleLeader}: the history shows no split.',
  checkTitles: {
    'did-not-fence-new-master': 'The new leader was left alone',
    'divergent-writes-saved': "The stale primary's divergent rows were saved",
  },
  eventLane: 'patroni',
  splitKind: 'stale-leader',
  studio: { label: 'Patroni (PostgreSQL + etcd)', templateBase: 'stale-primary' },
};

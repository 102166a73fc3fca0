import type { SystemTraits } from '../../../shared/system-traits';

/** The ports the lab's workers use: etcd's client port on etcd-1, PostgreSQL's on storage. */
export const LOCK_SERVICE_CLIENT_PORTS = { lock: 2379, storage: 5432 } as const;

/** The lock service's words, units, labs and default tells (see SystemTraits). */
export const lockServiceTraits: SystemTraits = {
  id: 'lock-service',
  name: 'Lock service (fencing tokens)',
  labIds: ['lock-service'],
  ownKinds: ['lock', 'storage'],
  clientPorts: LOCK_SERVICE_CLIENT_PORTS,
  nodeNames: [
    { pattern: /^etcd(-|\d|$)/, kind: 'lock' },
    { pattern: /^storage/, kind: 'storage' },
  ],
  leaderWord: 'lock holder',
  runTextFallback: {
    newMaster: 'the new lock holder',
    staleLeader: 'the worker that lost its lease',
  },
  coordinators: "etcd's lock",
  ledger: 'writes',
  recordUnit: { one: 'write', many: 'writes' },
  dataNodeLabel: 'storage',
  shellHint: 'real shell: psql on storage, etcdctl on etcd-1, ps, ip',
  defaultTells: ['lock-holder', 'fencing-tokens', 'lock-events', 'ledger'],
  clientModes: ['lock-worker'],
  healthy:
    'Exactly one worker holds the lock in etcd and writes with its token; storage refuses any write whose token is lower than the highest it has accepted.',
  noSplit:
    'No worker wrote after another had taken the lock with a higher token: {coordinators} had one holder at a time, the history shows no split.',
  checkTitles: {
    'stale-token-refused': 'No stale token got into storage',
    'config-fixed': 'Storage checks the fencing token',
    'final-health': 'The lock service was left whole',
  },
  eventLane: 'lock',
  splitKind: 'stale-leader',
  leadersAreClients: true,
  configCommands: /dojo_fence|check_on/i,
  studio: { label: 'Lock service (fencing tokens)', templateBase: 'zombie-lock-holder' },
};

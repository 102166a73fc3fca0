import type { SystemTraits } from '../../../shared/system-traits';

/** Redis Sentinel's words, units, labs and default tells (see SystemTraits). */
export const redisSentinelTraits: SystemTraits = {
  id: 'redis-sentinel',
  name: 'Redis Sentinel',
  labIds: ['redis-sentinel'],
  ownKinds: ['redis', 'sentinel'],
  clientPorts: { redis: 6379, sentinel: 26379 },
  nodeNames: [
    { pattern: /^sentinel/, kind: 'sentinel' },
    { pattern: /^redis(-|\d|$)/, kind: 'redis' },
  ],
  leaderWord: 'master',
  runTextFallback: { newMaster: 'the new master', staleLeader: 'the old master' },
  coordinators: 'the sentinels',
  ledger: 'writes',
  recordUnit: { one: 'key', many: 'keys' },
  dataNodeLabel: 'Redis node',
  shellHint: 'real shell: redis-cli, ip, iptables, ps',
  defaultTells: [
    'masters-claimed',
    'roles',
    'offsets',
    'replids',
    'sentinel-events',
    'epochs',
    'writes-per-node',
    'ledger',
    'reachability',
  ],
  clientModes: ['sentinel', 'pinned'],
  healthy:
    'Exactly one node says it is master, the others replicate from it with offsets close behind, ' +
    'the sentinels agree on who the master is, and every app’s writes are acknowledged.',
  noSplit:
    'No second master appeared and {coordinators} never moved away from {staleLeader}: the history shows no split.',
  checkTitles: {},
  eventLane: 'sentinel',
  splitKind: 'stale-leader',
  configCommands: /sentinel\s+set|config\s+set/i,
  sharedKeys: true,
  studio: { label: 'Redis Sentinel', templateBase: 'stale-leader' },
};

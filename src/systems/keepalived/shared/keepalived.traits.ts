import type { SystemTraits } from '../../../shared/system-traits';

/** keepalived's (VRRP) words, units, labs and default tells (see SystemTraits). */
export const keepalivedTraits: SystemTraits = {
  id: 'keepalived',
  name: 'keepalived',
  labIds: ['keepalived'],
  ownKinds: ['router', 'vip-client'],
  clientPorts: {},
  nodeNames: [
    { pattern: /^router(-|\d|$)/, kind: 'router' },
    { pattern: /^client$/, kind: 'vip-client' },
  ],
  leaderWord: 'MASTER',
  runTextFallback: { newMaster: 'the other router', staleLeader: 'the rogue router' },
  coordinators: 'the VRRP election',
  ledger: 'answers',
  recordUnit: { one: 'answer', many: 'answers' },
  dataNodeLabel: 'router',
  shellHint: 'real shell: ip, arping, iptables, curl',
  defaultTells: [
    'masters-claimed',
    'vrrp-states',
    'vip-holders',
    'arp-macs',
    'http-responders',
    'adverts',
    'keepalived-events',
    'writes-per-node',
    'ledger',
  ],
  clientModes: ['http-session', 'http-oneshot'],
  healthy:
    'Exactly one router is MASTER and holds the virtual IP, the other is BACKUP, the clients’ ARP entry ' +
    'for the VIP points at the MASTER’s MAC, and every request is answered.',
  noSplit:
    'No second router entered VRRP MASTER and the client never saw two MACs answer ARP for the VIP: the history shows no split.',
  checkTitles: {
    'stale-leader-stopped-writes': 'The wrong MASTER stopped answering',
    'did-not-fence-new-master': 'The right router was left alone',
    'final-health': 'The pair was left healthy',
  },
  eventLane: 'keepalived',
  splitKind: 'dual-master',
  studio: { label: 'keepalived (VRRP virtual IP)', templateBase: 'vrrp-dual-master' },
};

import { FENCE, NONE, REJOIN, type MoveKinds } from '../../../shared/move-kinds';

/**
 * Patroni's own moves: stop postgres under Patroni (a fence), maintenance
 * mode on and off (patronictl pause/resume, through any node whose Patroni
 * answers), switchover and failover to a candidate, reinit of a node.
 */
export const PATRONI_MOVE_KINDS = {
  'stop-postgres': { effect: FENCE, fits: ['postgres'] },
  'maintenance-on': {
    effect: NONE,
    fits: ['postgres'],
    clusterWide: true,
    describe: () => 'maintenance mode on (patronictl pause)',
  },
  'maintenance-off': {
    effect: NONE,
    fits: ['postgres'],
    clusterWide: true,
    describe: () => 'maintenance mode off (patronictl resume)',
  },
  switchover: {
    effect: NONE,
    fits: ['postgres'],
    describe: (a) => `switchover to ${a.candidate}`,
  },
  failover: { effect: NONE, fits: ['postgres'], describe: (a) => `failover to ${a.candidate}` },
  reinit: { effect: REJOIN, fits: ['postgres'] },
} satisfies Partial<MoveKinds>;

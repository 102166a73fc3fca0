import { startsNode, type FaultKinds } from '../../../shared/fault-kinds';

/**
 * Patroni's own fault kinds: kill -9 of the Patroni agent on a PostgreSQL
 * node (its wrapper starts it again with the container), and a manual
 * `pg_ctl promote` behind Patroni's back (optionally in maintenance mode,
 * which `maintenance-off` ends).
 */
export const PATRONI_FAULT_KINDS = {
  'kill-patroni': {
    systems: ['patroni'],
    dataNodeOnly: true,
    describe: (spec) => `kill -9 Patroni on ${spec.node}`,
    summary: (spec) => `Patroni killed on ${spec.node}`,
    settledBy: (action, spec) => startsNode(action, spec.node),
  },
  'manual-promote': {
    systems: ['patroni'],
    dataNodeOnly: true,
    describe: (spec) =>
      `${spec.maintenance ? 'maintenance mode, then ' : ''}pg_ctl promote on ${spec.node}`,
    summary: (spec) =>
      `manual promote of ${spec.node}${spec.maintenance ? ' (maintenance on)' : ''}`,
    settledBy: (action) => action.kind === 'maintenance-off',
  },
} satisfies Partial<FaultKinds>;

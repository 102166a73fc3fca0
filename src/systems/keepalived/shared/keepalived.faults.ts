import { startsNode, type FaultKinds, type FaultSpecOf } from '../../../shared/fault-kinds';

/** The VRRP settings a vrrp-config fault changes, e.g. `virtual_router_id 52`. */
export function vrrpChanges(spec: FaultSpecOf<'vrrp-config'>): string {
  const parts = [
    spec.virtualRouterId !== undefined ? `virtual_router_id ${spec.virtualRouterId}` : '',
    spec.authPass !== undefined
      ? spec.authPass === null
        ? 'no authentication'
        : `auth_pass ${spec.authPass}`
      : '',
    spec.priority !== undefined ? `priority ${spec.priority}` : '',
  ].filter(Boolean);
  return parts.join(', ') || 'no change';
}

/**
 * keepalived's own fault kinds: VRRP adverts dropped on routers (iptables
 * rules in each router's namespace), kill -9 of keepalived on a router
 * (starting keepalived or the router again ends it), and a bad VRRP config
 * pushed to a router.
 */
export const KEEPALIVED_FAULT_KINDS = {
  'block-vrrp': {
    systems: ['keepalived'],
    describe: (spec) =>
      `drop VRRP adverts on ${spec.nodes.join(', ')} (${spec.direction === 'both' ? 'in and out' : spec.direction})`,
    summary: (spec) =>
      `VRRP dropped on ${spec.nodes.join(' ')}${spec.direction === 'both' ? '' : ` (${spec.direction})`}`,
    livesOn: (spec, node) => spec.nodes.includes(node),
  },
  'kill-keepalived': {
    systems: ['keepalived'],
    dataNodeOnly: true,
    describe: (spec) => `kill -9 keepalived on ${spec.node}`,
    summary: (spec) => `keepalived killed on ${spec.node}`,
    settledBy: (action, spec) =>
      startsNode(action, spec.node) ||
      ((action.kind === 'start-keepalived' || action.kind === 'restart-keepalived') &&
        action.node === spec.node),
  },
  'vrrp-config': {
    systems: ['keepalived'],
    dataNodeOnly: true,
    describe: (spec) => `push a bad VRRP config to ${spec.node} (${vrrpChanges(spec)})`,
    summary: (spec) => `bad VRRP config on ${spec.node}`,
  },
} satisfies Partial<FaultKinds>;

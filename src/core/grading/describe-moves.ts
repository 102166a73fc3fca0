import type { Action, FaultSpec } from '../../shared/scenario-schema';

/**
 * Faults and actions in a few words, for the checks' sentences, the timeline
 * and the debrief. Pure.
 */

/** A fault spec in a few words, e.g. `redis-1, app-pinned | redis-2, ... (both ways)`. */
export function describeFault(spec: FaultSpec): string {
  const lasting = spec.duration ? ` for ${spec.duration}` : '';
  if (spec.kind === 'pause') return `freeze ${spec.node}${lasting}`;
  if (spec.kind === 'kill-patroni') return `kill -9 Patroni on ${spec.node}${lasting}`;
  if (spec.kind === 'manual-promote')
    return `${spec.maintenance ? 'maintenance mode, then ' : ''}pg_ctl promote on ${spec.node}${lasting}`;
  if (spec.kind === 'block-vrrp') {
    const dir = spec.direction === 'both' ? 'in and out' : spec.direction;
    return `drop VRRP adverts on ${spec.nodes.join(', ')} (${dir})${lasting}`;
  }
  if (spec.kind === 'kill-keepalived') return `kill -9 keepalived on ${spec.node}${lasting}`;
  if (spec.kind === 'stop-node') return `stop ${spec.node}${lasting}`;
  if (spec.kind === 'vrrp-config')
    return `push a bad VRRP config to ${spec.node} (${vrrpChanges(spec)})${lasting}`;
  const groups = spec.groups.map((g) => g.join(', ')).join(' | ');
  const dir =
    spec.direction === 'both' ? 'both ways' : `${spec.direction} only, seen from the first group`;
  return `partition ${groups} (${dir})${spec.duration ? ` for ${spec.duration}` : ''}`;
}

/** The VRRP settings a vrrp-config fault changes, e.g. `virtual_router_id 52`. */
export function vrrpChanges(spec: Extract<FaultSpec, { kind: 'vrrp-config' }>): string {
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

/** An action in a few words, e.g. `isolate-clients redis-1`. */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'console':
      return `console ${action.node}: ${action.command}`;
    case 'heal':
      return action.fault ? `heal ${action.fault}` : 'heal all faults';
    case 'trigger-fault':
      return `trigger ${action.fault}`;
    case 'end':
      return 'end the scenario';
    case 'maintenance-on':
      return 'maintenance mode on (patronictl pause)';
    case 'maintenance-off':
      return 'maintenance mode off (patronictl resume)';
    case 'switchover':
    case 'failover':
      return `${action.kind} to ${action.candidate}`;
    default:
      return `${action.kind} ${action.node}`;
  }
}

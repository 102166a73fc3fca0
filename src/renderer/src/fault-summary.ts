import type { FaultSpec } from '../../shared/scenario-schema';

/** What a fault does, in a few words, e.g. `partition redis-1 | redis-2 redis-3`. */
export function faultSummary(spec: FaultSpec): string {
  switch (spec.kind) {
    case 'partition': {
      const arrow = spec.direction === 'inbound' ? '←' : spec.direction === 'outbound' ? '→' : '|';
      return `partition ${spec.groups.map((g) => g.join(' ')).join(` ${arrow} `)}`;
    }
    case 'pause':
      return `${spec.node} paused`;
    case 'kill-patroni':
      return `Patroni killed on ${spec.node}`;
    case 'manual-promote':
      return `manual promote of ${spec.node}${spec.maintenance ? ' (maintenance on)' : ''}`;
    case 'block-vrrp':
      return `VRRP dropped on ${spec.nodes.join(' ')}${spec.direction === 'both' ? '' : ` (${spec.direction})`}`;
    case 'kill-keepalived':
      return `keepalived killed on ${spec.node}`;
    case 'vrrp-config':
      return `bad VRRP config on ${spec.node}`;
    case 'stop-node':
      return `${spec.node} stopped`;
  }
}

import type { FaultSpec } from '../../shared/scenario-schema';
import { injectBlockVrrp } from '../../systems/keepalived/engine/faults/block-vrrp.fault';
import type { ActiveFault, FaultContext } from './fault-types';
import { injectKillKeepalived } from '../../systems/keepalived/engine/faults/kill-keepalived.fault';
import { injectKillPatroni } from '../../systems/patroni/engine/faults/kill-patroni.fault';
import { injectManualPromote } from '../../systems/patroni/engine/faults/manual-promote.fault';
import { injectPartition } from './partition.fault';
import { injectPause } from './pause.fault';
import { injectStopNode } from './stop-node.fault';
import { injectVrrpConfig } from '../../systems/keepalived/engine/faults/vrrp-config.fault';

/** Injects any fault of a scenario; the returned handle reverts it. Throws when it cannot be put in place. */
export function injectFault(ctx: FaultContext, spec: FaultSpec): Promise<ActiveFault> {
  switch (spec.kind) {
    case 'partition':
      return injectPartition(ctx, spec);
    case 'pause':
      return injectPause(ctx, spec);
    case 'kill-patroni':
      return injectKillPatroni(ctx, spec);
    case 'manual-promote':
      return injectManualPromote(ctx, spec);
    case 'block-vrrp':
      return injectBlockVrrp(ctx, spec);
    case 'kill-keepalived':
      return injectKillKeepalived(ctx, spec);
    case 'vrrp-config':
      return injectVrrpConfig(ctx, spec);
    case 'stop-node':
      return injectStopNode(ctx, spec);
  }
}

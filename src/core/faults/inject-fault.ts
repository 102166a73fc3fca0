import type { FaultSpec } from '../../shared/scenario-schema';
import type { ActiveFault, FaultContext } from './fault-types';
import { injectKillPatroni } from './kill-patroni.fault';
import { injectManualPromote } from './manual-promote.fault';
import { injectPartition } from './partition.fault';
import { injectPause } from './pause.fault';

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
  }
}

import { injectDegrade } from './degrade.fault';
import type { FaultSpec } from '../../shared/scenario-schema';
import { systemEngines } from '../systems/scenario-systems';
import type { ActiveFault, FaultContext, FaultInjector, FaultInjectors } from './fault-types';
import { injectPartition } from './partition.fault';
import { injectPause } from './pause.fault';
import { injectStopNode } from './stop-node.fault';

/** The injectors of the fault kinds every system has (see GENERIC_FAULT_KINDS). */
export const GENERIC_FAULT_INJECTORS: FaultInjectors = {
  partition: injectPartition,
  pause: injectPause,
  degrade: injectDegrade,
  'stop-node': injectStopNode,
};

/**
 * The injector of `kind`: a generic one, else the one system engine that
 * defines it (SystemEngine.faults). Throws, naming it, for a kind nobody injects.
 */
export function faultInjector<K extends FaultSpec['kind']>(
  kind: K,
): FaultInjector<Extract<FaultSpec, { kind: K }>> {
  const found =
    GENERIC_FAULT_INJECTORS[kind] ?? systemEngines().find((e) => e.faults[kind])?.faults[kind];
  if (!found) throw new Error(`no engine injects a ${kind} fault`);
  return found;
}

/** Injects any fault of a scenario; the returned handle reverts it. Throws when it cannot be put in place. */
export function injectFault(ctx: FaultContext, spec: FaultSpec): Promise<ActiveFault> {
  const inject: FaultInjector<FaultSpec> = faultInjector<FaultSpec['kind']>(spec.kind);
  return inject(ctx, spec);
}

import type { Action } from '../../shared/scenario-schema';

export { describeFault } from '../../shared/fault-registry';

/**
 * Faults and actions in a few words, for the checks' sentences, the timeline
 * and the debrief. Pure.
 */

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

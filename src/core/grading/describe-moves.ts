export { describeFault } from '../../shared/fault-registry';
export { describeAction } from '../../shared/move-registry';

/**
 * Faults and actions in a few words, for the checks' sentences, the timeline
 * and the debrief. Pure.
 */

import type { Scenario } from '../../shared/scenario-schema';

/** The scenario with every timed fault waiting for an instructor's trigger. */
export function heldFaults(scenario: Scenario): Scenario {
  return {
    ...scenario,
    faults: scenario.faults.map((f) => ({ ...f, at: { trigger: 'instructor' } })),
  };
}

import type { Scenario, ScenarioInput } from '../../../../shared/scenario-schema';
import type { WriteRecord } from '../../../../shared/scenario-types';
import { T0, testScenario } from '../../../../core/testing/test-history';

/**
 * The lock-service scenario the grading and debrief tests play: worker-1
 * frozen 5 s after the start past its 5 s lease, the tell etcd moving the
 * lock, the reference turning storage's check on. `over` replaces fields
 * (the checks, the card).
 */
export function lockTestScenario(over: Partial<ScenarioInput> = {}): Scenario {
  return testScenario({
    id: 'test-zombie-lock',
    system: 'lock-service',
    lab: { settings: { leaseTtlSeconds: 5 } },
    faults: [
      {
        id: 'freeze-worker-1',
        kind: 'pause',
        node: 'worker-1',
        at: { after: '5s' },
        duration: '10s',
      },
    ],
    staleLeader: 'worker-1',
    tells: ['lock-holder', 'fencing-tokens'],
    grading: {
      passMark: 70,
      splitTells: ['sentinels-moved'],
      checks: [{ check: 'stale-token-refused', weight: 100, required: true }],
    },
    reference: [
      {
        since: 'freeze-worker-1',
        after: '1s',
        do: { kind: 'fencing-check', node: 'storage', on: true },
      },
    ],
    ...over,
  });
}

/**
 * One write of `client` to storage with `token` (none: a write without one),
 * sent `at` ms after the start and done 5 ms later (1 s later for a timeout).
 */
export function lockWrite(
  client: string,
  seq: number,
  at: number,
  token: number | undefined,
  outcome: WriteRecord['outcome'] = 'ack',
  error?: string,
): WriteRecord {
  return {
    client,
    seq,
    key: `dojo:lock:${client}:${seq}`,
    node: 'storage',
    sentAt: T0 + at,
    doneAt: T0 + at + (outcome === 'timeout' ? 1000 : 5),
    outcome,
    ...(token !== undefined ? { token } : {}),
    ...(error ? { error } : {}),
  };
}

import type { RunEventBody } from '../../shared/run-events';
import type { ContainerEvent } from '../runtime/container-runtime';

type NodeEventBody = Extract<RunEventBody, { kind: 'node' }>;

/** The Docker container actions a run's history records, and how it names them. */
const NODE_STATES: Readonly<Record<string, NodeEventBody['state']>> = {
  start: 'started',
  unpause: 'unpaused',
  pause: 'paused',
  die: 'died',
  destroy: 'removed',
};

/**
 * The history event of a lab node's container event, or undefined for the
 * actions the history does not record. An exit the app caused on purpose
 * (`intentional`: the lab being stopped, the workload ending, a stop move)
 * reads `stopped`, with what stopped it; any other exit reads `died`, with
 * its exit code.
 */
export function nodeEventOf(
  e: ContainerEvent,
  node: string,
  intentional?: string,
): NodeEventBody | undefined {
  const state = NODE_STATES[e.action];
  if (!state) return undefined;
  const code = e.exitCode !== undefined ? `exit code ${e.exitCode}` : undefined;
  if (state === 'died' && intentional !== undefined)
    return { kind: 'node', node, state: 'stopped', detail: intentional };
  if (state === 'died' && code) return { kind: 'node', node, state, detail: code };
  return { kind: 'node', node, state };
}

/** How long a announced stop waits for its container's exit before it no longer counts. */
export const EXPECTED_STOP_MS = 60_000;

/**
 * Stops the app announced before it made them (a stop move, the workload's
 * end): the next exit of that node's container within EXPECTED_STOP_MS is
 * intentional, with the reason given.
 */
export class ExpectedStops {
  private readonly expected = new Map<string, { reason: string; until: number }>();

  /** The next exit of `node` is the app's doing (`reason`, e.g. `stop move`). */
  expect(node: string, reason: string, now = Date.now()): void {
    this.expected.set(node, { reason, until: now + EXPECTED_STOP_MS });
  }

  /** The reason of an announced stop of `node` that has not expired (consumed), else undefined. */
  take(node: string, now = Date.now()): string | undefined {
    const entry = this.expected.get(node);
    if (!entry) return undefined;
    this.expected.delete(node);
    return entry.until >= now ? entry.reason : undefined;
  }
}

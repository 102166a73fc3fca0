import type { PatroniLogEvent } from '../../../../shared/scenario-types';
import type { ContainerRuntime } from '../../../../core/runtime/container-runtime';
import {
  followContainerLines,
  type FollowedNode,
  type LogFollow,
} from '../../../../core/probes/container-log-follow';

/** One Patroni log line that marks a role change, attributed to its node. */
export interface PatroniLogLine {
  node: string;
  event: PatroniLogEvent;
  /** The line without its timestamp, e.g. `INFO: promoted self to leader by acquiring session lock`. */
  line: string;
  /** When the engine read it, ms since epoch. */
  t: number;
}

/** Patterns in Patroni 3.0's log (ha.py), checked in order: the first match names the event. */
const PATTERNS: readonly [PatroniLogEvent, RegExp][] = [
  ['promoted', /promoted self to leader|acquired session lock as a leader/i],
  ['demoting', /demot(?:ing|ed) self/i],
  ['rewind', /pg_rewind|rewind/i],
  ['lock-lost', /not (?:the )?owner of the (?:session )?lock|could not take out ttl lock/i],
  [
    'dcs-unreachable',
    /DCS is not accessible|error communicating with DCS|failed to update leader lock/i,
  ],
  ['no-action-paused', /^(?:INFO: )?PAUSE: no action/i],
  ['following', /following (?:a|new) leader/i],
];

/** `2026-11-23 10:00:00,123 INFO: x` -> `INFO: x`. */
function stripTimestamp(line: string): string {
  return line.replace(/^\d{4}-\d\d-\d\d[ T][\d:,.]+\s+/, '').trim();
}

/**
 * The event a Patroni log line announces, or undefined for routine lines
 * (`no action. I am (pg-1), the leader with the lock`, `Lock owner: ...`). Pure.
 */
export function classifyPatroniLine(
  raw: string,
): { event: PatroniLogEvent; line: string } | undefined {
  const line = stripTimestamp(raw);
  for (const [event, re] of PATTERNS) if (re.test(line)) return { event, line };
  return undefined;
}

/**
 * Drops repeats: Patroni logs the same state every loop (`PAUSE: no action`,
 * `following a leader (pg-1)`), so a node's line is passed on only when it
 * differs from that node's previous classified line.
 */
export function repeatFilter(): (node: string, line: string) => boolean {
  const last = new Map<string, string>();
  return (node, line) => {
    if (last.get(node) === line) return false;
    last.set(node, line);
    return true;
  };
}

/** A running follow of several nodes' logs. */
export type PatroniLogFollow = LogFollow;

/**
 * Follows the Patroni log (the container's output, where the image's wrapper
 * tees it) of each node from now on and reports the lines that mark a role
 * change (see followContainerLines: a restarted node is followed again).
 */
export function followPatroniLogs(
  runtime: ContainerRuntime,
  nodes: readonly FollowedNode[],
  onLine: (l: PatroniLogLine) => void,
  retryMs = 1000,
): PatroniLogFollow {
  const fresh = repeatFilter();
  return followContainerLines(
    runtime,
    nodes,
    (node, raw, t) => {
      const hit = classifyPatroniLine(raw);
      if (hit && fresh(node, hit.line)) onLine({ node, ...hit, t });
    },
    retryMs,
  );
}

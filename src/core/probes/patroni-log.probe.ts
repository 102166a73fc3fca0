import type { Readable } from 'node:stream';
import type { PatroniLogEvent } from '../../shared/scenario-types';
import type { ContainerRuntime } from '../runtime/container-runtime';

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
export interface PatroniLogFollow {
  close(): void;
}

/**
 * Follows the Patroni log (the container's output, where the image's wrapper
 * tees it) of each node from now on and reports the lines that mark a role
 * change. A node whose container stops ends its stream; the follow reopens it
 * every `retryMs` from the last line seen, so a restarted node is followed again.
 */
export function followPatroniLogs(
  runtime: ContainerRuntime,
  nodes: readonly { name: string; containerId: string }[],
  onLine: (l: PatroniLogLine) => void,
  retryMs = 1000,
): PatroniLogFollow {
  let closed = false;
  const streams = new Set<Readable>();
  const fresh = repeatFilter();
  const follow = async (node: { name: string; containerId: string }, sinceMs: number) => {
    let seen = sinceMs;
    while (!closed) {
      try {
        const stream = await runtime.logs(node.containerId, { follow: true, sinceMs: seen });
        streams.add(stream);
        for await (const chunk of stream) {
          if (closed) break;
          seen = Date.now();
          const hit = classifyPatroniLine(String(chunk));
          if (hit && fresh(node.name, hit.line)) onLine({ node: node.name, ...hit, t: seen });
        }
        streams.delete(stream);
      } catch {
        // The container is gone or Docker hiccuped: try again shortly.
      }
      if (!closed) await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  const now = Date.now();
  for (const n of nodes) void follow(n, now);
  return {
    close() {
      closed = true;
      for (const s of streams) s.destroy();
      streams.clear();
    },
  };
}
